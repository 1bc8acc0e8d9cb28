package dev.portcullis.auth.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.TelemetryPolicy;
import dev.portcullis.auth.internal.SpikeDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spike detector's rules on hand-made outcome sequences (no hashing involved). */
final class SpikeDetectorTest {

  private final SpikeDetector detector = new SpikeDetector(TelemetryPolicy.defaults());
  private Instant now = Instant.parse("2026-11-26T12:00:00Z");
  private int user;

  private SpikeDetector.Transitions record(Outcome outcome, String scheme, String keyId) {
    now = now.plusMillis(100);
    return detector.record(outcome, scheme, keyId, user++, now);
  }

  private SpikeDetector.Transitions record(Outcome outcome) {
    return record(outcome, "argon2id", "k1");
  }

  @Test
  void aQuietServiceWithAFewTypos_doesNotAlarm() {
    for (int i = 0; i < 5; i++) {
      assertThat(record(Outcome.BAD_PASSWORD).isEmpty()).isTrue();
    }
    record(Outcome.SUCCESS);

    assertThat(detector.active()).isEmpty();
  }

  @Test
  void systemOutcomes_alarmAfterTheMinimumCountNamingTheCause() {
    for (int i = 0; i < 20; i++) {
      record(Outcome.SUCCESS);
    }
    List<Anomaly> raised = List.of();
    for (int i = 0; i < 5 && raised.isEmpty(); i++) {
      raised = record(Outcome.STORE_UNAVAILABLE, "-", "k1").raised;
    }

    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).cause()).isEqualTo(AnomalyCause.STORE);
    assertThat(raised.get(0).evidence()).startsWith("STORE_UNAVAILABLE 5 of 25 verifications");
    assertThat(detector.systemOrConfigurationActive()).isTrue();
  }

  @Test
  void storeCallsStuckPastTheirDeadline_raiseStoreWithoutAnyOutcome_andClearOnceTheyEnd() {
    for (int i = 0; i < 20; i++) {
      record(Outcome.SUCCESS);
    }

    List<Anomaly> raised = detector.storeCallsOverdue(2, 4_200, now).raised;

    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).cause()).isEqualTo(AnomalyCause.STORE);
    assertThat(raised.get(0).evidence())
        .isEqualTo("2 store call(s) in flight past their deadline, the oldest for 4200 ms"
            + " (the store or the network is stalled)");
    now = now.plusSeconds(1);
    assertThat(detector.storeCallsOverdue(0, 0, now).cleared).isEmpty(); // not at once
    now = now.plusSeconds(31); // half the 60 s window after the rule was last true
    assertThat(detector.storeCallsOverdue(0, 0, now).cleared).hasSize(1);
    assertThat(detector.active()).isEmpty();
  }

  @Test
  void eachSystemOutcome_mapsToItsCause() {
    assertThat(causeAfterFive(Outcome.OVERLOADED)).isEqualTo(AnomalyCause.OVERLOAD);
    assertThat(causeAfterFive(Outcome.INTERNAL_ERROR)).isEqualTo(AnomalyCause.INTERNAL);
    assertThat(causeAfterFive(Outcome.UNSUPPORTED_HASH)).isEqualTo(AnomalyCause.CONFIGURATION);
    assertThat(causeAfterFive(Outcome.HASH_PARAMS_REJECTED)).isEqualTo(AnomalyCause.CONFIGURATION);
    assertThat(causeAfterFive(Outcome.PEPPER_KEY_MISSING)).isEqualTo(AnomalyCause.CONFIGURATION);
  }

  private static AnomalyCause causeAfterFive(Outcome outcome) {
    SpikeDetector fresh = new SpikeDetector(TelemetryPolicy.defaults());
    Instant at = Instant.parse("2026-11-26T12:00:00Z");
    for (int i = 0; i < 5; i++) {
      fresh.record(outcome, "argon2id", null, i, at.plusSeconds(i));
    }
    return fresh.active().get(0).cause();
  }

  @Test
  void badPasswordsConcentratedOnOneKey_areConfigurationWithTheKeyAsEvidence() {
    for (int i = 0; i < 100; i++) {
      record(i % 10 == 0 ? Outcome.BAD_PASSWORD : Outcome.SUCCESS, "argon2id", i % 2 == 0 ? "k1" : "k2");
    }
    List<Anomaly> raised = List.of();
    for (int i = 0; i < 100 && raised.isEmpty(); i++) {
      raised = record(i % 2 == 0 ? Outcome.BAD_PASSWORD : Outcome.SUCCESS, "argon2id", "k1").raised;
    }

    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).cause()).isEqualTo(AnomalyCause.CONFIGURATION);
    assertThat(raised.get(0).evidence()).contains("UNKNOWN_USER").contains("flat").contains("on pepper key k1");
  }

  @Test
  void unknownUsersRising_isCredentialStuffing() {
    for (int i = 0; i < 100; i++) {
      record(i % 10 == 0 ? Outcome.BAD_PASSWORD : Outcome.SUCCESS);
    }
    List<Anomaly> raised = List.of();
    for (int i = 0; i < 200 && raised.isEmpty(); i++) {
      raised = record(i % 4 == 0 ? Outcome.SUCCESS : Outcome.UNKNOWN_USER, "-", "k1").raised;
    }

    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).cause()).isEqualTo(AnomalyCause.CREDENTIAL_STUFFING);
    assertThat(raised.get(0).evidence()).contains("distinct usernames");
  }

  @Test
  void unknownUsersRisingRightAfterAConfigChange_isConfigurationWithTheChangeAsEvidence() {
    for (int i = 0; i < 100; i++) {
      record(i % 10 == 0 ? Outcome.BAD_PASSWORD : Outcome.SUCCESS);
    }
    detector.configurationChanged("aaaa", "bbbb", "B", now);
    List<Anomaly> raised = List.of();
    for (int i = 0; i < 200 && raised.isEmpty(); i++) {
      raised = record(i % 4 == 0 ? Outcome.SUCCESS : Outcome.UNKNOWN_USER, "-", "k1").raised;
    }

    // a store pointed at the wrong database makes everyone unknown: not an attack
    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).cause()).isEqualTo(AnomalyCause.CONFIGURATION);
    assertThat(raised.get(0).evidence())
        .contains("after the configuration changed (fingerprint aaaa -> bbbb, revision B)");
  }

  @Test
  void aConfigChangeLongBeforeTheSpike_isNotBlamed() {
    detector.configurationChanged("aaaa", "bbbb", "B", now);
    now = now.plus(Duration.ofMinutes(10));
    for (int i = 0; i < 100; i++) {
      record(i % 10 == 0 ? Outcome.BAD_PASSWORD : Outcome.SUCCESS);
    }
    List<Anomaly> raised = List.of();
    for (int i = 0; i < 200 && raised.isEmpty(); i++) {
      raised = record(i % 4 == 0 ? Outcome.SUCCESS : Outcome.UNKNOWN_USER, "-", "k1").raised;
    }

    assertThat(raised.get(0).cause()).isEqualTo(AnomalyCause.CREDENTIAL_STUFFING);
    assertThat(raised.get(0).evidence()).doesNotContain("configuration changed");
  }

  @Test
  void anAnomaly_clearsHalfAWindowAfterItsRuleStopsFiring() {
    for (int i = 0; i < 5; i++) {
      record(Outcome.STORE_UNAVAILABLE, "-", "k1");
    }
    assertThat(detector.active()).hasSize(1);

    now = now.plus(Duration.ofSeconds(61));
    List<Anomaly> cleared = record(Outcome.SUCCESS).cleared;

    assertThat(cleared).extracting(Anomaly::cause).containsExactly(AnomalyCause.STORE);
    assertThat(detector.active()).isEmpty();
  }

  @Test
  void countsLeaveTheWindowAsTimeMoves() {
    for (int i = 0; i < 10; i++) {
      record(Outcome.SUCCESS);
    }
    assertThat(detector.recentOutcomes(now).get(Outcome.SUCCESS)).isEqualTo(10);

    assertThat(detector.recentOutcomes(now.plusSeconds(30)).get(Outcome.SUCCESS)).isEqualTo(10);
    assertThat(detector.recentOutcomes(now.plusSeconds(61)).get(Outcome.SUCCESS)).isZero();
  }

  @Test
  void theBaseline_isLearnedFromNormalTraffic() {
    for (int second = 0; second < 600; second++) {
      for (int i = 0; i < 2; i++) {
        now = now.plusMillis(500);
        detector.record(
            (second * 2 + i) % 25 == 0 ? Outcome.BAD_PASSWORD : Outcome.SUCCESS, "argon2id", null, i, now);
      }
    }

    assertThat(detector.baselineFailureShare()).isBetween(0.03, 0.06);
    assertThat(detector.active()).isEmpty();
  }
}
