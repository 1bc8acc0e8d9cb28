/**
 * What plug-in authors implement: {@link dev.portcullis.auth.spi.PasswordHasher} for a hashing
 * scheme and {@link dev.portcullis.auth.spi.CredentialStore} for where users live, with the
 * strict {@link dev.portcullis.auth.spi.PhcString} codec they can use to read and write encoded
 * hashes.
 */
@NullMarked
package dev.portcullis.auth.spi;

import org.jspecify.annotations.NullMarked;
