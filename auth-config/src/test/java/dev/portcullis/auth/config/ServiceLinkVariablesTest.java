package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class ServiceLinkVariablesTest {

  @Test
  void everyFormKubernetesWrites_isRecognised() {
    AuthConfigLoaderEnvironmentTest.SERVICE_LINKS.forEach((name, value) ->
        assertThat(ServiceLinkVariables.isServiceLink(name.substring("PORTCULLIS_".length()), value))
            .as(name + "=" + value).isTrue());
    assertThat(ServiceLinkVariables.isServiceLink("PORT_53_UDP", "udp://[fd00::10]:53")).isTrue();
    assertThat(ServiceLinkVariables.isServiceLink("PORT_8080_TCP_ADDR", "fd00::10")).isTrue();
  }

  @Test
  void namesOrValuesOfAnotherForm_areNot() {
    Map<String, String> notLinks = Map.of(
        "REVISION", "10.0.0.1",
        "STORE_PORT", "5432",
        "SERVICE_HOST", "db.internal; rm -rf",
        "SERVICE_PORT", "http",
        "PORT_8080_TCP_PROTO", "http",
        "PORT_8080_TCP", "10.0.0.1:8080");
    notLinks.forEach((suffix, value) ->
        assertThat(ServiceLinkVariables.isServiceLink(suffix, value)).as(suffix + "=" + value).isFalse());
  }
}
