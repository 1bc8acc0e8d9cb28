/**
 * The Portcullis configuration model: an immutable {@link dev.portcullis.auth.config.AuthConfig}
 * built by a strict builder that reports every problem at once in one
 * {@link dev.portcullis.auth.config.ConfigException}.
 *
 * <p>{@link dev.portcullis.auth.config.AuthConfigLoader} reads the same model from a {@code
 * .properties} file, {@code PORTCULLIS_} environment variables and {@code portcullis.} system
 * properties. No hashing happens here: the config describes what the engine in {@code auth-core}
 * must do, and refuses a description that is incomplete or unsafe. (The JDK's HMAC is used only
 * to fingerprint secrets without revealing them.)
 */
@NullMarked
package dev.portcullis.auth.config;

import org.jspecify.annotations.NullMarked;
