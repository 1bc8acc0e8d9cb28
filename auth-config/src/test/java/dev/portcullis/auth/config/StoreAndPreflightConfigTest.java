package dev.portcullis.auth.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.auth.config.PreflightPolicy.Check;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The store.*, preflight.*, hashing.legacy-schemes and throttle.shared-state keys. */
final class StoreAndPreflightConfigTest {

  private static List<String> with(String... lines) {
    List<String> all = new ArrayList<>(ExampleConfig.lines());
    all.removeIf(line -> {
      String key = ExampleConfig.keyOf(line);
      for (String added : lines) {
        if (ExampleConfig.keyOf(added).equals(key) && !key.isEmpty()) {
          return true;
        }
      }
      return false;
    });
    all.addAll(List.of(lines));
    return all;
  }

  private static ConfigException problemsOf(List<String> lines, Map<String, String> env) {
    return catchThrowableOfType(ConfigException.class, () -> ExampleConfig.load(lines, env));
  }

  @Test
  void noStore_isTheDefault() {
    AuthConfig config = ExampleConfig.load(with());

    assertThat(config.store().kind()).isEqualTo(StorePolicy.Kind.NONE);
    assertThat(config.settings()).containsEntry("store.type", "none");
    assertThat(config.preflight().onCreate())
        .isEqualTo(EnumSet.of(Check.CONFIG, Check.HASHERS, Check.STORE, Check.PEPPER,
            Check.STORED_HASHES, Check.CANARIES));
  }

  @Test
  void retiredKeys_areReadUnderEitherPepperMode_andShownInTheSettings() {
    AuthConfig none = ExampleConfig.load(with("pepper.retired-keys = k2, k0"));

    assertThat(none.pepper().retiredKeyIds()).containsExactly("k0", "k2");
    assertThat(none.settings()).containsEntry("pepper.retired-keys", "k0, k2");
    AuthConfig without = ExampleConfig.load(with());
    assertThat(without.settings()).doesNotContainKey("pepper.retired-keys");
    assertThat(none.fingerprint()).isNotEqualTo(without.fingerprint());
  }

  @Test
  void retiredKeys_thatAreNotKeyIds_areProblems() {
    ConfigException e = problemsOf(with("pepper.retired-keys = k2, K 3"), Map.of());

    assertThat(e.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("pepper.retired-keys");
      assertThat(problem.reason()).contains("\"K 3\" is not a key id");
    });
  }

  @Test
  void aKeyRetiredAndInTheKeyring_isAProblem() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AuthConfig.builder()
        .revision("r1")
        .hashing(dev.portcullis.auth.config.HashingPolicy.argon2id(19_456, 2, 1))
        .pepper(PepperPolicy.keyring("k1", Map.of("k1",
                Secret.of(new byte[32], "test:k1")))
            .withRetiredKeys(java.util.Set.of("k1")))
        .build());

    assertThat(e.problems()).singleElement().satisfies(problem ->
        assertThat(problem.reason()).isEqualTo("is retired and in the keyring at once"));
  }

  @Test
  void jdbcStore_readsItsPasswordFromAReferenceAndNeverShowsIt() {
    AuthConfig config = ExampleConfig.load(
        with("store.type = jdbc",
            "store.jdbc.url = jdbc:postgresql://db.internal:5432/auth",
            "store.jdbc.user = portcullis",
            "store.jdbc.password = env:DB_PASSWORD",
            "store.query-timeout-seconds = 3"),
        Map.of("DB_PASSWORD", "s3cret-db-password"));

    StorePolicy store = config.store();
    assertThat(store.kind()).isEqualTo(StorePolicy.Kind.JDBC);
    assertThat(store.jdbcUser()).isEqualTo("portcullis");
    assertThat(new String(requireNonNull(store.jdbcPassword()).exposeBytes(), UTF_8))
        .isEqualTo("s3cret-db-password");
    assertThat(store.queryTimeoutSeconds()).isEqualTo(3);
    assertThat(config.describe() + config + store).doesNotContain("s3cret-db-password");
    assertThat(config.settings().get("store.jdbc.password"))
        .isEqualTo("<redacted> (env:DB_PASSWORD)");
  }

  @Test
  void aUrlThatEmbedsAPassword_isRefusedWithoutEchoingIt() {
    ConfigException e = problemsOf(
        with("store.type = jdbc",
            "store.jdbc.url = jdbc:postgresql://db/auth?user=app&password=hunter2"),
        Map.of());

    assertThat(e.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("store.jdbc.url");
      assertThat(problem.reason()).contains("embeds a password");
      assertThat(problem.value()).isEqualTo("jdbc:postgresql://db/auth?user=app&password=<redacted>");
    });
    assertThat(e.getMessage()).doesNotContain("hunter2");
    assertThat(StorePolicy.jdbc("jdbc:postgresql://app:hunter2@db/auth", null, null).redactedUrl())
        .contains("jdbc:postgresql://app:<redacted>@db/auth");
  }

  @Test
  void h2Store_resolvesItsDirectoryAgainstTheConfigFile_andRefusesJdbcKeys() {
    AuthConfig config = ExampleConfig.load(with("store.type = h2", "store.h2.directory = data"));
    java.nio.file.Path directory = requireNonNull(config.store().h2Directory());
    assertThat(directory.isAbsolute()).isTrue();
    assertThat(directory.getFileName().toString()).isEqualTo("data");

    ConfigException e = problemsOf(
        with("store.type = h2", "store.h2.directory = data", "store.jdbc.url = jdbc:h2:mem:x"),
        Map.of());
    assertThat(e.problems()).singleElement()
        .satisfies(problem -> assertThat(problem.reason()).contains("does not apply to store.type = h2"));
  }

  @Test
  void unknownStoreType_andMissingDirectory_areReportedTogether() {
    ConfigException e = problemsOf(with("store.type = mysql"), Map.of());
    assertThat(e.problems()).singleElement()
        .satisfies(problem -> assertThat(problem.hint()).isEqualTo("none, memory, h2 or jdbc"));

    ConfigException missing = problemsOf(with("store.type = h2", "preflight.on-create = canary"),
        Map.of());
    assertThat(missing.problems()).extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder("store.h2.directory", "preflight.on-create");
    assertThat(missing.getMessage()).contains("did you mean canaries?");
  }

  @Test
  void canaries_fromTheFileAndTheEnvironment() {
    AuthConfig config = ExampleConfig.load(
        with("preflight.canary.main.username = canary-1",
            "preflight.canary.main.password = env:CANARY_1",
            "preflight.on-create = config, store, canaries",
            "preflight.warn-only = canaries",
            "preflight.inventory-sample = 5000"),
        Map.of("CANARY_1", "a canary phrase",
            "PORTCULLIS_PREFLIGHT_CANARY_EU_WEST_USERNAME", "canary-eu",
            "PORTCULLIS_PREFLIGHT_CANARY_EU_WEST_PASSWORD", "env:CANARY_1"));

    PreflightPolicy preflight = config.preflight();
    assertThat(preflight.canaries()).extracting(PreflightPolicy.Canary::name)
        .containsExactly("eu-west", "main");
    assertThat(preflight.onCreate()).isEqualTo(Set.of(Check.CONFIG, Check.STORE, Check.CANARIES));
    assertThat(preflight.warnOnly()).isEqualTo(Set.of(Check.CANARIES));
    assertThat(preflight.inventorySample()).isEqualTo(5000);
    assertThat(config.describe()).contains("preflight.canary.main.username = canary-1")
        .contains("preflight.canary.main.password = <redacted> (env:CANARY_1)")
        .doesNotContain("a canary phrase");
  }

  @Test
  void aCanaryWithoutItsPassword_isAProblem_andAnInlinePasswordIsNeverEchoed() {
    ConfigException e = problemsOf(
        with("preflight.canary.main.username = canary-1",
            "preflight.canary.other.username = canary-2",
            "preflight.canary.other.password = plain-text-secret"),
        Map.of());

    assertThat(e.problems()).extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder("preflight.canary.main.password",
            "preflight.canary.other.password");
    assertThat(e.getMessage()).contains("secrets are never written inline")
        .doesNotContain("plain-text-secret");
  }

  @Test
  void legacySchemes_andSharedThrottleState() {
    AuthConfig config = ExampleConfig.load(
        with("hashing.legacy-schemes = 2b, pbkdf2_sha256, argon2@SpringSecurity_v5_8",
            "throttle.shared-state = store"));

    assertThat(config.legacySchemes())
        .containsExactlyInAnyOrder("2b", "pbkdf2_sha256", "argon2@SpringSecurity_v5_8");
    assertThat(config.throttle().sharedState()).isTrue();
    assertThat(config.settings()).containsEntry("throttle.shared-state", "store");

    ConfigException e = problemsOf(
        with("hashing.legacy-schemes = 2b, 2b, $bad", "throttle.shared-state = redis"), Map.of());
    assertThat(e.problems()).extracting(ConfigProblem::reason)
        .contains("scheme id \"2b\" is given twice", "scheme id \"$bad\" is not a scheme id",
            "must be local or store");
  }

  @Test
  void theFingerprintHoldsPasswordsByReferenceOnly_soItCannotBeUsedToTestGuesses() {
    List<String> lines = with("preflight.canary.main.username = canary-1",
        "preflight.canary.main.password = env:CANARY_1",
        "store.type = jdbc", "store.jdbc.url = jdbc:postgresql://db/auth",
        "store.jdbc.password = env:DB_PASSWORD");
    AuthConfig one = ExampleConfig.load(lines,
        Map.of("CANARY_1", "first phrase here", "DB_PASSWORD", "db-one"));
    AuthConfig two = ExampleConfig.load(lines,
        Map.of("CANARY_1", "second phrase here", "DB_PASSWORD", "db-two"));
    AuthConfig renamed = ExampleConfig.load(
        with("preflight.canary.main.username = canary-1",
            "preflight.canary.main.password = env:CANARY_2",
            "store.type = jdbc", "store.jdbc.url = jdbc:postgresql://db/auth",
            "store.jdbc.password = env:DB_PASSWORD"),
        Map.of("CANARY_2", "first phrase here", "DB_PASSWORD", "db-one"));

    assertThat(one.fingerprint()).isEqualTo(two.fingerprint());
    assertThat(renamed.fingerprint()).isNotEqualTo(one.fingerprint());
  }

  @Test
  void aConfigLoadedTwice_equalsItselfDownToItsSecrets() {
    List<String> lines = with("store.type = jdbc", "store.jdbc.url = jdbc:postgresql://db/auth",
        "store.jdbc.password = env:DB_PASSWORD");
    AuthConfig one = ExampleConfig.load(lines, Map.of("DB_PASSWORD", "db-one"));
    AuthConfig again = ExampleConfig.load(lines, Map.of("DB_PASSWORD", "db-one"));
    AuthConfig changed = ExampleConfig.load(lines, Map.of("DB_PASSWORD", "db-two"));

    assertThat(again.store()).isEqualTo(one.store());
    assertThat(changed.store()).isNotEqualTo(one.store());
  }

  @Test
  void aMisspelledCanaryKey_neverEchoesItsValue() {
    ConfigException e = problemsOf(
        with("preflight.canary.main.username = canary-1",
            "preflight.canary.main.password = env:CANARY_1",
            "preflight.canary.main.pasword = hunter2-SECRET"),
        Map.of("CANARY_1", "phrase"));

    assertThat(e.getMessage()).contains("preflight.canary.main.pasword")
        .doesNotContain("hunter2-SECRET");
  }

  @Test
  void everyPasswordPropertyInAUrl_isRefusedAndRedacted() {
    assertThat(StorePolicy.embedsPassword("jdbc:postgresql://db/auth?sslpassword=hunter2")).isTrue();
    assertThat(StorePolicy.jdbc("jdbc:postgresql://db/auth?ssl=true&sslpassword=hunter2", null, null)
        .redactedUrl().orElseThrow()).doesNotContain("hunter2");
    assertThat(StorePolicy.embedsPassword("jdbc:postgresql://db/auth?user=app")).isFalse();
  }
}
