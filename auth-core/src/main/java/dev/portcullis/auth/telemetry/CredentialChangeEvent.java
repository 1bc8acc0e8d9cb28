package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A password was stored for a user: enrolled, reset, or changed by the user. OWASP ASVS asks that
 * users be notified of changes to their credentials; this event is how a service learns of each
 * one, whichever code path made it.
 *
 * <p>Like every telemetry event it never holds a password or hash, and no username unless the
 * config opts in to a keyed hash of it ({@code telemetry.username-hash-key}); a service that
 * notifies users by name does so from the {@code PasswordChangeResult} of its own call, or
 * matches the keyed hash.
 *
 * @param time when the new password was stored
 * @param kind how it came to be stored
 * @param storeId the credential store's id
 * @param configFingerprint the fingerprint of the config under which it was hashed
 * @param usernameHash HMAC-SHA-256 of the username under the configured key (hex, 16 bytes), or
 *     null when not configured
 */
public record CredentialChangeEvent(
    Instant time,
    Kind kind,
    String storeId,
    String configFingerprint,
    @Nullable String usernameHash) {

  /** How a password came to be stored. */
  public enum Kind {
    /** {@code setPassword} for a user who had no credential: an enrollment. */
    CREATED,
    /** {@code setPassword} replaced a user's password without their current one: a reset. */
    RESET,
    /** {@code changePassword}: the user changed it, proving the current one. */
    CHANGED
  }

  /**
   * Creates the event.
   *
   * @throws NullPointerException if a non-nullable argument is null
   */
  public CredentialChangeEvent {
    requireNonNull(time, "time");
    requireNonNull(kind, "kind");
    requireNonNull(storeId, "storeId");
    requireNonNull(configFingerprint, "configFingerprint");
  }

  /** The keyed username hash, if configured. */
  public Optional<String> username() {
    return Optional.ofNullable(usernameHash);
  }
}
