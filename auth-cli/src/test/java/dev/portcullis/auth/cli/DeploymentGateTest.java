package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.jdbc.PostgresTestDatabase;
import dev.portcullis.auth.spi.StoredCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authctl check} as a deployment gate, on real broken deployments: an embedded store is
 * filled under config A (a pepper key, a canary, a legacy bcrypt user), then a config B with one
 * mistake is checked against it. Each mistake must fail the gate with a message that names it;
 * config A itself must pass.
 */
final class DeploymentGateTest {

  private static final String PASSWORD = "zebra quartz lantern orbit";
  private static final String CANARY_PASSWORD = "sentinel phrase for the gate";
  /** Written by mkpasswd -m bcrypt -R 5 (auth-core's vectors/legacy/unix-tools.tsv). */
  private static final String BCRYPT_BY_MKPASSWD =
      "$2b$05$A5SCf5X4wdP99zAkdROiCeR0wzTBztOJMuewE0L8dZ.rncXDUt5WC";
  private static final String K1 = "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE="; // 32 bytes
  private static final String K1_CHANGED = "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk=";
  private static final String K2 = "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI=";

  @TempDir Path directory;

  /** Config A: the deployment the store was filled under. */
  private String configA() {
    return String.join("\n",
        "config.schema = 1",
        "revision = A",
        "hashing.scheme = argon2id",
        "hashing.argon2id.memory-kib = 64",
        "hashing.argon2id.iterations = 1",
        "hashing.argon2id.parallelism = 1",
        "hashing.allow-weak-reason = tests need fast hashes",
        "hashing.legacy-schemes = 2b",
        "pepper = keyring",
        "pepper.current-key = k1",
        "pepper.keys.k1 = file:k1.key",
        "store.type = h2",
        "store.h2.directory = data",
        "preflight.canary.main.username = canary",
        "preflight.canary.main.password = file:canary.secret",
        "");
  }

  private Path write(String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, text, UTF_8);
    return file;
  }

  private CliRun check(String config) throws IOException {
    return authctl("", "check", "--config", write("deploy.properties", config).toString());
  }

  @BeforeEach
  void storeFilledUnderConfigA() throws IOException {
    write("k1.key", K1 + "\n");
    write("canary.secret", CANARY_PASSWORD + "\n");
    String a = write("a.properties", configA()).toString();
    for (String[] user : new String[][] {
        {"canary", CANARY_PASSWORD}, {"alice", PASSWORD}, {"carol", PASSWORD + " two"}}) {
      CliRun add = authctl(user[1] + "\n", "user", "add", "--config", a, user[0]);
      assertThat(add.exitCode).as(add.err).isZero();
    }
    try (JdbcCredentialStore store = JdbcStores.open(StorePolicy.h2(directory.resolve("data")))) {
      store.put(StoredCredential.of("legacy-bob", BCRYPT_BY_MKPASSWD)); // as an import would
    }
  }

  @Test
  void checkAndTheOtherTools_recordNoStagedKey_aServingInstanceDoes() throws IOException {
    write("k2.key", K2 + "\n");
    String staging = configA().replace("pepper.keys.k1 = file:k1.key",
        "pepper.keys.k1 = file:k1.key\npepper.keys.k2 = file:k2.key");
    Path stagingFile = write("staging.properties", staging);

    assertThat(check(staging).exitCode).isZero();
    assertThat(check(staging.replace("hashing.legacy-schemes = 2b\n", "")).exitCode)
        .as("a failing check").isEqualTo(1);
    assertThat(authctl("", "inventory", "--config", stagingFile.toString()).exitCode).isZero();
    assertThat(authctl(PASSWORD + "\n", "verify", "--config", stagingFile.toString(), "alice")
        .exitCode).isZero();
    assertThat(stagedKeyRows()).as("rows written by authctl").isEmpty();

    try (JdbcCredentialStore store = JdbcStores.open(StorePolicy.h2(directory.resolve("data")));
        Authenticator serving = Authenticator.create(AuthConfigLoader.load(stagingFile), store)) {
      assertThat(serving.health().revision()).isEqualTo("A");
    }
    assertThat(stagedKeyRows()).as("rows written by a serving instance")
        .containsExactly("pepper.staged.k2");
  }

  private java.util.Set<String> stagedKeyRows() {
    try (JdbcCredentialStore store = JdbcStores.open(StorePolicy.h2(directory.resolve("data")))) {
      return store.metadataNames("pepper.staged.");
    }
  }

  @Test
  void theDeploymentTheStoreWasFilledUnder_passes() throws IOException {
    CliRun run = check(configA());

    assertThat(run.exitCode).as(run.out + run.err).isZero();
    assertThat(run.out).startsWith("PASS ")
        .contains("PASSED   canaries   canary main (canary): SUCCESS")
        .contains("PASSED   inventory  all 4 users verifiable; 1 will be rehashed")
        .containsPattern("3 +0 +argon2id +v=19 m=64,t=1,p=1 +k1")
        .containsPattern("1 +1 +2b +- +-");
  }

  @Test
  void aRemovedHasherTheStoreStillNeeds_fails() throws IOException {
    CliRun run = check(configA().replace("hashing.legacy-schemes = 2b\n", ""));

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("FAIL ").contains("(stored-hashes, inventory)")
        .contains("UNSUPPORTED_HASH: 1 users, scheme 2b: not enabled in this config")
        .contains("add 2b to hashing.legacy-schemes")
        .contains("(e.g. user legacy-bob)")
        .doesNotContain(BCRYPT_BY_MKPASSWD);
  }

  @Test
  void aRemovedPepperKey_fails() throws IOException {
    write("k2.key", K2 + "\n");
    CliRun run = check(configA()
        .replace("pepper.current-key = k1", "pepper.current-key = k2")
        .replace("pepper.keys.k1 = file:k1.key", "pepper.keys.k2 = file:k2.key"));

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out)
        .contains("FAILED   canaries   canary main (canary): PEPPER_KEY_MISSING")
        .contains("PEPPER_KEY_MISSING: 3 users, pepper key id k1 is not in the keyring");
  }

  @Test
  void aChangedPepperSecretUnderTheSameId_fails() throws IOException {
    write("k1.key", K1_CHANGED + "\n");
    CliRun run = check(configA());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out)
        .contains("FAILED   pepper     key k1: its secret differs from the one first used with"
            + " this store (key check value mismatch)")
        .doesNotContain(K1_CHANGED).doesNotContain(K1);
  }

  @Test
  void aChangedPepperSecretForcedThrough_showsTheRehashHold_andWritesNoUser() throws IOException {
    write("k1.key", K1_CHANGED + "\n");
    String forced = configA() + "preflight.warn-only = pepper, canaries\n";
    CliRun run = check(forced);

    assertThat(run.exitCode).as(run.out + run.err).isZero();
    assertThat(run.out).contains("rehash-on-login would be held (logins succeed, no stored hash"
        + " is rewritten)").contains("the secret of current pepper key k1 differs");
    assertThat(run.err).as("a tool logs no serving instance's WARN")
        .doesNotContain("rehash-on-login is held");
    CliRun add = authctl(PASSWORD + "\n", "user", "add", "--config",
        write("forced.properties", forced).toString(), "dave");
    assertThat(add.exitCode).isEqualTo(2);
    assertThat(add.err).contains("restore the original secret of pepper.keys.k1")
        .doesNotContain(K1_CHANGED);
  }

  @Test
  void parametersLoweredBelowTheFloor_fail() throws IOException {
    CliRun run = check(configA()
        .replace("hashing.allow-weak-reason = tests need fast hashes\n", "")
        .replace("hashing.argon2id.memory-kib = 64", "hashing.argon2id.memory-kib = 8192")
        .replace("hashing.argon2id.iterations = 1", "hashing.argon2id.iterations = 2"));

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("FAIL ")
        .contains("hashing.argon2id.memory-kib")
        .contains("is below the ASVS floor of 19456 KiB for t=2");
  }

  @Test
  void aStorePointingAtTheWrongDatabase_fails() throws IOException {
    Files.createDirectories(directory.resolve("other"));
    CliRun run = check(configA().replace("store.h2.directory = data", "store.h2.directory = other"));

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("FAILED   store")
        .contains("no embedded H2 database in " + directory.resolve("other"))
        .contains("wrong store.h2.directory");
    try (var created = Files.list(directory.resolve("other"))) {
      assertThat(created).as("check must not create a database where the config points").isEmpty();
    }
  }

  @Test
  void aStorePointingAtAnotherDatabaseWithoutTheSchema_fails() throws IOException {
    try (JdbcCredentialStore empty =
        JdbcStores.open(StorePolicy.h2(directory.resolve("unrelated")))) {
      assertThat(empty.storeId()).startsWith("h2:"); // an H2 database with no Portcullis tables
    }
    CliRun run = check(configA().replace("store.h2.directory = data",
        "store.h2.directory = unrelated"));

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("FAILED   store")
        .contains("no Portcullis schema in h2:")
        .contains("SKIPPED  pepper     not run: the store check failed")
        .contains("SKIPPED  canaries   not run: the store check failed");
  }

  @Test
  void aStorePointingAtAPostgresDatabaseWithoutTheSchema_fails() throws IOException {
    try (PostgresTestDatabase postgres = PostgresTestDatabase.createOrSkip()) {
      String config = configA()
          .replace("store.type = h2", "store.type = jdbc")
          .replace("store.h2.directory = data",
              "store.jdbc.url = " + postgres.url(PostgresTestDatabase.HOST, PostgresTestDatabase.PORT)
                  + "\nstore.jdbc.user = " + postgres.user());

      CliRun run = check(config);

      assertThat(run.exitCode).isEqualTo(1);
      assertThat(run.out).contains("FAILED   store").contains("no Portcullis schema in postgresql:");
    }
  }

  @Test
  void aCanaryPasswordNotUpdated_fails() throws IOException {
    write("canary.secret", "last year's sentinel phrase\n");
    CliRun run = check(configA());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out)
        .contains("FAILED   canaries   canary main (canary): BAD_PASSWORD: the password in"
            + " file:canary.secret does not match")
        .doesNotContain("last year's sentinel phrase");
  }

  @Test
  void json_givesAPipelineOneObjectToGateOn() throws IOException {
    write("k1.key", K1_CHANGED + "\n");
    CliRun run = authctl("", "check", "--json", "--config",
        write("deploy.properties", configA()).toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out.strip()).startsWith("{\"ok\":false,")
        .contains("{\"check\":\"pepper\",\"status\":\"failed\",\"detail\":\"key k1: its secret")
        .contains("\"inventory\":{\"scanned\":4,\"complete\":true")
        .endsWith("}");
  }

  @Test
  void inventory_printsTheCensus() throws IOException {
    CliRun run = authctl("", "inventory", "--config",
        write("deploy.properties", configA()).toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("inventory of all 4 users: 1 will be rehashed at their next login")
        .containsPattern("1 +1 +2b");
  }
}
