package dev.portcullis.auth.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.spi.FleetMember;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FleetViewTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String FP_17 = "3aab91c0d2e4f60718293a4b5c6d7e8f";
  private static final String FP_18 = "9f1c6a2b00112233445566778899aabb";

  private static FleetMember member(String id, String revision, String fingerprint, long ageSeconds) {
    return new FleetMember(id, revision, fingerprint, NOW.minusSeconds(3_600),
        NOW.minusSeconds(ageSeconds));
  }

  @Test
  void of_keepsOnlyMembersBeatingWithinTheExpiry() {
    FleetView view = FleetView.of(List.of(
        member("b", "r-18", FP_18, 0), member("a", "r-18", FP_18, 30),
        member("gone", "r-17", FP_17, 31)), NOW, Duration.ofSeconds(30));

    assertThat(view.members()).extracting(FleetMember::instanceId).containsExactly("a", "b");
    assertThat(view.split()).isFalse();
    assertThat(view.splitEvidence()).isEmpty();
    assertThat(view.describe()).isEqualTo("2 live instances: 2 run revision r-18 (fingerprint 9f1c6a2b..)");
  }

  @Test
  void split_namesEveryGroup_mostCommonFirst() {
    FleetView view = FleetView.of(List.of(
        member("1", "r-17", FP_17, 1), member("2", "r-18", FP_18, 1), member("3", "r-18", FP_18, 1),
        member("4", "r-17", FP_17, 1), member("5", "r-18", FP_18, 1)), NOW, Duration.ofSeconds(30));

    assertThat(view.groups()).containsExactly(
        new FleetView.Group("r-18", FP_18, 3), new FleetView.Group("r-17", FP_17, 2));
    assertThat(view.splitEvidence()).contains("fleet split: 3 of 5 instances run revision r-18,"
        + " fingerprint 9f1c6a2b..; 2 of 5 instances run revision r-17, fingerprint 3aab91c0..");
    assertThat(view.describe()).isEqualTo("5 live instances: 3 run revision r-18 (fingerprint"
        + " 9f1c6a2b..), 2 run revision r-17 (fingerprint 3aab91c0..)");
  }

  @Test
  void sameRevisionWithTwoFingerprints_isASplitToo() {
    FleetView view = FleetView.of(List.of(
        member("1", "r-18", FP_18, 1), member("2", "r-18", FP_17, 1)), NOW, Duration.ofSeconds(30));

    assertThat(view.split()).isTrue();
    assertThat(view.splitEvidence().orElseThrow()).contains("1 of 2 instances runs revision r-18");
  }

  @Test
  void unavailableViews_sayWhy() {
    assertThat(FleetView.unavailable(FleetView.Status.NOT_SUPPORTED, "", NOW).describe())
        .isEqualTo("not recorded: the store keeps no fleet registry");
    assertThat(FleetView.unavailable(FleetView.Status.UNAVAILABLE, "StoreException: down", NOW)
        .describe()).isEqualTo("unavailable: StoreException: down");
    assertThat(FleetView.of(List.of(), NOW, Duration.ofSeconds(30)).describe())
        .isEqualTo("no live instances");
  }
}
