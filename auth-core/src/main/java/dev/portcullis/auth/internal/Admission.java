package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.AdmissionPolicy;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A memory budget for hashing: a fair semaphore of KiB. A hash of {@code m} KiB is admitted when
 * {@code m} KiB are free, waiting up to the timeout; requests beyond the whole budget are refused
 * at once (they could never fit).
 */
public final class Admission {
  private final int budgetKib;
  private final long timeoutMillis;
  private final Semaphore free;

  /** A budget with nothing in flight. */
  public Admission(AdmissionPolicy policy) {
    this.budgetKib = policy.memoryBudgetKib();
    this.timeoutMillis = policy.timeoutMillis();
    this.free = new Semaphore(budgetKib, true);
    HashingMemoryBudget.admitting(budgetKib); // arenas kept between hashes stay within it too
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
      return free.tryAcquire(memoryKib, timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Returns memory taken by a successful {@link #acquire}. */
  public void release(int memoryKib) {
    if (memoryKib > 0) {
      free.release(memoryKib);
    }
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
