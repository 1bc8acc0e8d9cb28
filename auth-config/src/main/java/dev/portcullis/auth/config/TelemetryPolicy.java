package dev.portcullis.auth.config;

/**
 * Thresholds of the spike detector and the telemetry plumbing. Unlike the security choices these
 * have documented defaults ({@link #defaults()}), each chosen for a reason given below; every one
 * can be set in the config ({@code telemetry.*}).
 *
 * @param windowSeconds length of the sliding window the detector looks at (default 60: long
 *     enough to collect a minimum volume on a modest service, short enough to alarm within a
 *     minute)
 * @param buckets buckets the window is divided into (default 12, 5 seconds each: counts leave
 *     the window in steps of 1/12, and each step is O(1))
 * @param minVolume verifications the window must hold before a failure-share anomaly can be
 *     raised (default 50: a quiet service with three typos in a row must not alarm)
 * @param failureShareFactorPercent how far above its learned baseline the failure share must
 *     rise, in percent of the baseline (default 200: twice the usual share)
 * @param failureShareMarginPercent and by how many percentage points at least (default 10: a
 *     baseline of 1% doubling to 2% is noise, not an incident)
 * @param initialFailureSharePercent the baseline assumed before one has been learned (default
 *     10: typical typo rates are 5-10%)
 * @param systemMinCount SYSTEM outcomes in the window that raise an anomaly without waiting for
 *     {@code minVolume} (default 5: they are normally zero, so a handful is already a signal)
 * @param systemSharePercent and the share of the window they must reach (default 5)
 * @param warnIntervalSeconds at most one WARN line per SYSTEM outcome per interval, the rest
 *     counted as suppressed (default 10: an outage must not flood the log)
 * @param listenerQueueCapacity events queued for listeners before new ones are dropped and
 *     counted (default 10000: a slow listener never stalls a verification)
 */
public record TelemetryPolicy(
    int windowSeconds,
    int buckets,
    int minVolume,
    int failureShareFactorPercent,
    int failureShareMarginPercent,
    int initialFailureSharePercent,
    int systemMinCount,
    int systemSharePercent,
    int warnIntervalSeconds,
    int listenerQueueCapacity) {

  private static final TelemetryPolicy DEFAULTS =
      new TelemetryPolicy(60, 12, 50, 200, 10, 10, 5, 5, 10, 10_000);

  /**
   * Validates every threshold.
   *
   * @throws IllegalArgumentException naming the first threshold out of range, with the range
   */
  public TelemetryPolicy {
    range("windowSeconds", windowSeconds, 1, 86_400);
    range("buckets", buckets, 1, 3_600);
    range("minVolume", minVolume, 1, Integer.MAX_VALUE);
    range("failureShareFactorPercent", failureShareFactorPercent, 101, 10_000);
    range("failureShareMarginPercent", failureShareMarginPercent, 1, 100);
    range("initialFailureSharePercent", initialFailureSharePercent, 0, 100);
    range("systemMinCount", systemMinCount, 1, Integer.MAX_VALUE);
    range("systemSharePercent", systemSharePercent, 1, 100);
    range("warnIntervalSeconds", warnIntervalSeconds, 0, 86_400);
    range("listenerQueueCapacity", listenerQueueCapacity, 1, 10_000_000);
    if (windowSeconds % buckets != 0) {
      throw new IllegalArgumentException(
          "windowSeconds was " + windowSeconds + ", must be a multiple of buckets (" + buckets + ")");
    }
  }

  /** The documented defaults. */
  public static TelemetryPolicy defaults() {
    return DEFAULTS;
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " was " + value + ", allowed is " + min + " to " + max);
    }
  }
}
