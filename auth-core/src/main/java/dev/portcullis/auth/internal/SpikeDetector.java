package dev.portcullis.auth.internal;

import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.TelemetryPolicy;
import dev.portcullis.auth.telemetry.Anomaly;
import dev.portcullis.auth.telemetry.AnomalyCause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Watches the outcome mix over a sliding time window and raises an {@link Anomaly} with a likely
 * cause when it departs clearly from normal.
 *
 * <h2>Window</h2>
 *
 * The window is a ring of buckets; every event adds to the current bucket and to running totals,
 * and a bucket leaving the window is subtracted from the totals, so each event costs O(1) (plus
 * the buckets skipped when time jumps, at most the bucket count).
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>SYSTEM outcomes</b>, normally zero: at least {@code systemMinCount} in the window and
 *       {@code systemSharePercent} of it. The cause follows the dominant outcome: store, overload,
 *       internal, or configuration (unsupported hash, missing pepper key, rejected parameters).
 *   <li><b>Client failures</b> (BAD_PASSWORD + UNKNOWN_USER): at least {@code minVolume}
 *       verifications in the window, a failure share at least {@code failureShareFactorPercent}
 *       of the learned baseline and {@code failureShareMarginPercent} points above it, and a
 *       z-score of at least {@value #MIN_Z_SCORE} against the baseline (so that random typos in a
 *       small window cannot alarm). If UNKNOWN_USER rose as well the cause is credential
 *       stuffing; if it stayed flat, valid users are being rejected: configuration, with where
 *       the failures concentrate as evidence.
 * </ul>
 *
 * The baseline is an exponentially weighted average of the window's shares, learned at each
 * bucket boundary while no client anomaly is active (so that an incident never becomes the new
 * normal). An anomaly clears once its rule has been false for half a window.
 *
 * <p>Thread-safe; {@link #record} is synchronized and short.
 */
public final class SpikeDetector {

  /** How many standard deviations above the baseline a failure spike must be. */
  static final double MIN_Z_SCORE = 4.0;

  /** Share of the excess failures that must be unknown usernames to call it credential stuffing. */
  private static final double STUFFING_SHARE_OF_EXCESS = 1.0 / 3;

  /** Weight of the newest window in the baseline average. */
  private static final double BASELINE_WEIGHT = 0.05;

  private static final int OUTCOMES = Outcome.values().length;
  private static final int MAX_LABELS_PER_BUCKET = 64;
  private static final int DISTINCT_BITS = 4096;

  private final TelemetryPolicy policy;
  private final long bucketMillis;
  private final long windowMillis;
  private final int bucketCount;
  private final long[][] bucketCounts;
  private final List<Map<String, Long>> bucketLabels = new ArrayList<>();
  private final long[][] bucketFailingUsers;
  private final long[] windowCounts = new long[OUTCOMES];
  private final Map<String, Long> windowLabels = new HashMap<>();
  private long currentBucket = Long.MIN_VALUE;

  private double baselineFailureShare;
  private double baselineUnknownShare;
  private final Map<AnomalyCause, Anomaly> active = new EnumMap<>(AnomalyCause.class);
  private final Map<AnomalyCause, Long> lastTrue = new EnumMap<>(AnomalyCause.class);
  private long configChangedMillis = Long.MIN_VALUE;
  /** Store calls running past their deadline, as last reported: a stall seen while it lasts. */
  private int overdueStoreCalls;
  private long oldestOverdueStoreCallMillis;
  private String configChange = "";
  private @Nullable String fleetSplit;

  /** What changed with one event: anomalies raised and anomalies cleared. */
  public static final class Transitions {
    /** Newly raised. */
    public final List<Anomaly> raised = new ArrayList<>();
    /** Newly cleared. */
    public final List<Anomaly> cleared = new ArrayList<>();

    /** True if nothing changed. */
    public boolean isEmpty() {
      return raised.isEmpty() && cleared.isEmpty();
    }
  }

  /** A detector with the policy's thresholds and an empty window. */
  public SpikeDetector(TelemetryPolicy policy) {
    this.policy = policy;
    this.bucketCount = policy.buckets();
    this.windowMillis = policy.windowSeconds() * 1_000L;
    this.bucketMillis = windowMillis / bucketCount;
    this.bucketCounts = new long[bucketCount][OUTCOMES];
    this.bucketFailingUsers = new long[bucketCount][DISTINCT_BITS / 64];
    for (int i = 0; i < bucketCount; i++) {
      bucketLabels.add(new HashMap<>());
    }
    this.baselineFailureShare = policy.initialFailureSharePercent() / 100.0;
    this.baselineUnknownShare = baselineFailureShare / 4;
  }

  /**
   * Counts one verification and evaluates the rules.
   *
   * @param outcome how it ended
   * @param scheme the stored hash's scheme, or {@code -}
   * @param pepperKeyId the pepper key id the stored hash names, or null
   * @param userKey a per-process hash of the username (never exposed), for counting distinct users
   * @param now when it happened
   */
  public synchronized Transitions record(
      Outcome outcome, String scheme, @Nullable String pepperKeyId, int userKey, Instant now) {
    long nowMillis = now.toEpochMilli();
    advance(nowMillis);
    int slot = slot(currentBucket);
    bucketCounts[slot][outcome.ordinal()]++;
    windowCounts[outcome.ordinal()]++;
    if (isFailure(outcome)) {
      if (!scheme.equals("-")) {
        label(slot, outcome.name() + " on scheme " + scheme);
      }
      if (pepperKeyId != null) {
        label(slot, outcome.name() + " on pepper key " + pepperKeyId);
      }
      if (outcome == Outcome.BAD_PASSWORD || outcome == Outcome.UNKNOWN_USER) {
        int bit = Math.floorMod(userKey, DISTINCT_BITS);
        bucketFailingUsers[slot][bit >>> 6] |= 1L << (bit & 63);
      }
    }
    return evaluate(now);
  }

  /**
   * Notes that the configuration was swapped: a failure spike within one window after it is
   * blamed on the configuration (even one that looks like credential stuffing: a store pointed at
   * the wrong database makes every user unknown), with the change as evidence.
   */
  public synchronized void configurationChanged(
      String fromFingerprint, String toFingerprint, String revision, Instant now) {
    configChangedMillis = now.toEpochMilli();
    configChange =
        "fingerprint " + fromFingerprint + " -> " + toFingerprint + ", revision " + revision;
  }

  /**
   * Notes how the fleet sharing the store is split across configurations (e.g. {@code fleet
   * split: 2 of 5 instances run revision r-17, ...}), or null when it runs one: a configuration
   * anomaly raised meanwhile names the split in its evidence.
   */
  public synchronized void fleetChanged(@Nullable String splitEvidence) {
    fleetSplit = splitEvidence;
  }

  /** The cause's evidence, with the fleet split appended to a configuration cause. */
  private String withFleetSplit(AnomalyCause cause, String evidence) {
    String split = fleetSplit;
    return cause == AnomalyCause.CONFIGURATION && split != null ? evidence + "; " + split : evidence;
  }

  /**
   * Notes the store calls running past their deadline now and evaluates the rules: any such call
   * raises {@code store} at once, without waiting for outcomes (a stalled driver may not return
   * for minutes, and a service with few logins would otherwise show nothing). The engine reports
   * them every second and at each health check.
   *
   * @param overdue calls running past their deadline
   * @param oldestMillis how long the oldest of them has been running
   */
  public synchronized Transitions storeCallsOverdue(int overdue, long oldestMillis, Instant now) {
    overdueStoreCalls = overdue;
    oldestOverdueStoreCallMillis = oldestMillis;
    advance(now.toEpochMilli());
    return evaluate(now);
  }

  private boolean recentlyChanged(long nowMillis) {
    return configChangedMillis != Long.MIN_VALUE && nowMillis - configChangedMillis <= windowMillis;
  }

  private String changeEvidence(long nowMillis) {
    return "; it started " + (nowMillis - configChangedMillis) / 1_000
        + " s after the configuration changed (" + configChange + ")";
  }

  /** Anomalies raised and not cleared. */
  public synchronized List<Anomaly> active() {
    return List.copyOf(active.values());
  }

  /** Whether a SYSTEM or configuration cause is active (failures should not count toward throttling). */
  public synchronized boolean systemOrConfigurationActive() {
    for (AnomalyCause cause : active.keySet()) {
      if (cause != AnomalyCause.CREDENTIAL_STUFFING) {
        return true;
      }
    }
    return false;
  }

  /** Whether a configuration cause is active (failures should not count against users). */
  public synchronized boolean configurationActive() {
    return active.containsKey(AnomalyCause.CONFIGURATION);
  }

  /** Outcome counts in the current window, as of {@code now}. */
  public synchronized Map<Outcome, Long> recentOutcomes(Instant now) {
    advance(now.toEpochMilli());
    Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome, windowCounts[outcome.ordinal()]);
    }
    return counts;
  }

  /** The learned baseline failure share (0..1). */
  public synchronized double baselineFailureShare() {
    return baselineFailureShare;
  }

  private static boolean isFailure(Outcome outcome) {
    return outcome == Outcome.BAD_PASSWORD
        || outcome == Outcome.UNKNOWN_USER
        || outcome.category() == Outcome.Category.SYSTEM;
  }

  private void label(int slot, String label) {
    Map<String, Long> labels = bucketLabels.get(slot);
    if (!labels.containsKey(label) && labels.size() >= MAX_LABELS_PER_BUCKET) {
      return; // bounded memory; the evidence names the largest concentrations only
    }
    labels.merge(label, 1L, Long::sum);
    windowLabels.merge(label, 1L, Long::sum);
  }

  private int slot(long bucket) {
    return (int) Math.floorMod(bucket, (long) bucketCount);
  }

  /** Moves the window to {@code nowMillis}, evicting buckets and learning the baseline. */
  private void advance(long nowMillis) {
    long bucket = Math.floorDiv(nowMillis, bucketMillis);
    if (currentBucket == Long.MIN_VALUE) {
      currentBucket = bucket;
      return;
    }
    if (bucket <= currentBucket) {
      return; // same bucket, or the clock stepped back: keep counting in the current one
    }
    long steps = Math.min(bucket - currentBucket, bucketCount);
    for (long i = 1; i <= steps; i++) {
      learnBaseline();
      evict(slot(currentBucket + i));
    }
    currentBucket = bucket;
  }

  private void evict(int slot) {
    for (int outcome = 0; outcome < OUTCOMES; outcome++) {
      windowCounts[outcome] -= bucketCounts[slot][outcome];
      bucketCounts[slot][outcome] = 0;
    }
    for (Map.Entry<String, Long> label : bucketLabels.get(slot).entrySet()) {
      windowLabels.computeIfPresent(
          label.getKey(), (key, count) -> count - label.getValue() <= 0 ? null : count - label.getValue());
    }
    bucketLabels.get(slot).clear();
    java.util.Arrays.fill(bucketFailingUsers[slot], 0L);
  }

  private void learnBaseline() {
    long volume = volume();
    if (volume < policy.minVolume() || clientAnomalyActive()) {
      return;
    }
    double failureShare = (double) clientFailures() / volume;
    double unknownShare = (double) windowCounts[Outcome.UNKNOWN_USER.ordinal()] / volume;
    baselineFailureShare += BASELINE_WEIGHT * (failureShare - baselineFailureShare);
    baselineUnknownShare += BASELINE_WEIGHT * (unknownShare - baselineUnknownShare);
  }

  private boolean clientAnomalyActive() {
    return active.containsKey(AnomalyCause.CREDENTIAL_STUFFING)
        || active.containsKey(AnomalyCause.CONFIGURATION);
  }

  /** Verifications that checked a credential (malformed and throttled attempts did not). */
  private long volume() {
    long volume = 0;
    for (Outcome outcome : Outcome.values()) {
      if (outcome != Outcome.MALFORMED_INPUT && outcome != Outcome.THROTTLED) {
        volume += windowCounts[outcome.ordinal()];
      }
    }
    return volume;
  }

  private long clientFailures() {
    return windowCounts[Outcome.BAD_PASSWORD.ordinal()]
        + windowCounts[Outcome.UNKNOWN_USER.ordinal()];
  }

  private long systemCount() {
    long count = 0;
    for (Outcome outcome : Outcome.values()) {
      if (outcome.category() == Outcome.Category.SYSTEM) {
        count += windowCounts[outcome.ordinal()];
      }
    }
    return count;
  }

  private Transitions evaluate(Instant now) {
    Map<AnomalyCause, String> firing = new EnumMap<>(AnomalyCause.class);
    long volume = volume();
    long system = systemCount();
    if (system >= policy.systemMinCount() && system * 100 >= (long) policy.systemSharePercent() * volume) {
      Outcome dominant = dominantSystemOutcome();
      String evidence = systemEvidence(dominant, volume);
      if (recentlyChanged(now.toEpochMilli())) {
        evidence += changeEvidence(now.toEpochMilli());
      }
      firing.put(causeOf(dominant), withFleetSplit(causeOf(dominant), evidence));
    }
    if (overdueStoreCalls > 0) {
      String stuck = overdueStoreCalls + " store call(s) in flight past their deadline, the oldest"
          + " for " + oldestOverdueStoreCallMillis + " ms (the store or the network is stalled)";
      firing.merge(AnomalyCause.STORE, stuck, (outcomes, calls) -> outcomes + "; " + calls);
    }
    if (volume >= policy.minVolume()) {
      double share = (double) clientFailures() / volume;
      double baseline = baselineFailureShare;
      double threshold =
          Math.max(
              baseline * policy.failureShareFactorPercent() / 100.0,
              baseline + policy.failureShareMarginPercent() / 100.0);
      double p = Math.min(Math.max(baseline, 0.005), 0.995);
      double z = (clientFailures() - p * volume) / Math.sqrt(volume * p * (1 - p));
      if (share >= threshold && z >= MIN_Z_SCORE) {
        // Which failures make up the excess over the baseline? If unknown usernames are a good
        // part of it, someone is replaying a list; if they are not, valid users are failing.
        long unknown = windowCounts[Outcome.UNKNOWN_USER.ordinal()];
        double excessUnknown = unknown - baselineUnknownShare * volume;
        double excessFailures = clientFailures() - baseline * volume;
        boolean unknownRose = excessUnknown >= STUFFING_SHARE_OF_EXCESS * excessFailures;
        String evidence = clientEvidence(volume, share, (double) unknown / volume, unknownRose);
        boolean afterChange = recentlyChanged(now.toEpochMilli());
        if (afterChange) {
          evidence += changeEvidence(now.toEpochMilli());
        }
        AnomalyCause cause =
            unknownRose && !afterChange
                ? AnomalyCause.CREDENTIAL_STUFFING
                : AnomalyCause.CONFIGURATION;
        firing.putIfAbsent(cause, withFleetSplit(cause, evidence));
      }
    }
    Transitions transitions = new Transitions();
    long nowMillis = now.toEpochMilli();
    for (Map.Entry<AnomalyCause, String> fire : firing.entrySet()) {
      lastTrue.put(fire.getKey(), nowMillis);
      if (!active.containsKey(fire.getKey())) {
        Anomaly anomaly = new Anomaly(fire.getKey(), fire.getValue(), now);
        active.put(fire.getKey(), anomaly);
        transitions.raised.add(anomaly);
      }
    }
    for (AnomalyCause cause : List.copyOf(active.keySet())) {
      Long last = lastTrue.get(cause);
      if (!firing.containsKey(cause) && last != null && nowMillis - last >= windowMillis / 2) {
        transitions.cleared.add(active.remove(cause));
      }
    }
    return transitions;
  }

  private Outcome dominantSystemOutcome() {
    Outcome dominant = Outcome.INTERNAL_ERROR;
    long most = -1;
    for (Outcome outcome : Outcome.values()) {
      if (outcome.category() == Outcome.Category.SYSTEM && windowCounts[outcome.ordinal()] > most) {
        most = windowCounts[outcome.ordinal()];
        dominant = outcome;
      }
    }
    return dominant;
  }

  private static AnomalyCause causeOf(Outcome systemOutcome) {
    switch (systemOutcome) {
      case STORE_UNAVAILABLE:
        return AnomalyCause.STORE;
      case OVERLOADED:
        return AnomalyCause.OVERLOAD;
      case INTERNAL_ERROR:
        return AnomalyCause.INTERNAL;
      default:
        return AnomalyCause.CONFIGURATION;
    }
  }

  private String systemEvidence(Outcome dominant, long volume) {
    long count = windowCounts[dominant.ordinal()];
    return String.format(
        Locale.ROOT,
        "%s %d of %d verifications in the last %d s (%s), normally none%s",
        dominant,
        count,
        volume,
        policy.windowSeconds(),
        percent(count, volume),
        concentration(dominant.name(), count));
  }

  private String clientEvidence(long volume, double share, double unknownShare, boolean unknownRose) {
    long bad = windowCounts[Outcome.BAD_PASSWORD.ordinal()];
    StringBuilder evidence =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "failed logins %s of %d verifications in the last %d s (baseline %s); "
                    + "BAD_PASSWORD %s, UNKNOWN_USER %s (baseline %s, %s)",
                percent(share),
                volume,
                policy.windowSeconds(),
                percent(baselineFailureShare),
                percent(bad, volume),
                percent(unknownShare),
                percent(baselineUnknownShare),
                unknownRose ? "rising with the failures" : "flat"));
    if (unknownRose) {
      evidence.append(String.format(Locale.ROOT,
          "; about %d distinct usernames among the failures", distinctFailingUsers()));
    } else {
      evidence.append(concentration(Outcome.BAD_PASSWORD.name(), bad));
    }
    return evidence.toString();
  }

  /** "; 91% of them on pepper key k1" for the largest scheme and key concentrations. */
  private String concentration(String outcome, long total) {
    if (total == 0) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (String kind : List.of(" on scheme ", " on pepper key ")) {
      String bestLabel = null;
      long best = 0;
      for (Map.Entry<String, Long> label : windowLabels.entrySet()) {
        if (label.getKey().startsWith(outcome + kind) && label.getValue() > best) {
          best = label.getValue();
          bestLabel = label.getKey().substring(outcome.length() + 1);
        }
      }
      if (bestLabel != null) {
        text.append("; ").append(percent(best, total)).append(" of them ").append(bestLabel);
      }
    }
    return text.toString();
  }

  /** Linear counting over the union of the buckets' bitmaps. */
  private long distinctFailingUsers() {
    long[] union = new long[DISTINCT_BITS / 64];
    for (long[] bucket : bucketFailingUsers) {
      for (int i = 0; i < union.length; i++) {
        union[i] |= bucket[i];
      }
    }
    int zeros = 0;
    for (long word : union) {
      zeros += Long.bitCount(~word);
    }
    if (zeros == 0) {
      return DISTINCT_BITS;
    }
    return Math.round(-DISTINCT_BITS * Math.log((double) zeros / DISTINCT_BITS));
  }

  private static String percent(long part, long whole) {
    return percent(whole == 0 ? 0 : (double) part / whole);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
