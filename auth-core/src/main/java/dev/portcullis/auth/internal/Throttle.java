package dev.portcullis.auth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.auth.config.ThrottlePolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Throttle state for accounts, account-and-source pairs and sources, in bounded expiring maps
 * (see {@link ThrottlePolicy} for the rules). Updates are atomic per key, so counts stay exact
 * under concurrency. Times are epoch milliseconds from the engine's clock.
 */
public final class Throttle {

  /** Consecutive failures and until when further attempts wait. */
  private static final class Counter {
    final int failures;
    final long blockedUntil;

    Counter(int failures, long blockedUntil) {
      this.failures = failures;
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

  /** Empty state under the policy's bounds. */
  public Throttle(ThrottlePolicy policy) {
    this.policy = policy;
    this.accounts = cache(policy);
    this.pairs = cache(policy);
    this.sources = cache(policy);
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

  /** How long this attempt must wait, or empty if it may proceed. */
  public Optional<Duration> check(String username, @Nullable String source, long now) {
    if (!policy.enabled()) {
      return Optional.empty();
    }
    long until = 0;
    Counter account = accounts.getIfPresent(username);
    if (account != null) {
      if (policy.accountLockout() && account.failures >= policy.accountFreeFailures()) {
        until = Long.MAX_VALUE;
      } else {
        until = Math.max(until, account.blockedUntil);
      }
    }
    if (source != null) {
      Counter pair = pairs.getIfPresent(pairKey(username, source));
      if (pair != null) {
        until = Math.max(until, pair.blockedUntil);
      }
      Window window = sources.getIfPresent(source);
      long windowMillis = policy.sourceWindowSeconds() * 1_000L;
      if (window != null
          && window.failures >= policy.sourceMaxFailures()
          && now - window.start < windowMillis) {
        until = Math.max(until, window.start + windowMillis);
      }
    }
    if (until == Long.MAX_VALUE) {
      return Optional.of(Duration.ofSeconds(policy.expirySeconds()));
    }
    return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
  }

  /** Counts a failed attempt (BAD_PASSWORD or UNKNOWN_USER) against account, pair and source. */
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
    if (againstUser) {
      accounts.asMap().compute(
          username, (key, counter) -> next(counter, policy.accountFreeFailures(), now));
    }
    if (source != null) {
      if (againstUser) {
        pairs.asMap().compute(
            pairKey(username, source),
            (key, counter) -> next(counter, policy.pairFreeFailures(), now));
      }
      long windowMillis = policy.sourceWindowSeconds() * 1_000L;
      sources.asMap().compute(
          source,
          (key, window) ->
              window == null || now - window.start >= windowMillis
                  ? new Window(now, 1)
                  : new Window(window.start, window.failures + 1));
    }
  }

  /** A success resets the account's and the pair's consecutive failures (not the source's). */
  public void recordSuccess(String username, @Nullable String source) {
    if (!policy.enabled()) {
      return;
    }
    accounts.invalidate(username);
    if (source != null) {
      pairs.invalidate(pairKey(username, source));
    }
  }

  /**
   * A throttle under {@code policy} that starts from this one's counters (a reload keeps the
   * state that is still valid; the new policy's delays apply from the next failure).
   */
  public Throttle reconfigured(ThrottlePolicy policy) {
    Throttle next = new Throttle(policy);
    next.accounts.putAll(accounts.asMap());
    next.pairs.putAll(pairs.asMap());
    next.sources.putAll(sources.asMap());
    return next;
  }

  /** Consecutive failures counted for an account (for tests and the health report). */
  public int accountFailures(String username) {
    Counter counter = accounts.getIfPresent(username);
    return counter == null ? 0 : counter.failures;
  }

  private Counter next(@Nullable Counter counter, int freeFailures, long now) {
    int failures = counter == null ? 1 : counter.failures + 1;
    long blockedUntil = failures > freeFailures ? now + delayMillis(failures - freeFailures) : 0;
    return new Counter(failures, blockedUntil);
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
