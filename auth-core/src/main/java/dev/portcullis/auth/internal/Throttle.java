package dev.portcullis.auth.internal;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.SharedThrottleState.FailureCount;
import dev.portcullis.auth.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttle state for accounts, account-and-source pairs and sources, in bounded expiring maps
 * (see {@link ThrottlePolicy} for the rules). Updates are atomic per key, so counts stay exact
 * under concurrency. Times are epoch milliseconds from the engine's clock.
 *
 * <p>With {@code throttle.shared-state = store}, the account and account-and-source counters live
 * in the store's {@link SharedThrottleState} instead, so that every instance on one database
 * enforces one limit; source windows stay local (a source's traffic is spread over instances by
 * the load balancer, and a shared write per failed source would put every attack on the
 * database). Then every method may throw the store's {@link StoreException}: the engine fails
 * closed with {@code STORE_UNAVAILABLE}.
 */
public final class Throttle {

  private static final Logger log = LoggerFactory.getLogger(Throttle.class);

  /** Consecutive failures, the time of the last one, and until when further attempts wait. */
  private static final class Counter {
    final int failures;
    final long lastFailure;
    final long blockedUntil;

    Counter(int failures, long lastFailure, long blockedUntil) {
      this.failures = failures;
      this.lastFailure = lastFailure;
      this.blockedUntil = blockedUntil;
    }
  }

  /** Failures of a source within its current window. */
  private static final class Window {
    final long start;
    final int failures;

    Window(long start, int failures) {
      this.start = start;
      this.failures = failures;
    }
  }

  private final ThrottlePolicy policy;
  private final Cache<String, Counter> accounts;
  private final Cache<String, Counter> pairs;
  private final Cache<String, Window> sources;
  private final @Nullable SharedThrottleState shared;
  private final @Nullable Secret sharedKeySecret;
  private final ForgivableCharges forgivable;
  /** When the configuration was first suspected since the last forgiveness; MAX_VALUE if not. */
  private final AtomicLong suspectedSince = new AtomicLong(Long.MAX_VALUE);

  /** Empty state under the policy's bounds, all of it local. */
  public Throttle(ThrottlePolicy policy) {
    this(policy, null, null);
  }

  /**
   * The throttle for an engine over {@code store}: account and pair counters in the store when
   * the policy says {@code sharedState}, else local.
   *
   * @throws PreflightException if the policy asks for shared state and the store cannot keep it
   */
  public static Throttle forStore(ThrottlePolicy policy, CredentialStore store) {
    if (!policy.sharedState()) {
      return new Throttle(policy);
    }
    if (!(store instanceof SharedThrottleState shared)) {
      throw new PreflightException(
          "throttle.shared-state = store, but the store " + store.storeId() + " ("
              + store.getClass().getName() + ") cannot keep shared throttle state: use a store"
              + " that implements SharedThrottleState (the JDBC store does), or"
              + " throttle.shared-state = local");
    }
    return new Throttle(policy, shared, sharedKeySecret(store));
  }

  private Throttle(
      ThrottlePolicy policy, @Nullable SharedThrottleState shared, @Nullable Secret sharedKeySecret) {
    this.shared = shared;
    this.sharedKeySecret = sharedKeySecret;
    this.policy = policy;
    this.accounts = cache(policy);
    this.pairs = cache(policy);
    this.sources = cache(policy);
    this.forgivable = new ForgivableCharges(policy);
  }

  private static <V> Cache<String, V> cache(ThrottlePolicy policy) {
    return Caffeine.newBuilder()
        // maintenance on the calling thread: bounds hold at once, no common-pool tasks
        .executor(Runnable::run)
        .maximumSize(policy.maxEntries())
        .expireAfterWrite(policy.expirySeconds(), TimeUnit.SECONDS)
        .build();
  }

  /** Whether throttling is on at all. */
  public boolean enabled() {
    return policy.enabled();
  }

  /**
   * How long this attempt must wait, or empty if it may proceed. Only reads: an engine admits an
   * attempt with {@link #tryCharge}, which checks and charges in one step.
   */
  public Optional<Duration> check(String username, @Nullable String source, long now) {
    if (!policy.enabled()) {
      return Optional.empty();
    }
    Counter account = account(username, now);
    Counter pair = source == null ? null : pair(username, source, now);
    return waitFor(until(account, pair, source, now), now);
  }

  /**
   * Admits an attempt and charges it, before any hashing, as a failure against the account and
   * the pair: either the wait (and nothing is charged) or empty (charged: the caller must settle
   * the attempt with {@link #keepCharge}, {@link #refund} or {@link #recordSuccess}).
   *
   * <p>The check and the charge are one atomic step per counter, so a burst of concurrent
   * attempts on one account gets exactly what the same attempts one after another would get: the
   * free failures (and, without lockout, the one that starts the delay), then waits. A charge that
   * would have been refused is taken back before returning the wait. With shared state the store's
   * atomic increment orders the charges: each charger learns its place from the count it returns.
   * Source windows are not charged: they count outcomes afterwards (see {@link #keepCharge}), so a
   * burst from one source may exceed its window by the attempts in flight.
   */
  public Optional<Duration> tryCharge(String username, @Nullable String source, long now) {
    if (!policy.enabled()) {
      return Optional.empty();
    }
    Counter accountSeen = account(username, now);
    Counter pairSeen = source == null ? null : pair(username, source, now);
    long until = until(accountSeen, pairSeen, source, now);
    if (until > now) {
      return waitFor(until, now);
    }
    SharedThrottleState state = shared;
    if (state != null) {
      return tryChargeShared(state, username, source, now, accountSeen, pairSeen);
    }
    long[] refused = {0};
    accounts.asMap().compute(
        username,
        (key, counter) -> {
          long wait = accountUntil(counter);
          if (wait > now) {
            refused[0] = wait;
            return counter;
          }
          return next(counter, policy.accountFreeFailures(), now);
        });
    if (refused[0] > now) {
      return waitFor(refused[0], now);
    }
    if (source != null) {
      pairs.asMap().compute(
          pairKey(username, source),
          (key, counter) -> {
            if (counter != null && counter.blockedUntil > now) {
              refused[0] = counter.blockedUntil;
              return counter;
            }
            return next(counter, policy.pairFreeFailures(), now);
          });
      if (refused[0] > now) {
        accounts.asMap().computeIfPresent(
            username, (key, counter) -> previous(counter, policy.accountFreeFailures()));
        return waitFor(refused[0], now);
      }
    }
    return Optional.empty();
  }

  private Optional<Duration> tryChargeShared(
      SharedThrottleState state,
      String username,
      @Nullable String source,
      long now,
      @Nullable Counter accountSeen,
      @Nullable Counter pairSeen) {
    long expiredBefore = now - policy.expirySeconds() * 1_000L;
    String accountKey = sharedKey("a:" + username);
    int accountBefore = state.recordFailure(accountKey, now, expiredBefore) - 1;
    long until =
        sharedUntil(accountBefore, accountSeen, policy.accountFreeFailures(),
            policy.accountLockout(), now);
    if (until > now) {
      state.refund(accountKey);
      return waitFor(until, now);
    }
    if (source != null) {
      String pairKey = sharedKey("p:" + pairKey(username, source));
      int pairBefore;
      try {
        pairBefore = state.recordFailure(pairKey, now, expiredBefore) - 1;
      } catch (StoreException e) {
        refundQuietly(state, accountKey, e);
        throw e;
      }
      until = sharedUntil(pairBefore, pairSeen, policy.pairFreeFailures(), false, now);
      if (until > now) {
        state.refund(pairKey);
        state.refund(accountKey);
        return waitFor(until, now);
      }
    }
    return Optional.empty();
  }

  /** Best effort: the store just failed, so the refund may fail too (the charge then stays). */
  private static void refundQuietly(SharedThrottleState state, String key, StoreException cause) {
    try {
      state.refund(key);
    } catch (StoreException again) {
      cause.addSuppressed(again);
    }
  }

  /**
   * Whether the state a shared charge found ({@code before} failures) refuses it. The count the
   * check read already passed; any other count was changed by concurrent charges since, which
   * happened just now, so a delay they started is in force.
   */
  private long sharedUntil(
      int before, @Nullable Counter seen, int freeFailures, boolean lockout, long now) {
    if (before == (seen == null ? 0 : seen.failures)) {
      return 0;
    }
    if (lockout && before >= freeFailures) {
      return Long.MAX_VALUE;
    }
    return before > freeFailures ? now + delayMillis(before - freeFailures) : 0;
  }

  /**
   * Settles a charged attempt that failed (BAD_PASSWORD or UNKNOWN_USER): counts it against the
   * source's window, and lets the charge stand against the account and pair, always: an attacker
   * who provokes a configuration anomaly gets no more guesses per account than without it. The
   * charge is noted, and {@code configurationSuspected} (the detector blames the configuration, so
   * a rejection may not be the user's doing) marks the time from which {@link
   * #forgiveAfterConfigChange} takes such charges back.
   */
  public void keepCharge(
      String username, @Nullable String source, long now, boolean configurationSuspected) {
    if (!policy.enabled()) {
      return;
    }
    if (source != null) {
      // the local source window first: a store failure below must not let a source go uncounted
      countSource(source, now);
    }
    forgivable.note(username, source, now);
    if (configurationSuspected) {
      suspectedSince.accumulateAndGet(now, Math::min);
    }
  }

  /**
   * After a reload to a new configuration generation ({@code newGeneration}: another revision or
   * fingerprint), if a configuration anomaly was seen since the last such reload: takes back the
   * account and pair charges of failures from {@code lookbackMillis} before the anomaly was first
   * seen (the detector's window: the failures that raised it) until now; a success since reset
   * them already. Never throws: the reload has already happened, and a shared state that cannot
   * be written leaves those charges to expire (logged).
   */
  public void forgiveAfterConfigChange(boolean newGeneration, long lookbackMillis) {
    if (!policy.enabled() || !newGeneration) {
      return;
    }
    long since = suspectedSince.getAndSet(Long.MAX_VALUE);
    if (since == Long.MAX_VALUE) {
      return; // no configuration anomaly: every failure was the user's own
    }
    try {
      long forgiven =
          forgivable.forgiveSince(
              since - lookbackMillis,
              (username, count) -> {
                for (int i = 0; i < count; i++) {
                  refundAccount(username);
                }
              },
              (pair, count) -> {
                for (int i = 0; i < count; i++) {
                  refundPair(pair.username(), pair.source());
                }
              });
      log.info("configuration changed after a configuration anomaly: forgave {} failed logins"
          + " counted against accounts since it was first seen", forgiven);
    } catch (StoreException e) {
      log.warn("configuration changed after a configuration anomaly, but the failures counted"
          + " meanwhile could not all be forgiven (they expire as usual): {}", e.getMessage());
    }
  }

  /** Takes back the charge of an attempt that was not a failure (a SYSTEM outcome, DISABLED). */
  public void refund(String username, @Nullable String source) {
    if (!policy.enabled()) {
      return;
    }
    refundAccount(username);
    if (source != null) {
      refundPair(username, source);
    }
  }

  private void refundAccount(String username) {
    SharedThrottleState state = shared;
    if (state != null) {
      state.refund(sharedKey("a:" + username));
      return;
    }
    accounts.asMap().computeIfPresent(
        username, (key, counter) -> previous(counter, policy.accountFreeFailures()));
  }

  private void refundPair(String username, String source) {
    SharedThrottleState state = shared;
    if (state != null) {
      state.refund(sharedKey("p:" + pairKey(username, source)));
      return;
    }
    pairs.asMap().computeIfPresent(
        pairKey(username, source), (key, counter) -> previous(counter, policy.pairFreeFailures()));
  }

  private long until(
      @Nullable Counter account, @Nullable Counter pair, @Nullable String source, long now) {
    long until = accountUntil(account);
    if (pair != null) {
      until = Math.max(until, pair.blockedUntil);
    }
    if (source != null) {
      Window window = sources.getIfPresent(source);
      long windowMillis = policy.sourceWindowSeconds() * 1_000L;
      if (window != null
          && window.failures >= policy.sourceMaxFailures()
          && now - window.start < windowMillis) {
        until = Math.max(until, window.start + windowMillis);
      }
    }
    return until;
  }

  private long accountUntil(@Nullable Counter account) {
    if (account == null) {
      return 0;
    }
    if (policy.accountLockout() && account.failures >= policy.accountFreeFailures()) {
      return Long.MAX_VALUE;
    }
    return account.blockedUntil;
  }

  private Optional<Duration> waitFor(long until, long now) {
    if (until == Long.MAX_VALUE) {
      return Optional.of(Duration.ofSeconds(policy.expirySeconds()));
    }
    return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
  }

  private void countSource(String source, long now) {
    long windowMillis = policy.sourceWindowSeconds() * 1_000L;
    sources.asMap().compute(
        source,
        (key, window) ->
            window == null || now - window.start >= windowMillis
                ? new Window(now, 1)
                : new Window(window.start, window.failures + 1));
  }

  /**
   * Counts a failed attempt (BAD_PASSWORD or UNKNOWN_USER) against account, pair and source,
   * without a charge (the engine charges with {@link #tryCharge} and settles with {@link
   * #keepCharge} instead).
   */
  public void recordFailure(String username, @Nullable String source, long now) {
    recordFailure(username, source, now, true);
  }

  /**
   * Counts a failed attempt; with {@code againstUser} false only the source is counted (while the
   * configuration is suspected, a rejection may not be the user's doing).
   */
  public void recordFailure(
      String username, @Nullable String source, long now, boolean againstUser) {
    if (!policy.enabled()) {
      return;
    }
    if (source != null) {
      // the local source window first: a store failure below must not let a source go uncounted
      countSource(source, now);
    }
    SharedThrottleState state = shared;
    if (againstUser && state != null) {
      long expiredBefore = now - policy.expirySeconds() * 1_000L;
      state.recordFailure(sharedKey("a:" + username), now, expiredBefore);
      if (source != null) {
        state.recordFailure(sharedKey("p:" + pairKey(username, source)), now, expiredBefore);
      }
      return;
    }
    if (againstUser) {
      accounts.asMap().compute(
          username, (key, counter) -> next(counter, policy.accountFreeFailures(), now));
      if (source != null) {
        pairs.asMap().compute(
            pairKey(username, source),
            (key, counter) -> next(counter, policy.pairFreeFailures(), now));
      }
    }
  }

  /** A success resets the account's and the pair's consecutive failures (not the source's). */
  public void recordSuccess(String username, @Nullable String source) {
    if (!policy.enabled()) {
      return;
    }
    forgivable.forget(username, source);
    SharedThrottleState state = shared;
    if (state != null) {
      state.reset(sharedKey("a:" + username));
      if (source != null) {
        state.reset(sharedKey("p:" + pairKey(username, source)));
      }
      return;
    }
    accounts.invalidate(username);
    if (source != null) {
      pairs.invalidate(pairKey(username, source));
    }
  }

  /**
   * A throttle under {@code policy} that starts from this one's local counters (a reload keeps
   * the state that is still valid; the new policy's delays apply from the next failure). Shared
   * counters live in the store and need no copying.
   *
   * @throws PreflightException if the policy asks for shared state and the store cannot keep it
   */
  public Throttle reconfigured(ThrottlePolicy policy, CredentialStore store) {
    Throttle next = forStore(policy, store);
    next.accounts.putAll(accounts.asMap());
    next.pairs.putAll(pairs.asMap());
    next.sources.putAll(sources.asMap());
    next.forgivable.addAll(forgivable);
    next.suspectedSince.set(suspectedSince.get());
    return next;
  }

  /** Consecutive failures counted for an account (for tests and the health report). */
  public int accountFailures(String username) {
    SharedThrottleState state = shared;
    if (state != null) {
      return state.failures(sharedKey("a:" + username)).map(FailureCount::failures).orElse(0);
    }
    Counter counter = accounts.getIfPresent(username);
    return counter == null ? 0 : counter.failures;
  }

  private Counter next(@Nullable Counter counter, int freeFailures, long now) {
    int failures = counter == null ? 1 : counter.failures + 1;
    long blockedUntil = failures > freeFailures ? now + delayMillis(failures - freeFailures) : 0;
    return new Counter(failures, now, blockedUntil);
  }

  /**
   * One failure fewer, none at zero. The last failure's time stays (the refunded charge's, as in
   * the shared state), so the delay recomputed from it errs on the side of waiting.
   */
  private @Nullable Counter previous(Counter counter, int freeFailures) {
    int failures = counter.failures - 1;
    if (failures <= 0) {
      return null;
    }
    long last = counter.lastFailure;
    return new Counter(
        failures, last, failures > freeFailures ? last + delayMillis(failures - freeFailures) : 0);
  }

  private @Nullable Counter account(String username, long now) {
    SharedThrottleState state = shared;
    if (state == null) {
      return accounts.getIfPresent(username);
    }
    return counter(state.failures(sharedKey("a:" + username)), policy.accountFreeFailures(), now);
  }

  private @Nullable Counter pair(String username, String source, long now) {
    SharedThrottleState state = shared;
    if (state == null) {
      return pairs.getIfPresent(pairKey(username, source));
    }
    return counter(
        state.failures(sharedKey("p:" + pairKey(username, source))), policy.pairFreeFailures(), now);
  }

  /** A shared count as a local counter: expired ones are none, delays from the last failure. */
  private @Nullable Counter counter(Optional<FailureCount> count, int freeFailures, long now) {
    if (count.isEmpty()
        || count.get().lastFailureMillis() < now - policy.expirySeconds() * 1_000L) {
      return null;
    }
    int failures = count.get().failures();
    long last = count.get().lastFailureMillis();
    return new Counter(
        failures, last, failures > freeFailures ? last + delayMillis(failures - freeFailures) : 0);
  }

  /** The store metadata entry holding the secret the shared keys are digested under. */
  public static final String SHARED_KEY_SECRET_METADATA = "throttle.shared-key-secret.v1";

  /**
   * The key a counter has in the shared state: {@code k:} and the hex HMAC-SHA-256 of its clear
   * form ({@code a:<username>} or {@code p:<length>:<username>|<source>}) under the store's
   * secret, so the table holds no username or client address, and every key is 66 characters
   * (within {@link SharedThrottleState}'s 600).
   */
  private String sharedKey(String clearKey) {
    return digestedKey(requireNonNull(sharedKeySecret), clearKey);
  }

  private static String digestedKey(Secret secret, String clearKey) {
    byte[] digest = HmacSha256.mac(secret, clearKey.getBytes(StandardCharsets.UTF_8));
    try {
      return "k:" + HexFormat.of().formatHex(digest);
    } finally {
      Arrays.fill(digest, (byte) 0);
    }
  }

  /**
   * The secret of a store's shared keys: recorded in its metadata by the first instance (so that
   * every instance digests alike), or, for a store that keeps no metadata, derived from its id
   * (not secret then, but still no clear username or address in the table).
   */
  private static Secret sharedKeySecret(CredentialStore store) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    Optional<String> recorded;
    try {
      recorded = store.putMetadataIfAbsent(SHARED_KEY_SECRET_METADATA, HexFormat.of().formatHex(fresh));
    } catch (StoreException e) {
      throw new PreflightException("throttle.shared-state = store, but the store " + store.storeId()
          + " could not record the shared throttle key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(fresh, (byte) 0);
    }
    if (recorded.isPresent()) {
      return Secret.of(HexFormat.of().parseHex(recorded.get()), "store metadata "
          + SHARED_KEY_SECRET_METADATA);
    }
    try {
      byte[] derived = MessageDigest.getInstance("SHA-256").digest(
          ("portcullis shared throttle key\n" + store.storeId()).getBytes(StandardCharsets.UTF_8));
      return Secret.of(derived, "derived from the store id");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The key under which {@code store}'s shared state holds the counter of {@code clearKey}
   * ({@code a:<username>}, {@code p:<length>:<username>|<source>}): for tests and tools that
   * inspect the table.
   */
  public static String sharedKeyFor(CredentialStore store, String clearKey) {
    return digestedKey(sharedKeySecret(store), clearKey);
  }


  /** base, 2 x base, 4 x base, ... up to the maximum. */
  long delayMillis(int beyondFree) {
    long max = policy.maxDelaySeconds() * 1_000L;
    int doublings = Math.min(beyondFree - 1, 40);
    long delay = (long) policy.baseDelayMillis() << doublings;
    return delay <= 0 || delay > max ? max : delay;
  }

  /** A separator that cannot occur in a username's length prefix keeps pairs unambiguous. */
  private static String pairKey(String username, String source) {
    return username.length() + ":" + username + "|" + source;
  }
}
