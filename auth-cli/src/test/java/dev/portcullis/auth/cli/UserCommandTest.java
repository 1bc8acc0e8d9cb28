package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.jdbc.PostgresTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authctl user add/passwd/delete/list and verify, on an embedded H2 store and on PostgreSQL. */
final class UserCommandTest {

  private static final String GOOD = "correct horse battery staple";
  private static final String OTHER = "a different but long passphrase";

  @TempDir Path directory;
  private String config = "";

  @BeforeEach
  void initialised() {
    assertThat(authctl("", "init", directory.toString()).exitCode).isZero();
    config = directory.resolve("auth.properties").toString();
  }

  @Test
  void add_thenVerify_succeeds() {
    CliRun add = authctl(GOOD + "\n", "user", "add", "--config", config, "alice");
    assertThat(add.exitCode).as(add.err).isZero();
    assertThat(add.out).isEqualTo("added alice\n");

    CliRun verified = authctl(GOOD + "\n", "verify", "--config", config, "alice");
    assertThat(verified.exitCode).isZero();
    assertThat(verified.out).isEqualTo("SUCCESS\n");

    CliRun wrong = authctl(OTHER + "\n", "verify", "--config", config, "alice");
    assertThat(wrong.exitCode).isEqualTo(1);
    assertThat(wrong.out).isEqualTo("BAD_PASSWORD\n");

    CliRun unknown = authctl(GOOD + "\n", "verify", "--config", config, "bob");
    assertThat(unknown.exitCode).isEqualTo(1);
    assertThat(unknown.out).isEqualTo("UNKNOWN_USER\n");
    for (CliRun run : new CliRun[] {add, verified, wrong, unknown}) {
      assertThat(run.out + run.err).doesNotContain(GOOD).doesNotContain(OTHER).doesNotContain("$argon2");
    }
  }

  @Test
  void add_weakPassword_printsEveryReasonAndExits1() {
    CliRun add = authctl("alice123\n", "user", "add", "--config", config, "alice");

    assertThat(add.exitCode).isEqualTo(1);
    assertThat(add.err)
        .contains("password refused for alice:")
        .contains("the new password contains the username (CONTAINS_USERNAME)");
    assertThat(add.err.lines().filter(line -> line.startsWith("  - ")).count()).isGreaterThanOrEqualTo(1);
    assertThat(add.out + add.err).doesNotContain("alice123");

    CliRun blocked = authctl("password\n", "user", "add", "--config", config, "alice");
    assertThat(blocked.exitCode).isEqualTo(1);
    assertThat(blocked.err).contains("(BLOCKLISTED)");
    assertThat(authctl("", "user", "list", "--config", config).out).isEmpty();
  }

  @Test
  void add_existingUser_isAnError() {
    authctl(GOOD + "\n", "user", "add", "--config", config, "alice");

    CliRun again = authctl(OTHER + "\n", "user", "add", "--config", config, "alice");

    assertThat(again.exitCode).isEqualTo(2);
    assertThat(again.err).contains("user alice already exists").contains("authctl user passwd");
    assertThat(authctl(GOOD + "\n", "verify", "--config", config, "alice").exitCode).isZero();
  }

  @Test
  void passwd_changesThePasswordOfAnExistingUserOnly() {
    authctl(GOOD + "\n", "user", "add", "--config", config, "alice");

    CliRun passwd = authctl(OTHER + "\n", "user", "passwd", "--config", config, "alice");
    assertThat(passwd.exitCode).as(passwd.err).isZero();
    assertThat(passwd.out).isEqualTo("password changed for alice\n");
    assertThat(authctl(OTHER + "\n", "verify", "--config", config, "alice").exitCode).isZero();
    assertThat(authctl(GOOD + "\n", "verify", "--config", config, "alice").exitCode).isEqualTo(1);

    CliRun weak = authctl("12345678\n", "user", "passwd", "--config", config, "alice");
    assertThat(weak.exitCode).isEqualTo(1);
    assertThat(weak.err).contains("(SEQUENTIAL)");

    CliRun ghost = authctl(OTHER + "\n", "user", "passwd", "--config", config, "ghost");
    assertThat(ghost.exitCode).isEqualTo(2);
    assertThat(ghost.err).contains("no user ghost in h2:");
  }

  @Test
  void delete_andList() {
    authctl(GOOD + "\n", "user", "add", "--config", config, "alice");
    authctl(OTHER + "\n", "user", "add", "--config", config, "bob");

    CliRun list = authctl("", "user", "list", "--config", config);
    assertThat(list.exitCode).isZero();
    assertThat(list.out.lines()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(list.out).doesNotContain("$argon2");

    CliRun delete = authctl("", "user", "delete", "--config", config, "bob");
    assertThat(delete.exitCode).isZero();
    assertThat(delete.out).isEqualTo("deleted bob\n");
    assertThat(authctl("", "user", "delete", "--config", config, "bob").exitCode).isEqualTo(2);
    assertThat(authctl("", "user", "list", "--config", config).out).isEqualTo("alice\n");
  }

  @Test
  void configWithoutStore_isAClearError() {
    CliRun list = authctl("", "user", "list", "--config", AuthCtlTest.EXAMPLE);

    assertThat(list.exitCode).isEqualTo(2);
    assertThat(list.err).contains("the config names no store: set store.type = h2");
    assertThat(authctl(GOOD + "\n", "verify", "--config", AuthCtlTest.EXAMPLE, "alice").exitCode)
        .isEqualTo(2);
  }

  @Test
  void postgres_withoutSchema_refusesThenWorksOnceCreated() throws IOException {
    try (PostgresTestDatabase database = PostgresTestDatabase.createOrSkip()) {
      Path file = directory.resolve("pg.properties");
      String text =
          Files.readString(Path.of(config), UTF_8)
              .replace("store.type = h2", "store.type = jdbc")
              .replace(
                  "store.h2.directory = data",
                  "store.jdbc.url = " + database.url() + "\nstore.jdbc.user = " + database.user());
      Files.writeString(file, text, UTF_8);

      CliRun refused = authctl(GOOD + "\n", "user", "add", "--config", file.toString(), "alice");
      assertThat(refused.exitCode).isEqualTo(2);
      assertThat(refused.err)
          .contains("no Portcullis schema in postgresql:test@127.0.0.1:5432: wrong database");

      try (var store = JdbcStores.open(database.policy())) {
        store.createSchema();
      }
      assertThat(authctl(GOOD + "\n", "user", "add", "--config", file.toString(), "alice").exitCode)
          .isZero();
      CliRun verified = authctl(GOOD + "\n", "verify", "--config", file.toString(), "alice");
      assertThat(verified.out).isEqualTo("SUCCESS\n");
    }
  }

  @Test
  void verify_onAWrongEmbeddedDirectory_failsWithoutCreatingADatabaseThere() throws IOException {
    Path wrong = directory.resolve("elsewhere.properties");
    Files.writeString(wrong, Files.readString(Path.of(config), UTF_8)
        .replace("store.h2.directory = data", "store.h2.directory = typo"), UTF_8);

    CliRun run = authctl(GOOD + "\n", "verify", "--config", wrong.toString(), "alice");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("no embedded H2 database in").contains("wrong store.h2.directory");
    assertThat(directory.resolve("typo")).doesNotExist();
  }
}
