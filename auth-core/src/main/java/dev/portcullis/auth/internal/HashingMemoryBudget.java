package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.AdmissionPolicy;

/**
 * The ceiling on the memory the native Argon2 backend keeps mapped for hashes that no engine
 * admitted (a hasher used on its own: {@code authctl calibrate}, the self-tests, benchmarks): the
 * largest {@link AdmissionPolicy#memoryBudgetKib() admission budget} of any engine started in
 * this JVM, or the default budget before any started. Hashes an engine admitted use that engine's
 * own arenas, bounded by its own budget ({@link Admission}).
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
