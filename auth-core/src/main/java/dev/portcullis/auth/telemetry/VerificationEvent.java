package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One verification, as telemetry sees it: never a password, hash or salt, and no username unless
 * the config opts in to a keyed hash of it.
 *
 * @param time when it finished
 * @param outcome how it ended
 * @param duration how long it took on the caller's thread
 * @param scheme the scheme of the stored hash ({@code argon2id}, ...); {@code -} when no hash was
 *     read, {@code unsupported} when no hasher knows it
 * @param pepperKeyId the pepper key id the stored hash names, or null
 * @param storeId the credential store's id
 * @param configFingerprint the fingerprint of the config that decided
 * @param rehashed whether the stored hash was upgraded to the live policy
 * @param cause why, for SYSTEM outcomes (parameter names and numbers, never a secret); empty
 *     otherwise
 * @param usernameHash HMAC-SHA-256 of the username under the configured key (hex, 16 bytes), or
 *     null when not configured
 */
public record VerificationEvent(
    Instant time,
    Outcome outcome,
    Duration duration,
    String scheme,
    @Nullable String pepperKeyId,
    String storeId,
    String configFingerprint,
    boolean rehashed,
    String cause,
    @Nullable String usernameHash) {

  /**
   * Creates the event.
   *
   * @throws NullPointerException if a non-nullable argument is null
   */
  public VerificationEvent {
    requireNonNull(time, "time");
    requireNonNull(outcome, "outcome");
    requireNonNull(duration, "duration");
    requireNonNull(scheme, "scheme");
    requireNonNull(storeId, "storeId");
    requireNonNull(configFingerprint, "configFingerprint");
    requireNonNull(cause, "cause");
  }

  /** The outcome's category. */
  public Outcome.Category category() {
    return outcome.category();
  }

  /** The pepper key id, if the stored hash names one. */
  public Optional<String> pepperKey() {
    return Optional.ofNullable(pepperKeyId);
  }

  /** The keyed username hash, if configured. */
  public Optional<String> username() {
    return Optional.ofNullable(usernameHash);
  }
}
