package dev.portcullis.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SharedThrottleState}: exact counts under concurrency, expiry, refund, reset. A
 * store's test class extends this and supplies a fresh, empty state.
 */
public abstract class SharedThrottleStateContract {

  private SharedThrottleState state;

  /** A fresh state with no failures recorded. */
  protected abstract SharedThrottleState newState();

  @BeforeEach
  void freshState() {
    state = newState();
  }

  @Test
  void failures_nothingRecorded_isEmpty() {
    assertThat(state.failures("a:alice")).isEmpty();
  }

  @Test
  void recordFailure_countsUpAndRemembersTheTime() {
    assertThat(state.recordFailure("a:alice", 1_000, 0)).isEqualTo(1);
    assertThat(state.recordFailure("a:alice", 2_000, 0)).isEqualTo(2);

    assertThat(state.failures("a:alice"))
        .contains(new SharedThrottleState.FailureCount(2, 2_000));
    assertThat(state.failures("a:bob")).isEmpty();
  }

  @Test
  void recordFailure_afterExpiry_restartsAtOne() {
    state.recordFailure("a:alice", 1_000, 0);
    state.recordFailure("a:alice", 2_000, 0);

    assertThat(state.recordFailure("a:alice", 10_000, 5_000)).isEqualTo(1);
  }

  @Test
  void reset_forgetsTheKeyOnly() {
    state.recordFailure("a:alice", 1_000, 0);
    state.recordFailure("a:bob", 1_000, 0);

    state.reset("a:alice");

    assertThat(state.failures("a:alice")).isEmpty();
    assertThat(state.failures("a:bob")).isPresent();
  }

  @Test
  void refund_takesBackOneFailureAndKeepsTheTime() {
    state.recordFailure("a:alice", 1_000, 0);
    state.recordFailure("a:alice", 2_000, 0);
    state.recordFailure("a:bob", 1_000, 0);

    state.refund("a:alice");

    assertThat(state.failures("a:alice"))
        .contains(new SharedThrottleState.FailureCount(1, 2_000));
    assertThat(state.failures("a:bob")).contains(new SharedThrottleState.FailureCount(1, 1_000));
  }

  @Test
  void refund_toZero_isAsIfNoneWereRecordedAndNeverGoesBelow() {
    state.recordFailure("a:alice", 1_000, 0);

    state.refund("a:alice");
    state.refund("a:alice");
    state.refund("a:nobody");

    assertThat(state.failures("a:alice")).isEmpty();
    assertThat(state.failures("a:nobody")).isEmpty();
    assertThat(state.recordFailure("a:alice", 3_000, 0)).as("counts from zero again").isEqualTo(1);
    assertThat(state.failures("a:alice")).contains(new SharedThrottleState.FailureCount(1, 3_000));
  }

  @Test
  void refund_concurrentWithRecordFailure_losesNeitherOne() throws Exception {
    int threads = 8;
    int perThread = 25;
    for (int i = 0; i < threads * perThread; i++) {
      state.recordFailure("a:alice", 1_000, 0);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        boolean refunding = t % 2 == 0;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    if (refunding) {
                      state.refund("a:alice");
                    } else {
                      state.recordFailure("a:alice", 5_000 + i, 0);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(state.failures("a:alice").orElseThrow().failures()).isEqualTo(threads * perThread);
  }

  @Test
  void recordFailure_concurrent_countsEveryFailureOnce() throws Exception {
    int threads = 8;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    state.recordFailure("a:alice", 5_000 + i, 0);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(state.failures("a:alice").orElseThrow().failures()).isEqualTo(threads * perThread);
  }
}
