package dev.portcullis.auth.config;

/**
 * Bounds the memory that memory-hard hashing may use at once. A verification (or a dummy one for
 * an unknown user, or a rehash) is admitted while the sum of the memory parameters in flight fits
 * the budget; otherwise it waits up to the timeout, then ends as {@code OVERLOADED} instead of
 * exhausting memory (the Keycloak lesson).
 *
 * @param memoryBudgetKib the most Argon2 memory in flight at once, in KiB (default 524288, 512 MiB;
 *     must hold the largest stored hash the caps allow)
 * @param timeoutMillis how long a verification waits for room (default 2000)
 */
public record AdmissionPolicy(int memoryBudgetKib, int timeoutMillis) {

  private static final AdmissionPolicy DEFAULTS = new AdmissionPolicy(524_288, 2_000);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting out of range
   */
  public AdmissionPolicy {
    if (memoryBudgetKib < 8) {
      throw new IllegalArgumentException(
          "memoryBudgetKib was " + memoryBudgetKib + ", must be at least 8");
    }
    if (timeoutMillis < 0 || timeoutMillis > 600_000) {
      throw new IllegalArgumentException(
          "timeoutMillis was " + timeoutMillis + ", allowed is 0 to 600000");
    }
  }

  /** The documented defaults. */
  public static AdmissionPolicy defaults() {
    return DEFAULTS;
  }
}
