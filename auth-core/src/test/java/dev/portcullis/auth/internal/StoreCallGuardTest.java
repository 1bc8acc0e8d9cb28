package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.StoreCallPolicy;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.telemetry.StoreCallHealth;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard on calls that block on a latch, as a driver stuck in a socket read does (the latch
 * wait ignores interrupts, like such a driver; the guard sends none).
 */
final class StoreCallGuardTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final StoreCallGuard guard = new StoreCallGuard(new StoreCallPolicy(200, 2), "test-store");

  @AfterEach
  void releaseAndClose() {
    release.countDown();
    guard.close();
  }

  /** Blocks until {@link #release}, ignoring interrupts. */
  private String stuck() {
    boolean interrupted = false;
    while (true) {
      try {
        release.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return "late";
  }

  @Test
  void call_answeringInTime_returnsItsValue() {
    assertThat(guard.call("find", () -> "found")).isEqualTo("found");
    assertThat(guard.health()).isEqualTo(new StoreCallHealth(0, 0, Duration.ZERO, 0, 0));
  }

  @Test
  void call_throwingAStoreException_propagatesIt() {
    StoreException failure = new StoreException("connection refused (test)");

    assertThatThrownBy(() -> guard.call("find", () -> { throw failure; })).isSameAs(failure);
  }

  @Test
  void call_stuckPastTheDeadline_isAStoreExceptionNamingTheSetting() {
    assertThatThrownBy(() -> guard.call("replaceHash", this::stuck))
        .isInstanceOf(StoreException.class)
        .hasMessage("store test-store: replaceHash did not answer within 200 ms"
            + " (store.call-timeout-millis)");
    assertThat(guard.health().timedOut()).isEqualTo(1);
  }

  @Test
  void health_showsCallsStillStuckAfterTheirCallerGaveUp_untilTheyReturn() throws Exception {
    assertThatThrownBy(() -> guard.call("find", this::stuck)).isInstanceOf(StoreException.class);

    StoreCallHealth stuckNow = guard.health();
    assertThat(stuckNow.inFlight()).isEqualTo(1);
    assertThat(stuckNow.overdue()).isEqualTo(1);
    assertThat(stuckNow.oldestOverdue()).isGreaterThanOrEqualTo(Duration.ofMillis(200));

    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (guard.health().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(guard.health().overdue()).isZero();
    assertThat(guard.health().inFlight()).isZero();
  }

  @Test
  void call_whileEveryHelperIsStuck_failsAtItsDeadlineWithoutANewThread() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> guard.call("find", this::stuck)).isInstanceOf(StoreException.class);
    }

    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    assertThatThrownBy(() -> guard.call("find", () -> ran.getAndSet(true)))
        .isInstanceOf(StoreException.class)
        .hasMessage("store test-store: find could not start within 200 ms, all 2 store calls"
            + " allowed in flight were busy (store.max-calls-in-flight; the store is stalled or"
            + " too slow)");
    assertThat(ran).isFalse();
    assertThat(guard.helperThreads()).isEqualTo(2);
    assertThat(guard.health().rejected()).isEqualTo(1);
  }

  @Test
  void call_abandonedThenSucceedingAfterAll_isUndoneWithItsResult() throws Exception {
    java.util.concurrent.atomic.AtomicReference<String> undone =
        new java.util.concurrent.atomic.AtomicReference<>();

    assertThatThrownBy(() -> guard.call("recordFailure", this::stuck, undone::set))
        .isInstanceOf(StoreException.class);
    assertThat(undone.get()).isNull();

    release.countDown(); // the stall ends: the write lands after its caller gave up
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (guard.lateWritesUndone() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(undone.get()).isEqualTo("late");
    assertThat(guard.lateWritesUndone()).isEqualTo(1);
  }

  @Test
  void calls_fromMoreThreadsThanHelpers_onAHealthyStore_allRun() throws Exception {
    // a burst larger than store.max-calls-in-flight waits for a helper, it is never refused
    int threads = 8;
    int callsEach = 2_000;
    java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger failed =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> callers = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread caller = new Thread(() -> {
        for (int i = 0; i < callsEach; i++) {
          try {
            if ("found".equals(guard.call("find", () -> "found"))) {
              answered.incrementAndGet();
            }
          } catch (StoreException e) {
            failed.incrementAndGet();
          }
        }
      });
      caller.start();
      callers.add(caller);
    }
    for (Thread caller : callers) {
      caller.join(60_000);
    }

    assertThat(failed).hasValue(0);
    assertThat(answered).hasValue(threads * callsEach);
    assertThat(guard.health().rejected()).isZero();
    assertThat(guard.helperThreads()).isLessThanOrEqualTo(2);
  }

  @Test
  void call_answeringInTime_isNeverUndone() {
    java.util.concurrent.atomic.AtomicReference<String> undone =
        new java.util.concurrent.atomic.AtomicReference<>();

    assertThat(guard.call("recordFailure", () -> "counted", undone::set)).isEqualTo("counted");

    assertThat(undone.get()).isNull();
    assertThat(guard.lateWritesUndone()).isZero();
  }
}
