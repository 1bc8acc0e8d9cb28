package dev.portcullis.auth.telemetry;

import dev.portcullis.auth.Outcome;
import java.util.Map;

/**
 * Counts since an authenticator was created, without any metrics library: one per outcome, a
 * latency distribution, what happened to rehash-on-login writes, and the health of the telemetry
 * plumbing itself. A snapshot; values do not change after it is taken.
 *
 * @param outcomes verifications per outcome, every outcome present
 * @param latency verification latencies
 * @param rehashWritten rehashes written to the store
 * @param rehashConflicts rehashes not written because the stored hash had changed (a concurrent
 *     login or password change won)
 * @param rehashSkipped rehashes not attempted because another login of the same user was already
 *     rehashing
 * @param rehashFailed rehashes that failed (store or hasher error); the logins still succeeded
 * @param listenerFailures exceptions thrown by listeners (isolated: verification went on)
 * @param listenerEventsDropped events not delivered because the listener queue was full
 * @param warningsSuppressed WARN lines for SYSTEM outcomes held back by the rate limit
 * @param anomaliesRaised anomalies raised by the spike detector
 * @param admissionInFlightKib Argon2 memory admitted and in use now, in KiB
 * @param admissionQueueLength hashes waiting for room in the memory budget now
 * @param cacheHits verifications answered by the verification cache
 * @param cacheMisses verifications the cache could not answer (when it is enabled)
 * @param cacheSize users in the verification cache now (an estimate)
 * @param throttleResetFailures successful logins whose failure counters could not be reset (the
 *     shared throttle state was unreachable); the logins still succeeded
 */
public record VerificationMetrics(
    Map<Outcome, Long> outcomes,
    LatencyHistogram latency,
    long rehashWritten,
    long rehashConflicts,
    long rehashSkipped,
    long rehashFailed,
    long listenerFailures,
    long listenerEventsDropped,
    long warningsSuppressed,
    long anomaliesRaised,
    long admissionInFlightKib,
    long admissionQueueLength,
    long cacheHits,
    long cacheMisses,
    long cacheSize,
    long throttleResetFailures) {

  /** Copies the map. */
  public VerificationMetrics {
    outcomes = Map.copyOf(outcomes);
  }

  /** Verifications that ended in {@code outcome}. */
  public long count(Outcome outcome) {
    Long count = outcomes.get(outcome);
    return count == null ? 0 : count;
  }
}
