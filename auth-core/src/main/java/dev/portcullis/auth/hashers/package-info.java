/**
 * The built-in password hashers: Argon2 on native libsodium and libargon2, and PBKDF2-HMAC on the
 * JDK. Each can be used on its own, like any {@link dev.portcullis.auth.spi.PasswordHasher}.
 */
@NullMarked
package dev.portcullis.auth.hashers;

import org.jspecify.annotations.NullMarked;
