package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link Authenticator#verify}: whether the credential was accepted and, for logs
 * and metrics, the precise {@link Outcome}.
 *
 * <p>{@link #toString()} shows the outcome only: usernames are kept out of logs unless the
 * service decides otherwise.
 */
public final class VerificationResult {
  private final Outcome outcome;
  private final String username;
  private final @Nullable Duration retryAfter;

  private VerificationResult(Outcome outcome, String username, @Nullable Duration retryAfter) {
    this.outcome = requireNonNull(outcome, "outcome");
    this.username = requireNonNull(username, "username");
    this.retryAfter = retryAfter;
  }

  /**
   * A result without a retry hint.
   *
   * @throws NullPointerException if an argument is null
   */
  public static VerificationResult of(Outcome outcome, String username) {
    return new VerificationResult(outcome, username, null);
  }

  /**
   * A throttled result telling the caller when to retry.
   *
   * @throws NullPointerException if an argument is null
   */
  public static VerificationResult throttled(String username, Duration retryAfter) {
    return new VerificationResult(
        Outcome.THROTTLED, username, requireNonNull(retryAfter, "retryAfter"));
  }

  /** True only for {@link Outcome#SUCCESS}. */
  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }

  /** The precise outcome, for logs and metrics; never show it to the end user. */
  public Outcome outcome() {
    return outcome;
  }

  /** The username as submitted. */
  public String username() {
    return username;
  }

  /** When a throttled caller may try again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public String toString() {
    return "VerificationResult[outcome=" + outcome + "]";
  }
}
