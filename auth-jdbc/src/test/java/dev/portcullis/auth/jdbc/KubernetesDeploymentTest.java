package dev.portcullis.auth.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.AuthConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A good deployment, as a Kubernetes pod gets it, starts: the documented {@code env:PORTCULLIS_*}
 * secret references and the service-link variables of a Service named portcullis are not refused
 * as unknown settings. A real Authenticator from a file, with its canary, on H2 and PostgreSQL.
 */
final class KubernetesDeploymentTest {

  private static final String CANARY_PASSWORD = "canary passphrase long enough";

  @TempDir Path directory;

  /** The environment of a pod: secrets the config references, and Kubernetes' service links. */
  private static Map<String, String> podEnvironment(boolean withDatabasePassword) {
    Map<String, String> environment = new HashMap<>();
    if (withDatabasePassword) {
      // unreferenced (an H2 store has no password) it would be refused, as a typo may be
      environment.put("PORTCULLIS_DB_PASSWORD", "db-password-from-a-secret");
    }
    environment.put("PORTCULLIS_CANARY_PASSWORD", CANARY_PASSWORD);
    environment.put("PORTCULLIS_SERVICE_HOST", "10.96.12.7");
    environment.put("PORTCULLIS_SERVICE_PORT", "8080");
    environment.put("PORTCULLIS_PORT", "tcp://10.96.12.7:8080");
    environment.put("PORTCULLIS_PORT_8080_TCP", "tcp://10.96.12.7:8080");
    environment.put("PORTCULLIS_PORT_8080_TCP_PROTO", "tcp");
    environment.put("PORTCULLIS_PORT_8080_TCP_PORT", "8080");
    environment.put("PORTCULLIS_PORT_8080_TCP_ADDR", "10.96.12.7");
    return environment;
  }

  private AuthConfig load(List<String> storeLines, boolean withDatabasePassword)
      throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "config.schema = 1",
        "revision = k8s-2026-12-07.1",
        "hashing.preset = owasp-argon2id-m19456-t2",
        "pepper = none",
        "preflight.canary.main.username = canary-1",
        "preflight.canary.main.password = env:PORTCULLIS_CANARY_PASSWORD"));
    lines.addAll(storeLines);
    Path file = directory.resolve("auth.properties");
    Files.write(file, lines, UTF_8);
    return AuthConfigLoader.create()
        .file(file)
        .environment(podEnvironment(withDatabasePassword))
        .systemProperties(Map.of())
        .load();
  }

  private static void startsAndServes(AuthConfig config, JdbcCredentialStore store) {
    try (Authenticator provisioning =
        Authenticator.builder(config, store).preflightOnCreate(Set.of()).build()) {
      provisioning.setPassword("canary-1", CANARY_PASSWORD.toCharArray());
    }
    // the default on-create preflight, canary included
    try (Authenticator auth = Authenticator.create(config, store)) {
      assertThat(auth.verify("canary-1", CANARY_PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
    }
  }

  @Test
  void podOnH2_starts() throws IOException {
    AuthConfig config =
        load(List.of("store.type = h2", "store.h2.directory = " + directory.resolve("data")), false);

    try (JdbcCredentialStore store = JdbcStores.open(config.store())) {
      store.createSchema();
      startsAndServes(config, store);
    }
  }

  @Test
  void podOnPostgres_withTheDocumentedPasswordVariable_starts() throws IOException {
    try (PostgresTestDatabase database = PostgresTestDatabase.createOrSkip()) {
      AuthConfig config = load(List.of(
          "store.type = jdbc",
          "store.jdbc.url = " + database.url(),
          "store.jdbc.user = " + database.user(),
          "store.jdbc.password = env:PORTCULLIS_DB_PASSWORD"), true);

      try (JdbcCredentialStore store = JdbcStores.open(config.store())) {
        store.createSchema();
        startsAndServes(config, store);
      }
    }
  }
}
