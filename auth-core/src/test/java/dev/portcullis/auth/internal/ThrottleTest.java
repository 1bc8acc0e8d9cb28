package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class ThrottleTest {

  private static final long NOW = 1_700_000_000_000L;

  @Test
  void recordFailure_fromManyThreads_countsExactly() throws Exception {
    Throttle throttle = new Throttle(ThrottlePolicy.defaults());
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            throttle.recordFailure("alice", "10.0.0." + thread, NOW);
            throttle.recordFailure("user-" + thread, null, NOW);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(throttle.accountFailures("alice")).isEqualTo(threads * perThread);
    for (int t = 0; t < threads; t++) {
      assertThat(throttle.accountFailures("user-" + t)).isEqualTo(perThread);
    }
  }

  private static final ThrottlePolicy LOCKOUT_AFTER_5 =
      new ThrottlePolicy(true, 5, 5, true, 1_000, 900, 1_000, 600, 1_000, 3_600);

  /**
   * Threads that charge, and half the time refund (a SYSTEM outcome), concurrently on one account:
   * never more than the free failures are admitted at once, nor kept in the end.
   */
  private static int chargeConcurrently(Throttle throttle) throws Exception {
    int threads = 8;
    int perThread = 200;
    AtomicInteger kept = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            String source = "10.0.0." + thread;
            if (throttle.tryCharge("alice", source, NOW).isPresent()) {
              continue;
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet() + kept.get(), Math::max);
            boolean failure = (i + thread) % 2 == 0;
            inFlight.decrementAndGet(); // before counting it kept: the watermark never overcounts
            if (failure) {
              kept.incrementAndGet();
            }
            if (failure) {
              throttle.keepCharge("alice", source, NOW, true);
            } else {
              throttle.refund("alice", source);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(kept.get()).as("failures kept").isEqualTo(5);
    return mostInFlight.get();
  }

  @Test
  void tryCharge_concurrentOnOneAccount_admitsNoMoreThanTheFreeFailures() throws Exception {
    Throttle throttle = new Throttle(LOCKOUT_AFTER_5);

    assertThat(chargeConcurrently(throttle)).isLessThanOrEqualTo(5);
    assertThat(throttle.accountFailures("alice")).isEqualTo(5);
    assertThat(throttle.check("alice", "10.9.9.9", NOW)).contains(Duration.ofSeconds(3_600));
  }

  @Test
  void tryCharge_concurrentOnSharedState_admitsNoMoreThanTheFreeFailures() throws Exception {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    Throttle throttle = Throttle.forStore(LOCKOUT_AFTER_5.withSharedState(true), store);

    assertThat(chargeConcurrently(throttle)).isLessThanOrEqualTo(5);
    assertThat(throttle.accountFailures("alice")).isEqualTo(5);
    assertThat(store.failures(Throttle.sharedKeyFor(store, "a:alice")).orElseThrow().failures())
        .isEqualTo(5);
  }

  @Test
  void tryCharge_refused_chargesNothing() {
    Throttle throttle = new Throttle(LOCKOUT_AFTER_5);
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.tryCharge("alice", "10.0.0.1", NOW)).isEmpty();
    }

    assertThat(throttle.tryCharge("alice", "10.0.0.1", NOW)).isPresent();
    assertThat(throttle.accountFailures("alice")).isEqualTo(5);
  }

  @Test
  void refund_takesBackTheChargeAndKeepChargeWhileSuspectedStillCounts() {
    Throttle throttle = new Throttle(ThrottlePolicy.defaults());
    throttle.tryCharge("alice", "10.0.0.1", NOW);
    throttle.keepCharge("alice", "10.0.0.1", NOW, false);
    throttle.tryCharge("alice", "10.0.0.1", NOW);
    throttle.refund("alice", "10.0.0.1");
    throttle.tryCharge("alice", "10.0.0.1", NOW);
    throttle.keepCharge("alice", "10.0.0.1", NOW, true);

    assertThat(throttle.accountFailures("alice")).isEqualTo(2);
  }

  @Test
  void forgiveAfterConfigChange_takesBackTheFailuresFromTheLookbackBeforeTheSuspicion() {
    Throttle throttle = new Throttle(ThrottlePolicy.defaults());
    throttle.tryCharge("old", null, NOW - 120_000); // before the lookback: the user's own
    throttle.keepCharge("old", null, NOW - 120_000, false);
    for (int i = 0; i < 3; i++) {
      throttle.tryCharge("alice", "10.0.0.1", NOW - 30_000); // within the lookback
      throttle.keepCharge("alice", "10.0.0.1", NOW - 30_000, false);
    }
    throttle.tryCharge("alice", "10.0.0.1", NOW);
    throttle.keepCharge("alice", "10.0.0.1", NOW, true);
    throttle.tryCharge("bob", null, NOW);
    throttle.keepCharge("bob", null, NOW, true);
    throttle.recordSuccess("bob", null);

    throttle.forgiveAfterConfigChange(true, 60_000);

    assertThat(throttle.accountFailures("alice")).isZero();
    assertThat(throttle.accountFailures("old")).isEqualTo(1);
    assertThat(throttle.accountFailures("bob")).isZero();
    assertThat(throttle.tryCharge("alice", "10.0.0.1", NOW)).isEmpty();
    assertThat(throttle.accountFailures("alice")).as("the pair was refunded too").isEqualTo(1);
  }

  @Test
  void forgiveAfterConfigChange_withoutASuspicionOrAChange_forgivesNothing() {
    Throttle throttle = new Throttle(ThrottlePolicy.defaults());
    throttle.tryCharge("alice", null, NOW);
    throttle.keepCharge("alice", null, NOW, false);
    throttle.forgiveAfterConfigChange(true, 60_000);
    throttle.tryCharge("alice", null, NOW);
    throttle.keepCharge("alice", null, NOW, true);
    throttle.forgiveAfterConfigChange(false, 60_000);

    assertThat(throttle.accountFailures("alice")).isEqualTo(2);
  }

  @Test
  void delay_doublesFromTheBaseUpToTheMaximum() {
    Throttle throttle = new Throttle(ThrottlePolicy.defaults());

    assertThat(throttle.delayMillis(1)).isEqualTo(1_000);
    assertThat(throttle.delayMillis(2)).isEqualTo(2_000);
    assertThat(throttle.delayMillis(10)).isEqualTo(512_000);
    assertThat(throttle.delayMillis(11)).isEqualTo(900_000);
    assertThat(throttle.delayMillis(1_000)).isEqualTo(900_000);
  }

  @Test
  void disabled_neverThrottles() {
    ThrottlePolicy off = new ThrottlePolicy(false, 1, 1, true, 1_000, 900, 1, 600, 100, 3_600);
    Throttle throttle = new Throttle(off);
    for (int i = 0; i < 50; i++) {
      throttle.recordFailure("alice", "10.0.0.1", NOW);
    }

    assertThat(throttle.check("alice", "10.0.0.1", NOW)).isEmpty();
  }

  @Test
  void memory_staysBoundedWhateverUsernamesAnAttackerInvents() {
    ThrottlePolicy small = new ThrottlePolicy(true, 5, 20, false, 1_000, 900, 100, 600, 100, 3_600);
    Throttle throttle = new Throttle(small);
    for (int i = 0; i < 100_000; i++) {
      throttle.recordFailure("invented-" + i, "10.0.0.1", NOW);
    }

    int remembered = 0;
    for (int i = 0; i < 100_000; i++) {
      remembered += throttle.accountFailures("invented-" + i) > 0 ? 1 : 0;
    }
    assertThat(remembered).isLessThanOrEqualTo(200); // Caffeine bounds size (with a small slack)
    assertThat(throttle.check("anyone", "10.0.0.1", NOW))
        .as("the source is still caught").contains(Duration.ofSeconds(600));
  }

  @Test
  void sharedKeys_areKeyedDigestsWithoutTheUsernameOrAddress() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    Throttle throttle = Throttle.forStore(ThrottlePolicy.defaults().withSharedState(true), store);
    throttle.recordFailure("erin", "198.51.100.9", NOW);

    String account = Throttle.sharedKeyFor(store, "a:erin");
    String pair = Throttle.sharedKeyFor(store, "p:4:erin|198.51.100.9");
    assertThat(store.failures(account)).isPresent();
    assertThat(store.failures(pair)).isPresent();
    assertThat(store.failures("a:erin")).isEmpty();
    assertThat(account).startsWith("k:").hasSize(66).doesNotContain("erin");
    assertThat(pair).startsWith("k:").hasSize(66).doesNotContain("198.51");
    assertThat(Throttle.sharedKeyFor(store, "p:" + "u".repeat(700))).hasSize(66);
    assertThat(Throttle.sharedKeyFor(new InMemoryCredentialStore(), "a:erin"))
        .as("another store, another secret").isNotEqualTo(account);
  }
}
