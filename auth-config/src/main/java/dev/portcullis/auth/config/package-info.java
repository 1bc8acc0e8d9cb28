/**
 * The Portcullis configuration model: an immutable {@link dev.portcullis.auth.config.AuthConfig}
 * built by a strict builder that reports every problem at once in one
 * {@link dev.portcullis.auth.config.ConfigException}.
 *
 * <p>This package holds no cryptography: it describes what the engine in {@code auth-core} must
 * do, and refuses a description that is incomplete or unsafe.
 */
@NullMarked
package dev.portcullis.auth.config;

import org.jspecify.annotations.NullMarked;
