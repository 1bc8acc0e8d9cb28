package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The store calls of an authenticator as a readiness probe sees them: how many are running, how
 * many of those are past their deadline (stuck in a driver: their callers have already been
 * answered {@code STORE_UNAVAILABLE}) and for how long the oldest has been running.
 *
 * @param inFlight store calls running now, overdue ones included
 * @param overdue store calls running past their deadline ({@code store.call-timeout-millis})
 * @param oldestOverdue how long the oldest overdue call has been running; zero if none is
 * @param timedOut calls given up at their deadline since creation
 * @param rejected calls refused at once since creation because every helper was busy ({@code
 *     store.max-calls-in-flight})
 */
public record StoreCallHealth(
    int inFlight, int overdue, Duration oldestOverdue, long timedOut, long rejected) {

  /** No call in flight, none ever timed out or refused. */
  public static final StoreCallHealth IDLE = new StoreCallHealth(0, 0, Duration.ZERO, 0, 0);

  /**
   * Checks the counts.
   *
   * @throws NullPointerException if oldestOverdue is null
   * @throws IllegalArgumentException if a count is negative, or more calls are overdue than run
   */
  public StoreCallHealth {
    requireNonNull(oldestOverdue, "oldestOverdue");
    if (inFlight < 0 || overdue < 0 || overdue > inFlight || timedOut < 0 || rejected < 0) {
      throw new IllegalArgumentException("store call counts must be non-negative, overdue <= inFlight");
    }
  }
}
