/**
 * The password policy applied when a password is set or changed (NIST SP 800-63B, OWASP ASVS 5.0
 * V6.2): {@link dev.portcullis.auth.password.PasswordPolicyChecker} checks a new password against
 * the configured minimum length, the engine's input limit and a blocklist, which is the common
 * passwords in {@link dev.portcullis.auth.password.CommonPasswords}, the username, the
 * deployment's context words, and repetitive or sequential strings.
 *
 * <p>{@link dev.portcullis.auth.Authenticator#setPassword} and {@link
 * dev.portcullis.auth.Authenticator#changePassword} apply it; a service may also call the checker
 * directly, for example to tell a user about a weak password while they type it, without hashing.
 */
@NullMarked
package dev.portcullis.auth.password;

import org.jspecify.annotations.NullMarked;
