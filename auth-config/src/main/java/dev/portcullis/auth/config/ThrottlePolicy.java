package dev.portcullis.auth.config;

/**
 * How failed logins are throttled, checked before any hashing so that a throttled attempt costs
 * microseconds. Defaults ({@link #defaults()}) follow NIST SP 800-63B and protect real users from
 * lockout by someone who merely knows their username.
 *
 * <p>Three counters, each of consecutive failures (BAD_PASSWORD, UNKNOWN_USER; never a SYSTEM
 * outcome):
 *
 * <ul>
 *   <li><b>account and source</b> (e.g. alice from 203.0.113.7): after {@code
 *       pairFreeFailures} failures, each further one waits {@code baseDelayMillis}, doubling up to
 *       {@code maxDelaySeconds}; this is what a user mistyping meets;
 *   <li><b>account</b> from all sources: after {@code accountFreeFailures} (NIST: at most 100)
 *       the same increasing delays apply to every source, so a botnet spreading guesses over many
 *       addresses is slowed too; with {@code accountLockout} the account is refused outright
 *       instead, until the state expires (off by default: it lets anyone lock a user out);
 *   <li><b>source</b>: more than {@code sourceMaxFailures} failures within {@code
 *       sourceWindowSeconds} throttles that source for the rest of the window, whatever accounts
 *       it tries: this catches the attacker instead of locking out the user.
 * </ul>
 *
 * A success resets the account's and the pair's counters. State is bounded: at most {@code
 * maxEntries} accounts, pairs and sources each, forgotten {@code expirySeconds} after their last
 * failure, so invented usernames or sources cannot grow memory.
 *
 * @param enabled whether throttling is on (default true)
 * @param pairFreeFailures failures of one account from one source before delays (default 5)
 * @param accountFreeFailures failures of one account from all sources before delays (default 20,
 *     at most 100)
 * @param accountLockout refuse the account outright after {@code accountFreeFailures} (default
 *     false)
 * @param baseDelayMillis the first delay (default 1000)
 * @param maxDelaySeconds the longest delay (default 900)
 * @param sourceMaxFailures failures of one source within the window before it is throttled
 *     (default 100)
 * @param sourceWindowSeconds the source window (default 600)
 * @param maxEntries most accounts, pairs and sources remembered, each (default 100000)
 * @param expirySeconds how long a counter is remembered after its last failure (default 3600)
 * @param sharedState whether account and account-and-source counters live in the credential
 *     store (which must support shared throttle state), so that several instances enforce one
 *     limit; false (the default) keeps them in this process. Source windows stay local.
 */
public record ThrottlePolicy(
    boolean enabled,
    int pairFreeFailures,
    int accountFreeFailures,
    boolean accountLockout,
    int baseDelayMillis,
    int maxDelaySeconds,
    int sourceMaxFailures,
    int sourceWindowSeconds,
    int maxEntries,
    int expirySeconds,
    boolean sharedState) {

  /** NIST SP 800-63B: no more than 100 consecutive failed attempts on one account. */
  public static final int NIST_MAX_CONSECUTIVE_FAILURES = 100;

  private static final ThrottlePolicy DEFAULTS =
      new ThrottlePolicy(true, 5, 20, false, 1_000, 900, 100, 600, 100_000, 3_600);

  /**
   * Validates every setting.
   *
   * @throws IllegalArgumentException naming the first setting out of range, with the range
   */
  public ThrottlePolicy {
    range("pairFreeFailures", pairFreeFailures, 1, NIST_MAX_CONSECUTIVE_FAILURES);
    range("accountFreeFailures", accountFreeFailures, 1, NIST_MAX_CONSECUTIVE_FAILURES);
    range("baseDelayMillis", baseDelayMillis, 1, 3_600_000);
    range("maxDelaySeconds", maxDelaySeconds, 1, 86_400);
    range("sourceMaxFailures", sourceMaxFailures, 1, 1_000_000);
    range("sourceWindowSeconds", sourceWindowSeconds, 1, 86_400);
    range("maxEntries", maxEntries, 100, 100_000_000);
    range("expirySeconds", expirySeconds, 1, 604_800);
  }

  /** A policy whose counters live in this process. */
  public ThrottlePolicy(
      boolean enabled,
      int pairFreeFailures,
      int accountFreeFailures,
      boolean accountLockout,
      int baseDelayMillis,
      int maxDelaySeconds,
      int sourceMaxFailures,
      int sourceWindowSeconds,
      int maxEntries,
      int expirySeconds) {
    this(enabled, pairFreeFailures, accountFreeFailures, accountLockout, baseDelayMillis,
        maxDelaySeconds, sourceMaxFailures, sourceWindowSeconds, maxEntries, expirySeconds, false);
  }

  /** This policy with its counters in the credential store (true) or in this process. */
  public ThrottlePolicy withSharedState(boolean shared) {
    return new ThrottlePolicy(enabled, pairFreeFailures, accountFreeFailures, accountLockout,
        baseDelayMillis, maxDelaySeconds, sourceMaxFailures, sourceWindowSeconds, maxEntries,
        expirySeconds, shared);
  }

  /** The documented defaults. */
  public static ThrottlePolicy defaults() {
    return DEFAULTS;
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " was " + value + ", allowed is " + min + " to " + max);
    }
  }
}
