/**
 * Verify-only hashers for the schemes teams migrate from: bcrypt ({@code $2a$}, {@code $2b$},
 * {@code $2y$}), Django ({@code pbkdf2_sha256}, {@code pbkdf2_sha1}, {@code argon2}, {@code
 * bcrypt_sha256}), Spring Security's {@code {id}} prefixes and sha-crypt ({@code $5$}, {@code
 * $6$}). Each verifies exactly as the tool that wrote the hash does, with every cost capped before
 * any work, and never writes: {@code supports} is false, {@code hash} throws and {@code
 * needsRehash} is always true, so the engine rewrites a legacy hash under the live policy on the
 * next successful login. None is registered unless asked for: see {@code
 * PasswordHashers.withLegacySchemes}.
 */
@NullMarked
package dev.portcullis.auth.hashers.legacy;

import org.jspecify.annotations.NullMarked;
