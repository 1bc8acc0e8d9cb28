package dev.portcullis.auth.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.TelemetryPolicy;
import dev.portcullis.auth.internal.SpikeDetector;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A configuration anomaly's evidence names the fleet split; other causes do not. */
final class SpikeDetectorFleetTest {

  private static final String SPLIT =
      "fleet split: 3 of 5 instances run revision r-18, fingerprint 9f1c6a2b..;"
          + " 2 of 5 instances run revision r-17, fingerprint 3aab91c0..";

  private static Anomaly firstAfterFive(Outcome outcome, String split) {
    SpikeDetector detector = new SpikeDetector(TelemetryPolicy.defaults());
    detector.fleetChanged(split);
    Instant at = Instant.parse("2026-12-07T12:00:00Z");
    for (int i = 0; i < 5; i++) {
      detector.record(outcome, "argon2id", null, i, at.plusSeconds(i));
    }
    return detector.active().get(0);
  }

  @Test
  void configurationAnomaly_namesTheSplit() {
    Anomaly anomaly = firstAfterFive(Outcome.PEPPER_KEY_MISSING, SPLIT);

    assertThat(anomaly.cause()).isEqualTo(AnomalyCause.CONFIGURATION);
    assertThat(anomaly.evidence()).endsWith("; " + SPLIT);
  }

  @Test
  void storeAnomaly_doesNotBlameTheSplit() {
    Anomaly anomaly = firstAfterFive(Outcome.STORE_UNAVAILABLE, SPLIT);

    assertThat(anomaly.cause()).isEqualTo(AnomalyCause.STORE);
    assertThat(anomaly.evidence()).doesNotContain("fleet split");
  }

  @Test
  void aFleetThatConvergedAgain_isNoLongerNamed() {
    SpikeDetector detector = new SpikeDetector(TelemetryPolicy.defaults());
    detector.fleetChanged(SPLIT);
    detector.fleetChanged(null);
    Instant at = Instant.parse("2026-12-07T12:00:00Z");
    for (int i = 0; i < 5; i++) {
      detector.record(Outcome.UNSUPPORTED_HASH, "argon2id", null, i, at.plusSeconds(i));
    }

    assertThat(detector.active().get(0).evidence()).doesNotContain("fleet split");
  }
}
