package dev.portcullis.auth.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a known user's failed verification from answering sooner than an unknown user's would: an
 * unknown user costs a dummy verification under the live policy, and a stored hash cheaper than
 * the live policy (bcrypt 5, sha512-crypt 5000, Argon2id m=4096 t=3, not yet rehashed) would
 * otherwise tell an attacker, from one wrong guess, that the account exists.
 *
 * <p>The floor is drawn, per attempt, from the durations of the last {@value #SAMPLES} unknown
 * users' answers measured in this process (store lookup and dummy verification), so that a
 * padded answer's time is distributed like an unknown user's (a fixed floor would stand out as a
 * spike at one value). The wait parks the thread (no CPU is burnt), aiming short by the park's
 * measured overshoot. What remains: a
 * stored hash <em>heavier</em> than the live policy still takes longer than an unknown user.
 *
 * <p>Thread-safe; one per live configuration (a reload measures its own policy afresh).
 */
public final class TimingFloor {

  static final int SAMPLES = 64;

  private final AtomicLongArray recentNanos = new AtomicLongArray(SAMPLES);
  private final AtomicInteger recorded = new AtomicInteger();
  /** How late a park wakes, on average (an exponentially weighted mean, in nanoseconds). */
  private volatile long overshootNanos;

  /** Records how long one unknown user's answer (lookup and dummy verification) took. */
  public void recordDummy(long nanos) {
    if (nanos <= 0) {
      return;
    }
    int slot = Math.floorMod(recorded.getAndIncrement(), SAMPLES);
    recentNanos.set(slot, nanos);
  }

  /** The floor for one attempt: a recent unknown user's duration, at random; 0 before any. */
  long drawFloorNanos() {
    int filled = Math.min(Math.max(recorded.get(), 0), SAMPLES);
    if (filled == 0) {
      return 0;
    }
    return recentNanos.get(ThreadLocalRandom.current().nextInt(filled));
  }

  /**
   * Parks the calling thread until at least a drawn floor has passed since {@code startedNanos}
   * ({@link System#nanoTime}); returns at once if the attempt already took that long. An
   * interrupt ends the wait early and stays set.
   */
  public void padSince(long startedNanos) {
    long floor = drawFloorNanos();
    if (floor == 0) {
      return;
    }
    long deadline = startedNanos + floor;
    long aim = deadline - overshootNanos;
    long now = System.nanoTime();
    if (now - deadline >= 0) {
      return;
    }
    if (aim - now <= 0) {
      return; // closer to the floor than a park's lateness: parking would overshoot further
    }
    while (aim - now > 0 && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(aim - now);
      now = System.nanoTime();
    }
    // learn the park's lateness slowly (1/16 per wait), so that one descheduling cannot skew it
    long lateness = now - aim;
    overshootNanos = Math.max(0, overshootNanos + (lateness - overshootNanos) / 16);
  }
}
