package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.Outcome;
import java.util.List;
import java.util.Map;

/**
 * What a readiness probe or an operator needs in one look: whether the authenticator is healthy,
 * which config is live, how the last reload went, what the spike detector sees now.
 *
 * @param status UP, or DEGRADED while an anomaly is active
 * @param revision the live config revision
 * @param fingerprint the live config fingerprint
 * @param lastReload the result of the last reload, or {@code none}
 * @param activeAnomalies anomalies raised and not yet cleared
 * @param recentOutcomes outcome counts in the detector's current window
 * @param storeCalls store calls in flight now, how many are past their deadline and the age of
 *     the oldest of those (a stall shows here while the calls are stuck)
 * @param fleet the configurations the instances sharing the store run, as of the last heartbeat
 * @param rehashHold why rehash-on-login is held under the live config (logins succeed, no stored
 *     hash is rewritten), or empty when it is not held
 */
public record Health(
    Status status,
    String revision,
    String fingerprint,
    String lastReload,
    List<Anomaly> activeAnomalies,
    Map<Outcome, Long> recentOutcomes,
    StoreCallHealth storeCalls,
    FleetView fleet,
    String rehashHold) {

  /** Overall status. */
  public enum Status {
    /** No anomaly active. */
    UP,
    /** An anomaly is active: see {@link #activeAnomalies()}. */
    DEGRADED
  }

  /**
   * Copies the collections.
   *
   * @throws NullPointerException if an argument is null
   */
  public Health {
    requireNonNull(status, "status");
    requireNonNull(revision, "revision");
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(lastReload, "lastReload");
    requireNonNull(storeCalls, "storeCalls");
    activeAnomalies = List.copyOf(activeAnomalies);
    recentOutcomes = Map.copyOf(recentOutcomes);
    requireNonNull(fleet, "fleet");
    requireNonNull(rehashHold, "rehashHold");
  }

  /**
   * A report with rehash-on-login not held.
   *
   * @throws NullPointerException if an argument is null
   */
  public Health(
      Status status,
      String revision,
      String fingerprint,
      String lastReload,
      List<Anomaly> activeAnomalies,
      Map<Outcome, Long> recentOutcomes,
      StoreCallHealth storeCalls,
      FleetView fleet) {
    this(status, revision, fingerprint, lastReload, activeAnomalies, recentOutcomes, storeCalls,
        fleet, "");
  }

  /**
   * A report without a fleet view (the store keeps no fleet registry) and with no store call in
   * flight.
   *
   * @throws NullPointerException if an argument is null
   */
  public Health(
      Status status,
      String revision,
      String fingerprint,
      String lastReload,
      List<Anomaly> activeAnomalies,
      Map<Outcome, Long> recentOutcomes) {
    this(status, revision, fingerprint, lastReload, activeAnomalies, recentOutcomes,
        StoreCallHealth.IDLE,
        FleetView.unavailable(FleetView.Status.NOT_SUPPORTED, "", java.time.Instant.EPOCH));
  }
}
