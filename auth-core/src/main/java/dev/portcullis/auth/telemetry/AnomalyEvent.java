package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An anomaly was raised, or has cleared.
 *
 * @param time when
 * @param anomaly the anomaly
 * @param raised true when raised, false when the condition has cleared
 */
public record AnomalyEvent(Instant time, Anomaly anomaly, boolean raised) {

  /**
   * Creates the event.
   *
   * @throws NullPointerException if an argument is null
   */
  public AnomalyEvent {
    requireNonNull(time, "time");
    requireNonNull(anomaly, "anomaly");
  }
}
