package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.AdmissionPolicy;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A memory budget for hashing: a fair semaphore of KiB. A hash of {@code m} KiB is admitted when
 * {@code m} KiB are free, waiting up to the timeout; requests beyond the whole budget are refused
 * at once (they could never fit).
 *
 * <p>The same budget bounds the memory the native Argon2 backend keeps mapped for this engine:
 * while a thread holds an admission ({@link #heldByCurrentThread}), its hash takes an arena from
 * this admission's arena pool, whose total is this budget. Checking out an arena is therefore
 * admission, not a second decision that could disagree with it.
 */
public final class Admission {
  private final int budgetKib;
  private final long timeoutMillis;
  private final Semaphore free;

  /** The admission whose budget the current thread's hash runs in, and how deep (nesting). */
  private static final ThreadLocal<Held> HELD = new ThreadLocal<>();

  private static final class Held {
    final Admission admission;
    final @Nullable Held outer;

    Held(Admission admission, @Nullable Held outer) {
      this.admission = admission;
      this.outer = outer;
    }
  }

  /** A budget with nothing in flight. */
  public Admission(AdmissionPolicy policy) {
    this.budgetKib = policy.memoryBudgetKib();
    this.timeoutMillis = policy.timeoutMillis();
    this.free = new Semaphore(budgetKib, true);
    HashingMemoryBudget.admitting(budgetKib); // the ceiling for hashers used outside an engine
  }

  /**
   * Takes {@code memoryKib} from the budget, waiting up to the timeout.
   *
   * @return true if admitted (the caller must {@link #release} it), false if it did not fit in time
   */
  public boolean acquire(int memoryKib) {
    if (memoryKib <= 0) {
      return true;
    }
    if (memoryKib > budgetKib) {
      return false;
    }
    try {
      boolean admitted = free.tryAcquire(memoryKib, timeoutMillis, TimeUnit.MILLISECONDS);
      if (admitted) {
        HELD.set(new Held(this, HELD.get()));
      }
      return admitted;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns memory taken by a successful {@link #acquire}. */
  public void release(int memoryKib) {
    if (memoryKib > 0) {
      Held held = HELD.get();
      if (held != null && held.admission == this) {
        if (held.outer == null) {
          HELD.remove();
        } else {
          HELD.set(held.outer);
        }
      }
      free.release(memoryKib);
    }
  }

  /**
   * The admission the current thread holds memory from (the innermost, if nested), or null if it
   * holds none: a hasher used outside an engine, or a hash that costs no memory.
   */
  public static @Nullable Admission heldByCurrentThread() {
    Held held = HELD.get();
    return held == null ? null : held.admission;
  }

  /** The whole budget, in KiB. */
  public int budgetKib() {
    return budgetKib;
  }

  /** KiB in flight now. */
  public long inFlightKib() {
    return (long) budgetKib - free.availablePermits();
  }

  /** Hashes waiting for room now (an estimate). */
  public int queueLength() {
    return free.getQueueLength();
  }
}
