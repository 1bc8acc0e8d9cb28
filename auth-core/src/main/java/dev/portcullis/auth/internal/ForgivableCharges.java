package dev.portcullis.auth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.auth.config.ThrottlePolicy;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The failures a {@link Throttle} kept, remembered so that a config change can take back those
 * that a configuration anomaly may have caused. Every failure counts as usual (an attacker who
 * provokes the anomaly gets no extra guesses); only a reload that changes the configuration,
 * which an attacker cannot do, forgives the ones noted since shortly before the anomaly was first
 * seen: a real misconfiguration, once fixed, leaves no valid user throttled for the logins it
 * broke, including those that failed while the detector was still collecting evidence.
 *
 * <p>Bounded and expiring like the throttle's own counters: a charge older than the throttle's
 * expiry has expired from the counter too, so there is nothing left to forgive. A success resets
 * the counters, and with them what there is to forgive.
 */
final class ForgivableCharges {

  /** An account-and-source pair, kept apart so that it can be refunded by its parts. */
  record Pair(String username, String source) {}

  /** Failures noted since the last success, and when the last one was. */
  private record Noted(int failures, long lastMillis) {
    Noted plusOne(long now) {
      return new Noted(failures + 1, Math.max(lastMillis, now));
    }
  }

  private final Cache<String, Noted> accounts;
  private final Cache<Pair, Noted> pairs;

  ForgivableCharges(ThrottlePolicy policy) {
    this.accounts = cache(policy);
    this.pairs = cache(policy);
  }

  private static <K> Cache<K, Noted> cache(ThrottlePolicy policy) {
    return Caffeine.newBuilder()
        .executor(Runnable::run) // maintenance on the calling thread, as the throttle's own maps
        .maximumSize(policy.maxEntries())
        .expireAfterWrite(policy.expirySeconds(), TimeUnit.SECONDS)
        .build();
  }

  /** Notes one kept charge against the account and, with a source, the pair. */
  void note(String username, @Nullable String source, long now) {
    accounts.asMap().merge(username, new Noted(1, now), (old, one) -> old.plusOne(now));
    if (source != null) {
      pairs.asMap().merge(new Pair(username, source), new Noted(1, now), (old, one) -> old.plusOne(now));
    }
  }

  /** A success reset the counters: nothing counted before it is left to forgive. */
  void forget(String username, @Nullable String source) {
    accounts.invalidate(username);
    if (source != null) {
      pairs.invalidate(new Pair(username, source));
    }
  }

  /**
   * Hands every entry whose last failure is at or after {@code sinceMillis} to {@code
   * refundAccount} / {@code refundPair} (key, failures), empties the ledger, and returns the
   * number of account failures handed over.
   */
  long forgiveSince(
      long sinceMillis,
      BiConsumer<String, Integer> refundAccount,
      BiConsumer<Pair, Integer> refundPair) {
    long forgiven = 0;
    for (Map.Entry<String, Noted> entry : Map.copyOf(accounts.asMap()).entrySet()) {
      Noted noted = entry.getValue();
      if (accounts.asMap().remove(entry.getKey(), noted) && noted.lastMillis() >= sinceMillis) {
        refundAccount.accept(entry.getKey(), noted.failures());
        forgiven += noted.failures();
      }
    }
    for (Map.Entry<Pair, Noted> entry : Map.copyOf(pairs.asMap()).entrySet()) {
      Noted noted = entry.getValue();
      if (pairs.asMap().remove(entry.getKey(), noted) && noted.lastMillis() >= sinceMillis) {
        refundPair.accept(entry.getKey(), noted.failures());
      }
    }
    return forgiven;
  }

  /** Copies the entries of {@code other} into this ledger (a reconfigured throttle). */
  void addAll(ForgivableCharges other) {
    accounts.putAll(other.accounts.asMap());
    pairs.putAll(other.pairs.asMap());
  }
}
