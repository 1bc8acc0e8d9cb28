package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The strictness over environment variables never refuses a good deployment: variables the
 * config references and Kubernetes service links are not settings, and the prefix is the
 * application's choice.
 */
final class AuthConfigLoaderEnvironmentTest {

  /** What Kubernetes injects into every pod of a namespace with a Service named portcullis. */
  static final Map<String, String> SERVICE_LINKS = Map.of(
      "PORTCULLIS_SERVICE_HOST", "10.96.12.7",
      "PORTCULLIS_SERVICE_PORT", "8080",
      "PORTCULLIS_SERVICE_PORT_HTTP", "8080",
      "PORTCULLIS_PORT", "tcp://10.96.12.7:8080",
      "PORTCULLIS_PORT_8080_TCP", "tcp://10.96.12.7:8080",
      "PORTCULLIS_PORT_8080_TCP_PROTO", "tcp",
      "PORTCULLIS_PORT_8080_TCP_PORT", "8080",
      "PORTCULLIS_PORT_8080_TCP_ADDR", "10.96.12.7",
      // and for a Service named portcullis-db
      "PORTCULLIS_DB_SERVICE_HOST", "10.96.40.2",
      "PORTCULLIS_DB_PORT_5432_TCP_ADDR", "10.96.40.2");

  private static List<String> jdbcExample() {
    List<String> lines = new ArrayList<>(ExampleConfig.lines());
    lines.add("store.type = jdbc");
    lines.add("store.jdbc.url = jdbc:postgresql://db.internal:5432/auth");
    lines.add("store.jdbc.user = portcullis");
    lines.add("store.jdbc.password = env:PORTCULLIS_DB_PASSWORD");
    return lines;
  }

  @Test
  void documentedDatabasePasswordVariable_isAReferenceNotAnUnknownSetting() {
    AuthConfig config =
        ExampleConfig.load(jdbcExample(), Map.of("PORTCULLIS_DB_PASSWORD", "s3cret-db-pass"));

    assertThat(config.store().jdbcPassword()).isNotNull();
  }

  @Test
  void variableReferencedFromAnotherVariable_isNotASettingEither() {
    List<String> lines = new ArrayList<>(ExampleConfig.lines());
    lines.add("store.type = jdbc");
    lines.add("store.jdbc.url = jdbc:postgresql://db.internal:5432/auth");
    lines.add("store.jdbc.user = portcullis");

    AuthConfig config = ExampleConfig.load(lines, Map.of(
        "PORTCULLIS_STORE_JDBC_PASSWORD", "env:PORTCULLIS_DB_SECRET",
        "PORTCULLIS_DB_SECRET", "s3cret-db-pass"));

    assertThat(config.store().jdbcPassword()).isNotNull();
  }

  @Test
  void unreferencedUnknownVariable_isStillRefused() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ExampleConfig.load(jdbcExample(), Map.of(
            "PORTCULLIS_DB_PASSWORD", "s3cret-db-pass", "PORTCULLIS_DB_PASSWRD", "old")));

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("PORTCULLIS_DB_PASSWRD");
    assertThat(e.getMessage()).doesNotContain("s3cret-db-pass");
  }

  @Test
  void kubernetesServiceLinks_areNotTypos() {
    AuthConfig config = ExampleConfig.load(ExampleConfig.lines(), SERVICE_LINKS);

    assertThat(config.revision()).isEqualTo("example-2026-11-26.1");
  }

  @Test
  void serviceLinkNameWithAValueOfAnotherForm_isStillRefused() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ExampleConfig.load(ExampleConfig.lines(), Map.of(
            "PORTCULLIS_STORE_PORT", "5432", // a Service link's _PORT is tcp://ip:port, not a number
            "PORTCULLIS_SERVICE_HOST", "not an address")));

    assertThat(e.problems()).extracting(ConfigProblem::key)
        .containsExactly("PORTCULLIS_SERVICE_HOST", "PORTCULLIS_STORE_PORT");
  }

  @Test
  void applicationPrefix_readsItsVariables_andLeavesPortcullisOnesAlone() {
    Map<String, String> environment = new HashMap<>(Map.of(
        "MYAPP_AUTH_REVISION", "from-env",
        "PORTCULLIS_ANYTHING", "belongs to another program"));

    AuthConfig config = AuthConfigLoader.create()
        .file(ExampleConfig.FILE)
        .environment(environment)
        .systemProperties(Map.of())
        .environmentPrefix("MYAPP_AUTH_")
        .load();

    assertThat(config.revision()).isEqualTo("from-env");
  }

  @Test
  void applicationPrefix_isStrictToo_andServiceLinksFollowIt() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AuthConfigLoader.create()
        .file(ExampleConfig.FILE)
        .environment(Map.of("MYAPP_AUTH_REVISON", "x", "MYAPP_AUTH_SERVICE_HOST", "10.0.0.1"))
        .systemProperties(Map.of())
        .environmentPrefix("MYAPP_AUTH_")
        .load());

    ConfigProblem problem = e.problems().get(0);
    assertThat(e.problems()).hasSize(1);
    assertThat(problem.key()).isEqualTo("MYAPP_AUTH_REVISON");
    assertThat(problem.hint()).isEqualTo("did you mean MYAPP_AUTH_REVISION?");
  }

  @Test
  void malformedPrefix_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> AuthConfigLoader.create().environmentPrefix("myapp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("environment prefix was \"myapp\"");
    assertThatThrownBy(() -> AuthConfigLoader.create().environmentPrefix("MYAPP"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
