package dev.portcullis.auth.spi;

import java.util.Optional;

/**
 * Consecutive-failure counters kept where several service instances see them, so that they
 * enforce one throttling limit per account ({@code throttle.shared-state = store}). A credential
 * store that supports this implements it too; the engine derives delays from the count and the
 * time of the last failure, so the store only counts.
 *
 * <p>Keys are opaque strings of at most 600 characters built by the engine (an account, or an
 * account and a source). Implementations must be thread-safe and make {@link #recordFailure} and
 * {@link #refund} atomic across instances (for a database, one statement each). Every infrastructure
 * failure is a {@link StoreException}: the engine then fails closed with {@code
 * STORE_UNAVAILABLE}.
 */
public interface SharedThrottleState {

  /**
   * A key's consecutive failures and when the last one happened.
   *
   * @param failures consecutive failures, at least 1
   * @param lastFailureMillis epoch milliseconds of the last failure
   */
  record FailureCount(int failures, long lastFailureMillis) {}

  /**
   * Adds one failure to {@code key}, atomically; a count whose last failure is before {@code
   * expiredBeforeMillis} restarts at 1.
   *
   * @return the count after this failure
   * @throws StoreException if the store cannot answer
   */
  int recordFailure(String key, long nowMillis, long expiredBeforeMillis);

  /**
   * The count of {@code key}, if any failure is recorded (an expired one may be returned: the
   * caller compares its time).
   *
   * @throws StoreException if the store cannot answer
   */
  Optional<FailureCount> failures(String key);

  /**
   * Takes back one failure from {@code key}, atomically, if it has any; the time of the last
   * failure stays as it is. The engine charges every attempt as a failure before hashing and
   * refunds the charge when the attempt turns out not to be one. A count refunded to zero is as if
   * none were recorded: {@link #failures} returns empty for it.
   *
   * @throws StoreException if the store cannot answer
   */
  void refund(String key);

  /**
   * Forgets {@code key}'s failures (after a successful login).
   *
   * @throws StoreException if the store cannot answer
   */
  void reset(String key);
}
