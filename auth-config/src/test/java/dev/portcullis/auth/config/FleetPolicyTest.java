package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FleetPolicyTest {

  @Test
  void defaults_areTheDocumentedOnes() {
    assertThat(FleetPolicy.defaults()).isEqualTo(new FleetPolicy(10, 30));
    assertThat(ExampleConfig.load(ExampleConfig.lines()).fleet()).isEqualTo(FleetPolicy.defaults());
  }

  @Test
  void loader_readsBothSettings_andTheyChangeTheFingerprint() {
    List<String> lines = new ArrayList<>(ExampleConfig.lines());
    lines.add("fleet.heartbeat-seconds = 2");
    lines.add("fleet.expiry-seconds = 5");

    AuthConfig config = ExampleConfig.load(lines);

    assertThat(config.fleet()).isEqualTo(new FleetPolicy(2, 5));
    assertThat(config.fingerprint())
        .isNotEqualTo(ExampleConfig.load(ExampleConfig.lines()).fingerprint());
  }

  @Test
  void expiryUnderTwiceTheHeartbeat_isAProblemAtItsLine() {
    List<String> lines = new ArrayList<>(ExampleConfig.lines());
    lines.add("fleet.heartbeat-seconds = 10");
    lines.add("fleet.expiry-seconds = 15");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ExampleConfig.load(lines));

    assertThat(e.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("fleet.expiry-seconds");
      assertThat(problem.origin()).endsWith(":" + lines.size());
      assertThat(problem.reason()).startsWith("is less than twice fleet.heartbeat-seconds = 10");
    });
  }

  @Test
  void constructor_refusesOutOfRangeValues_namingThem() {
    assertThatThrownBy(() -> new FleetPolicy(0, 30)).hasMessageStartingWith("heartbeatSeconds was 0");
    assertThatThrownBy(() -> new FleetPolicy(10, 19)).hasMessageStartingWith("expirySeconds was 19");
  }
}
