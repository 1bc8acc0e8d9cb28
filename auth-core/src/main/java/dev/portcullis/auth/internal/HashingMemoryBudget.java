package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.AdmissionPolicy;

/**
 * The process-wide ceiling on memory kept mapped for Argon2 between hashes: the largest {@link
 * AdmissionPolicy#memoryBudgetKib() admission budget} of any engine started in this JVM, or the
 * default budget before any started. The native Argon2 backend's arena pool never maps more than
 * this, so reused memory is bounded by the same number that bounds memory in flight.
 */
public final class HashingMemoryBudget {

  private static volatile int budgetKib = AdmissionPolicy.defaults().memoryBudgetKib();
  private static volatile boolean raised;

  private HashingMemoryBudget() {}

  /** Called by each {@link Admission}: the ceiling becomes the largest budget configured. */
  static synchronized void admitting(int memoryBudgetKib) {
    if (!raised || memoryBudgetKib > budgetKib) {
      budgetKib = memoryBudgetKib;
      raised = true;
    }
  }

  /** The ceiling now, in KiB. */
  public static int kib() {
    return budgetKib;
  }
}
