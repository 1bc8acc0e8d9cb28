package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.PreflightReport;
import dev.portcullis.auth.PreflightReport.Status;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.config.PreflightPolicy.Check;
import dev.portcullis.auth.spi.StoredCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incident replayed as an operator would meet it, with real authenticators started from
 * config FILES on an embedded H2 store and on PostgreSQL: a store written under config A (users
 * under pepper key k1, 30% rotated to k2, a legacy bcrypt user), then each broken config B
 * refused at {@code Authenticator.create} and at {@code reload} (which keeps A), A still serving
 * every user afterwards; a broken config forced through by {@code preflight.warn-only} that
 * damages nothing; and a rollback that would refuse users, refused with the fix.
 */
final class DeploymentDrillTest {

  /** Where the store lives. */
  enum StoreKind { H2_FILE, POSTGRESQL }

  /** Broken deployments of the incident, each with what the refusal must say. */
  enum Broken {
    OLD_FILE_WITH_K1_ONLY(keyring("k1", "k1") + LEGACY,
        "key k2 is recorded in this store but not in the keyring: 6 stored hash(es) use it"),
    PEPPER_NONE("pepper = none\n" + LEGACY,
        "key k1 is recorded in this store but not in the keyring: 14 stored hash(es) use it"),
    DROPPED_KEY(keyring("k2", "k2") + LEGACY,
        "key k1 is recorded in this store but not in the keyring: 14 stored hash(es) use it"),
    DROPPED_LEGACY_SCHEME(keyring("k2", "k1", "k2"),
        "UNSUPPORTED_HASH: 1 users, scheme 2y: not enabled in this config"),
    NEW_K3_DROPPING_K2(keyring("k3", "k1", "k3") + LEGACY,
        "key k2 is recorded in this store but not in the keyring: 6 stored hash(es) use it");

    final String settings;
    final String refusal;

    Broken(String settings, String refusal) {
      this.settings = settings;
      this.refusal = refusal;
    }
  }

  private static final String LEGACY = "hashing.legacy-schemes = 2y\n";
  /** {@code htpasswd -B} of "correct horse battery staple" (BcryptHasher's self-test vector). */
  private static final String BCRYPT =
      "$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW";
  private static final String BCRYPT_PASSWORD = "correct horse battery staple";
  private static final int USERS = 20;
  private static final String NEW_PASSWORD = "violet tractor umbrella 93";
  private static final int ROTATED = 6; // 30% logged in after the rotation to k2

  @TempDir Path directory;
  private @Nullable PostgresTestDatabase postgres;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  static Stream<Arguments> everyBrokenConfigOnEveryStore() {
    List<Arguments> cases = new ArrayList<>();
    for (StoreKind kind : StoreKind.values()) {
      for (Broken broken : Broken.values()) {
        cases.add(Arguments.of(kind, broken));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyBrokenConfigOnEveryStore")
  void brokenConfig_isRefusedAtCreateAndAtReload_andAKeepsServingEveryUser(
      StoreKind kind, Broken broken) throws IOException {
    Path a = seedStoreUnderConfigA(kind);
    Path b = config("B", kind, broken.settings);

    assertThatThrownBy(() -> start(b))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("the authenticator was not created")
        .hasMessageContaining(broken.refusal);

    Authenticator running = start(a);
    assertThatThrownBy(() -> running.reload(AuthConfigLoader.load(b)))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("revision A stays live")
        .hasMessageContaining(broken.refusal);
    assertThat(running.health().revision()).isEqualTo("A");
    assertServesEveryUser(running);
    assertServesEveryUser(start(a)); // and A still starts
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void brokenConfigForcedThrough_rewritesNoHash_andTheRollbackServesEveryUser(StoreKind kind)
      throws IOException {
    Path a = seedStoreUnderConfigA(kind);
    Path forced = config("B-forced", kind, Broken.NEW_K3_DROPPING_K2.settings
        + "preflight.warn-only = pepper, stored-hashes\n");

    Authenticator b = start(forced);
    for (int user = 0; user < USERS; user++) {
      Outcome expected = user < ROTATED ? Outcome.PEPPER_KEY_MISSING : Outcome.SUCCESS;
      assertThat(b.verify(username(user), password(user).toCharArray()).outcome())
          .as("user %d under the forced config", user).isEqualTo(expected);
    }
    assertThat(b.verify("legacy", BCRYPT_PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
    assertThat(b.metrics().rehashWritten()).as("hashes rewritten under k3").isZero();
    b.close();

    assertServesEveryUser(start(a)); // the rollback starts and serves everyone
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void rollbackToAConfigLackingTheNewKey_isRefusedWithTheKeyAndItsCount(StoreKind kind)
      throws IOException {
    Path a = seedStoreUnderConfigA(kind);
    start(config("stage-k3", kind, keyring("k2", "k1", "k2", "k3") + LEGACY)).close();
    Path c = config("C", kind, keyring("k3", "k1", "k2", "k3") + LEGACY);
    Authenticator newer = start(c);
    for (int user = 0; user < 5; user++) {
      assertThat(newer.verify(username(user), password(user).toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS); // rehashed under k3
    }
    String refusal = "key k3 is recorded in this store but not in the keyring: 5 stored hash(es)"
        + " use it, and would be refused (PEPPER_KEY_MISSING); add pepper.keys.k3 back, or"
        + " retire it explicitly (pepper.retired-keys = k3)";

    assertThatThrownBy(() -> newer.reload(AuthConfigLoader.load(a)))
        .isInstanceOf(PreflightException.class).hasMessageContaining(refusal);
    newer.close();
    assertThatThrownBy(() -> start(a))
        .isInstanceOf(PreflightException.class).hasMessageContaining(refusal);
    assertServesEveryUser(start(c));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void retiringAKeyExplicitly_startsAndCountsTheUsersItRefuses(StoreKind kind)
      throws IOException {
    seedStoreUnderConfigA(kind);
    Path retired = config("B-retired", kind,
        keyring("k1", "k1") + LEGACY + "pepper.retired-keys = k2\n");

    Authenticator b = start(retired);

    PreflightReport report = b.preflight();
    assertThat(report.result(Check.PEPPER).orElseThrow().status()).isEqualTo(Status.WARNING);
    assertThat(report.result(Check.PEPPER).orElseThrow().detail()).contains(
        "key k2 is retired (pepper.retired-keys): 6 stored hash(es) use it; those users are"
            + " refused (PEPPER_KEY_MISSING) until their password is reset");
    assertThat(report.result(Check.STORED_HASHES).orElseThrow().status())
        .isEqualTo(Status.WARNING);
    assertThat(b.verify(username(0), password(0).toCharArray()).outcome())
        .isEqualTo(Outcome.PEPPER_KEY_MISSING);
    assertThat(b.verify(username(ROTATED), password(ROTATED).toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aKeyMadeCurrentWithoutBeingStaged_isWarnedAbout(StoreKind kind) throws IOException {
    start(config("A0", kind, keyring("k1", "k1"))).close();
    Authenticator enrol = start(config("A0", kind, keyring("k1", "k1")));
    enrol.setPassword(username(0), password(0).toCharArray());
    enrol.close();

    Authenticator unstaged = start(config("A", kind, keyring("k2", "k1", "k2")));

    assertThat(unstaged.preflight().result(Check.PEPPER).orElseThrow().detail())
        .contains("current key k2 was never seen staged in this store")
        .contains("1 user(s) are on other keys (k1 1)");
  }

  /** Ways a config with a wrong secret under the current key id gets past the pepper check. */
  enum Forcing {
    WARN_ONLY("preflight.warn-only = pepper\n"),
    PEPPER_CHECK_NOT_RUN("preflight.on-create = config, hashers, store, stored-hashes\n");

    final String settings;

    Forcing(String settings) {
      this.settings = settings;
    }
  }

  static Stream<Arguments> everyForcingOnEveryStore() {
    List<Arguments> cases = new ArrayList<>();
    for (StoreKind kind : StoreKind.values()) {
      for (Forcing forcing : Forcing.values()) {
        cases.add(Arguments.of(kind, forcing));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyForcingOnEveryStore")
  void anotherSecretUnderTheCurrentKeyId_writesNoHash_andTheRollbackServesEveryUser(
      StoreKind kind, Forcing forcing) throws IOException {
    Path a = seedStoreUnderConfigA(kind);
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 'x');
    Files.writeString(directory.resolve("k2-wrong"), Base64.getEncoder().encodeToString(other));
    Path wrong = config("B-wrong-k2", kind, keyring("k2", "k1")
        + "pepper.keys.k2 = file:KEYS/k2-wrong\n" + LEGACY + forcing.settings);

    Authenticator b = start(wrong);

    assertThat(b.rehashHold()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("the secret of current pepper key k2 differs from the one recorded"));
    assertThat(b.health().rehashHold()).contains("current pepper key k2 differs");
    assertThatThrownBy(() -> b.setPassword(username(0), NEW_PASSWORD.toCharArray()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pepper key k2 differs from the one first used with this store")
        .hasMessageContaining("restore the original secret of pepper.keys.k2");
    assertThatThrownBy(() -> b.addUser("newcomer", NEW_PASSWORD.toCharArray()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pepper.keys.k2");
    for (int user = ROTATED; user < USERS; user++) { // on k1: they log in, and are not rehashed
      assertThat(b.verify(username(user), password(user).toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
    }
    assertThat(b.verify(username(0), password(0).toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD); // what a wrong secret does to the k2 users
    assertThat(b.metrics().rehashWritten()).as("hashes written under the wrong k2").isZero();
    b.close();

    Authenticator rolledBack = start(a);
    assertThat(rolledBack.preflight().passed()).isTrue();
    assertServesEveryUser(rolledBack);
    assertThat(rolledBack.verify("newcomer", NEW_PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.UNKNOWN_USER);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aFinishedRotationDropsTheOldKey_andARaisedPolicyStillRehashesEveryone(StoreKind kind)
      throws IOException {
    Authenticator enrol = start(config("A0", kind, keyring("k1", "k1")));
    for (int user = 0; user < USERS; user++) {
      enrol.setPassword(username(user), password(user).toCharArray());
    }
    enrol.close();
    start(config("stage-k2", kind, keyring("k1", "k1", "k2"))).close();
    Authenticator rotated = start(config("A", kind, keyring("k2", "k1", "k2")));
    assertServesEveryUserWithoutLegacy(rotated); // every user rehashed to k2: rotation finished
    assertThat(rotated.metrics().rehashWritten()).isEqualTo(USERS);
    rotated.close();

    // docs/deployment.md, step 5: drop k1; and raise the policy at the same time
    Authenticator dropped = start(config("C", kind, keyring("k2", "k2")
        + "hashing.argon2id.iterations = 2\n"));

    assertThat(dropped.rehashHold()).isEmpty();
    assertThat(dropped.health().rehashHold()).isEmpty();
    assertThat(dropped.preflight().result(Check.PEPPER).orElseThrow().detail())
        .contains("key k1 is recorded in this store but no stored hash uses it any more");
    assertServesEveryUserWithoutLegacy(dropped);
    assertThat(dropped.metrics().rehashWritten()).as("rehashed to t=2").isEqualTo(USERS);
  }

  private void assertServesEveryUserWithoutLegacy(Authenticator auth) {
    for (int user = 0; user < USERS; user++) {
      assertThat(auth.verify(username(user), password(user).toCharArray()).outcome())
          .as("user %d under revision %s", user, auth.health().revision())
          .isEqualTo(Outcome.SUCCESS);
    }
  }

  /**
   * Writes the store as the incident found it, each step from a config file: 20 users enrolled
   * under k1 and a bcrypt user imported; k2 staged (in the keyring, not current); config A makes
   * k2 current and 6 users log in (rehashed under k2). Returns A's file.
   */
  private Path seedStoreUnderConfigA(StoreKind kind) throws IOException {
    Authenticator enrol = start(config("A0", kind, keyring("k1", "k1") + LEGACY));
    for (int user = 0; user < USERS; user++) {
      enrol.setPassword(username(user), password(user).toCharArray());
    }
    enrol.close();
    try (JdbcCredentialStore store = JdbcStores.open(AuthConfigLoader.load(
        config("A0", kind, keyring("k1", "k1"))).store())) {
      store.put(StoredCredential.of("legacy", BCRYPT));
    }
    start(config("stage-k2", kind, keyring("k1", "k1", "k2") + LEGACY)).close();
    Path a = config("A", kind, keyring("k2", "k1", "k2") + LEGACY);
    Authenticator rotated = start(a);
    for (int user = 0; user < ROTATED; user++) {
      assertThat(rotated.verify(username(user), password(user).toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
    }
    assertThat(rotated.metrics().rehashWritten()).isEqualTo(ROTATED);
    rotated.close();
    return a;
  }

  private void assertServesEveryUser(Authenticator auth) {
    for (int user = 0; user < USERS; user++) {
      assertThat(auth.verify(username(user), password(user).toCharArray()).outcome())
          .as("user %d under revision %s", user, auth.health().revision())
          .isEqualTo(Outcome.SUCCESS);
    }
    assertThat(auth.verify("legacy", BCRYPT_PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }

  /** An authenticator on the store its config file names, closed after the test. */
  private Authenticator start(Path file) {
    AuthConfig config = AuthConfigLoader.load(file);
    JdbcCredentialStore store = JdbcStores.open(config.store());
    try {
      store.createSchema();
      Authenticator auth = Authenticator.create(config, store);
      open.add(store);
      open.add(auth);
      return auth;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private Path config(String revision, StoreKind kind, String settings) throws IOException {
    StringBuilder text = new StringBuilder()
        .append("config.schema = 1\n")
        .append("revision = ").append(revision).append('\n')
        .append("hashing.scheme = argon2id\n")
        .append("hashing.argon2id.memory-kib = 64\n")
        .append(settings.contains("hashing.argon2id.iterations")
            ? "" : "hashing.argon2id.iterations = 1\n")
        .append("hashing.argon2id.parallelism = 1\n")
        .append("hashing.allow-weak-reason = drill tests need fast hashes\n")
        .append(settings.replace("KEYS", directory.toString()));
    if (kind == StoreKind.H2_FILE) {
      text.append("store.type = h2\nstore.h2.directory = ")
          .append(directory.resolve("data")).append('\n');
    } else {
      if (postgres == null) {
        postgres = PostgresTestDatabase.createOrSkip();
      }
      text.append("store.type = jdbc\nstore.jdbc.url = ").append(postgres.url())
          .append("\nstore.jdbc.user = ").append(postgres.user()).append('\n');
    }
    for (String id : List.of("k1", "k2", "k3")) {
      Path key = directory.resolve(id);
      if (!Files.exists(key)) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) id.charAt(1));
        Files.writeString(key, Base64.getEncoder().encodeToString(secret));
      }
    }
    Path file = directory.resolve(revision + ".properties");
    Files.writeString(file, text);
    return file;
  }

  /** {@code pepper = keyring} with the current key and these keys from files. */
  private static String keyring(String current, String... ids) {
    StringBuilder text = new StringBuilder("pepper = keyring\npepper.current-key = ")
        .append(current).append('\n');
    for (String id : ids) {
      text.append("pepper.keys.").append(id).append(" = file:KEYS/").append(id).append('\n');
    }
    return text.toString();
  }

  private static String username(int user) {
    return "user-" + user;
  }

  private static String password(int user) {
    return "drill secret number " + user;
  }
}
