package dev.portcullis.auth;

import java.util.Map;

/**
 * Counts since an authenticator was created: one per outcome, and what happened to
 * rehash-on-login writes. A snapshot; values do not change after it is taken.
 *
 * @param outcomes verifications per outcome, every outcome present
 * @param rehashWritten rehashes written to the store
 * @param rehashConflicts rehashes not written because the stored hash had changed (a concurrent
 *     login or password change won)
 * @param rehashSkipped rehashes not attempted because another login of the same user was already
 *     rehashing
 * @param rehashFailed rehashes that failed (store or hasher error); the logins still succeeded
 */
public record VerificationStatistics(
    Map<Outcome, Long> outcomes,
    long rehashWritten,
    long rehashConflicts,
    long rehashSkipped,
    long rehashFailed) {

  /** Copies the map. */
  public VerificationStatistics {
    outcomes = Map.copyOf(outcomes);
  }

  /** Verifications that ended in {@code outcome}. */
  public long count(Outcome outcome) {
    Long count = outcomes.get(outcome);
    return count == null ? 0 : count;
  }
}
