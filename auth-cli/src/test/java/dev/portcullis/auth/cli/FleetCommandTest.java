package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.jdbc.PostgresTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * authctl fleet, and the fleet line of authctl check, over service instances (real
 * Authenticators, each with its own store) sharing an embedded H2 store and PostgreSQL.
 */
final class FleetCommandTest {

  @TempDir Path directory;
  private String config = "";
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void initialised() {
    assertThat(authctl("", "init", directory.toString()).exitCode).isZero();
    config = directory.resolve("auth.properties").toString();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private static AuthConfig load(String file) {
    return AuthConfigLoader.create().file(Path.of(file)).environment(Map.of())
        .systemProperties(Map.of()).load();
  }

  /** One service instance: its own store on the configured database, and an Authenticator. */
  private Authenticator instance(AuthConfig config, String instanceId) {
    JdbcCredentialStore store = JdbcStores.open(config.store());
    opened.add(store);
    Authenticator auth = Authenticator.builder(config, store).instanceId(instanceId).build();
    opened.add(auth);
    return auth;
  }

  @Test
  void fleet_halfUpdatedDeployment_isSplitAndExits1_thenConvergedExits0() {
    AuthConfig current = load(config);
    AuthConfig next = current.toBuilder().revision("r-next").build();
    instance(current, "web-1");
    instance(current, "web-2");
    Authenticator updated = instance(next, "web-3");

    CliRun split = authctl("", "fleet", "--config", config);
    assertThat(split.exitCode).as(split.err).isEqualTo(1);
    assertThat(split.out).startsWith("SPLIT 3 live instances: 2 run revision " + current.revision()
        + " (fingerprint " + current.fingerprint().substring(0, 8) + ".."
        + "), 1 runs revision r-next (fingerprint " + next.fingerprint().substring(0, 8) + "..)\n");
    assertThat(split.out).contains("  web-1  revision " + current.revision() + "  fingerprint "
        + current.fingerprint() + "  started ").contains("  web-3  revision r-next");

    CliRun json = authctl("", "fleet", "--config", config, "--json");
    assertThat(json.exitCode).isEqualTo(1);
    assertThat(json.out).startsWith("{\"status\":\"recorded\"").contains("\"split\":true")
        .contains("{\"revision\":\"r-next\",\"fingerprint\":\"" + next.fingerprint()
            + "\",\"instances\":1}")
        .contains("\"instanceId\":\"web-2\"");

    CliRun check = authctl("", "check", "--config", config);
    assertThat(check.out).contains("fleet: SPLIT 3 live instances: 2 run revision ");
    assertThat(authctl("", "check", "--config", config, "--json").out)
        .contains("\"fleet\":{\"status\":\"recorded\"");

    updated.close(); // the odd one out is rolled back: a clean close leaves at once
    CliRun converged = authctl("", "fleet", "--config", config);
    assertThat(converged.exitCode).isZero();
    assertThat(converged.out).startsWith("2 live instances: 2 run revision " + current.revision());
  }

  @Test
  void authctlItself_neverCountsAsAnInstance() {
    assertThat(authctl("", "check", "--config", config).out).contains("fleet: no live instances");
    authctl("correct horse battery staple\n", "user", "add", "--config", config, "alice");

    CliRun fleet = authctl("", "fleet", "--config", config);

    assertThat(fleet.exitCode).isZero();
    assertThat(fleet.out).isEqualTo("no live instances\n");
  }

  @Test
  void fleet_withoutAStore_isAnError() throws IOException {
    Path noStore = directory.resolve("nostore.properties");
    Files.writeString(noStore, Files.readString(Path.of(config), UTF_8)
        .replace("store.type = h2", "store.type = none")
        .replace("store.h2.directory = data\n", ""), UTF_8);

    CliRun run = authctl("", "fleet", "--config", noStore.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("the config names no store");
  }

  @Test
  void fleet_onPostgres_listsEveryInstance() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.createOrSkip()) {
      Path file = directory.resolve("pg.properties");
      Files.writeString(file, Files.readString(Path.of(config), UTF_8)
          .replace("store.type = h2", "store.type = jdbc")
          .replace("store.h2.directory = data",
              "store.jdbc.url = " + database.url() + "\nstore.jdbc.user = " + database.user()),
          UTF_8);
      try (JdbcCredentialStore store = JdbcStores.open(database.policy())) {
        store.createSchema();
      }
      AuthConfig current = load(file.toString());
      instance(current, "pod-a");
      instance(current, "pod-b");

      CliRun fleet = authctl("", "fleet", "--config", file.toString());

      assertThat(fleet.exitCode).as(fleet.err).isZero();
      assertThat(fleet.out).startsWith("2 live instances: 2 run revision " + current.revision())
          .contains("  pod-a  ").contains("  pod-b  ");
      close(); // before the schema is dropped
      opened.clear();
    }
  }
}
