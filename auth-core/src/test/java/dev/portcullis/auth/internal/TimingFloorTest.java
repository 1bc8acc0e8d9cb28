package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The floor is drawn from recorded dummy durations and waited for. The one time check is a lower
 * bound the implementation guarantees (a fresh floor has learned no park lateness to aim short
 * by), never an upper bound, so a noisy machine cannot fail it. The engine-level proof is the
 * dudect harness in auth-benchmarks (TimingHarness).
 */
final class TimingFloorTest {

  @Test
  void drawFloor_beforeAnyDummy_isZeroAndPadReturnsAtOnce() {
    TimingFloor floor = new TimingFloor();

    assertThat(floor.drawFloorNanos()).isZero();
    floor.padSince(System.nanoTime()); // nothing to wait for
  }

  @Test
  void drawFloor_isAlwaysOneOfTheRecentDummies() {
    TimingFloor floor = new TimingFloor();
    for (long i = 1; i <= TimingFloor.SAMPLES + 10; i++) {
      floor.recordDummy(i * 1_000);
    }
    Set<Long> drawn = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      drawn.add(floor.drawFloorNanos());
    }

    // the first 10 were overwritten by the last 10: the ring holds the most recent SAMPLES
    assertThat(drawn).allSatisfy(n -> assertThat(n).isBetween(11_000L, (TimingFloor.SAMPLES + 10) * 1_000L));
    assertThat(drawn).hasSizeGreaterThan(TimingFloor.SAMPLES / 2);
  }

  @Test
  void padSince_waitsAtLeastTheFloor() {
    TimingFloor floor = new TimingFloor();
    floor.recordDummy(20_000_000); // 20 ms
    long started = System.nanoTime();

    floor.padSince(started);

    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(20_000_000);
  }
}
