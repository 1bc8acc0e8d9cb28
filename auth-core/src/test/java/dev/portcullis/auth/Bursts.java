package dev.portcullis.auth;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Concurrent bursts of attempts released together, to test what throttling lets through. */
final class Bursts {

  private Bursts() {}

  /**
   * Real Argon2id that holds each verification open for a while, so that every attempt of a
   * burst is in flight before the first one finishes (the window a check-then-act throttle loses).
   */
  static CountingHasher slowArgon2() {
    return new CountingHasher(new Argon2Hasher()) {
      @Override
      public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
          throws UnverifiableHashException {
        boolean result = super.verify(password, encodedHash, caps);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return result;
      }
    };
  }

  /**
   * Runs {@code attempts} attempts on as many threads, all released by one latch, and counts
   * their outcomes.
   */
  static Map<Outcome, Integer> run(int attempts, IntFunction<VerificationResult> attempt)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    try {
      CountDownLatch ready = new CountDownLatch(attempts);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Outcome>> results = new ArrayList<>();
      for (int i = 0; i < attempts; i++) {
        int index = i;
        results.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return attempt.apply(index).outcome();
        }));
      }
      ready.await(10, TimeUnit.SECONDS);
      start.countDown();
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      for (Future<Outcome> result : results) {
        counts.merge(result.get(60, TimeUnit.SECONDS), 1, Integer::sum);
      }
      return counts;
    } finally {
      pool.shutdownNow();
    }
  }
}
