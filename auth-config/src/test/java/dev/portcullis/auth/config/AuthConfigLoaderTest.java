package dev.portcullis.auth.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AuthConfigLoaderTest {

  private static final byte[] KEY_1 = filled(32, 0x11);
  private static final byte[] KEY_2 = filled(32, 0x22);
  private static final String KEY_1_BASE64 = Base64.getEncoder().encodeToString(KEY_1);
  private static final String KEY_2_BASE64 = Base64.getEncoder().encodeToString(KEY_2);

  @TempDir Path directory;

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static List<String> example() {
    return new ArrayList<>(ExampleConfig.lines());
  }

  private static List<String> replace(List<String> lines, String key, String newLine) {
    List<String> changed = new ArrayList<>();
    for (String line : lines) {
      changed.add(ExampleConfig.keyOf(line).equals(key) ? newLine : line);
    }
    return changed;
  }

  private static ConfigException problemsOf(List<String> lines, Map<String, String> env) {
    return catchThrowableOfType(ConfigException.class, () -> ExampleConfig.load(lines, env));
  }

  private static ConfigException problemsOf(List<String> lines) {
    return problemsOf(lines, Map.of());
  }

  private static ConfigProblem only(ConfigException e) {
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }

  private static List<String> keyring(String current, String... keyLines) {
    List<String> lines = replace(example(), "pepper", "pepper = keyring");
    lines.add("pepper.current-key = " + current);
    lines.addAll(List.of(keyLines));
    return lines;
  }

  @Test
  void example_loads() {
    AuthConfig config = AuthConfigLoader.create()
        .file(ExampleConfig.FILE)
        .environment(Map.of())
        .systemProperties(Map.of())
        .load();

    assertThat(config.revision()).isEqualTo("example-2026-11-26.1");
    assertThat(config.hashing()).isEqualTo(HashingPolicy.argon2id(19_456, 2, 1));
    assertThat(config.pepper().isNone()).isTrue();
    assertThat(config.hashCaps()).isEqualTo(HashParameterCaps.defaults());
    assertThat(config.fingerprint()).matches("[0-9a-f]{32}");
  }

  @Test
  void fingerprint_isStableAndIgnoresTheRevisionButNotTheSettings() {
    AuthConfig first = ExampleConfig.load(example());
    AuthConfig again = ExampleConfig.load(example());
    AuthConfig relabelled = ExampleConfig.load(replace(example(), "revision", "revision = other"));
    AuthConfig stronger =
        ExampleConfig.load(
            replace(example(), "hashing.argon2id.memory-kib", "hashing.argon2id.memory-kib = 19457"));

    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(relabelled.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(stronger.fingerprint()).isNotEqualTo(first.fingerprint());
  }

  @Test
  void missingFile_isAProblemNamingThePath() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                AuthConfigLoader.create()
                    .file(directory.resolve("absent.properties"))
                    .environment(Map.of())
                    .systemProperties(Map.of())
                    .load());

    assertThat(e.problems().get(0).key()).isEqualTo("config.file");
    assertThat(e.problems().get(0).origin()).endsWith("absent.properties");
    assertThat(e.problems().get(0).reason()).contains("NoSuchFileException");
  }

  @Test
  void misspelledKey_isAProblemWithTheNearestKey_andTheRealKeyIsMissing() {
    ConfigException e =
        problemsOf(replace(example(), "hashing.argon2id.iterations", "hashing.argon2id.iteration = 2"));

    assertThat(e.problems()).hasSize(2);
    ConfigProblem problem = e.problems().get(0);
    ConfigProblem missing = e.problems().get(1);
    assertThat(missing.key()).isEqualTo("hashing.argon2id.iterations");
    assertThat(missing.reason()).isEqualTo("is required");

    assertThat(problem.key()).isEqualTo("hashing.argon2id.iteration");
    assertThat(problem.origin()).matches(".*auth.*\\.properties:\\d+");
    assertThat(problem.reason()).isEqualTo("is not a Portcullis setting");
    assertThat(problem.hint()).isEqualTo("did you mean hashing.argon2id.iterations?");
  }

  @Test
  void keyGivenTwiceInOneFile_isAProblemEvenWithTheSameValue() {
    List<String> lines = example();
    lines.add("revision = example-2026-11-26.1");

    ConfigProblem problem = only(problemsOf(lines));

    assertThat(problem.key()).isEqualTo("revision");
    assertThat(problem.reason()).startsWith("is set twice in this file (first at line ");
    assertThat(problem.origin()).endsWith(":" + lines.size());
  }

  @Test
  void emptyValue_isAProblemNotADefault() {
    ConfigProblem problem =
        only(problemsOf(replace(example(), "input.max-password-chars", "input.max-password-chars =")));

    assertThat(problem.key()).isEqualTo("input.max-password-chars");
    assertThat(problem.reason()).isEqualTo("is empty");
  }

  @Test
  void replacedKey_failsWithTheExactReplacement() {
    ConfigProblem problem =
        only(problemsOf(replace(example(), "hashing.scheme", "hashing.algorithm = argon2id")).problems()
            .stream().filter(p -> p.key().equals("hashing.algorithm")).collect(
                Collectors.collectingAndThen(Collectors.toList(),
                    list -> new ConfigException(list))));

    assertThat(problem.hint()).isEqualTo("use hashing.scheme");
  }

  @Test
  void schemaVersion_isRequiredAndMustMatch() {
    ConfigProblem newer = only(problemsOf(replace(example(), "config.schema", "config.schema = 2")));
    assertThat(newer.reason()).isEqualTo("is newer than this Portcullis reads");
    assertThat(newer.hint()).contains("config.schema = 1");

    ConfigProblem missing = only(problemsOf(replace(example(), "config.schema", "")));
    assertThat(missing.key()).isEqualTo("config.schema");
    assertThat(missing.reason()).isEqualTo("is required");
  }

  @Test
  void environment_overridesTheFile_andProblemsNameTheVariable() {
    AuthConfig config =
        ExampleConfig.load(example(), Map.of("PORTCULLIS_HASHING_ARGON2ID_MEMORY_KIB", "47104"));
    assertThat(((Argon2idPolicy) config.hashing()).memoryKib()).isEqualTo(47_104);

    ConfigProblem problem =
        only(problemsOf(example(), Map.of("PORTCULLIS_HASHING_ARGON2ID_MEMORY_KIB", "lots")));
    assertThat(problem.origin()).isEqualTo("env PORTCULLIS_HASHING_ARGON2ID_MEMORY_KIB");
    assertThat(problem.reason()).startsWith("is not a whole number");
  }

  @Test
  void unknownPrefixedVariable_isAProblemWithTheNearestName() {
    ConfigProblem problem =
        only(problemsOf(example(), Map.of("PORTCULLIS_HASHING_ARGON2ID_MEMORY_KB", "47104",
            "UNRELATED_VARIABLE", "is ignored")));

    assertThat(problem.key()).isEqualTo("PORTCULLIS_HASHING_ARGON2ID_MEMORY_KB");
    assertThat(problem.hint()).isEqualTo("did you mean PORTCULLIS_HASHING_ARGON2ID_MEMORY_KIB?");
    assertThat(problem.value()).isEqualTo(ConfigProblem.REDACTED);
  }

  @Test
  void systemProperties_overrideTheEnvironment() throws IOException {
    Path file = directory.resolve("auth.properties");
    Files.write(file, example(), UTF_8);

    AuthConfig config =
        AuthConfigLoader.create()
            .file(file)
            .environment(Map.of("PORTCULLIS_REVISION", "from-env"))
            .systemProperties(Map.of("portcullis.revision", "from-property", "java.version", "17"))
            .load();

    assertThat(config.revision()).isEqualTo("from-property");
  }

  @Test
  void keyNotApplyingToTheScheme_isAProblem() {
    List<String> lines = example();
    lines.add("hashing.pbkdf2.iterations = 600000");

    ConfigProblem problem = only(problemsOf(lines));

    assertThat(problem.key()).isEqualTo("hashing.pbkdf2.iterations");
    assertThat(problem.reason()).isEqualTo("does not apply to hashing.scheme = argon2id");
  }

  @Test
  void preset_setsEveryParameter() {
    List<String> lines = new ArrayList<>();
    for (String line : example()) {
      String key = ExampleConfig.keyOf(line);
      if (!key.startsWith("hashing.argon2id.") && !key.equals("hashing.scheme")) {
        lines.add(line);
      }
    }
    lines.add("hashing.preset = owasp-argon2id-m47104-t1");

    assertThat(ExampleConfig.load(lines).hashing()).isEqualTo(HashingPolicy.argon2id(47_104, 1, 1));
  }

  @Test
  void belowTheFloor_isAProblemAtTheFileLine_unlessAReasonIsGiven() {
    List<String> weak =
        replace(example(), "hashing.argon2id.memory-kib", "hashing.argon2id.memory-kib = 1024");
    ConfigProblem problem = only(problemsOf(weak));
    assertThat(problem.key()).isEqualTo("hashing.argon2id.memory-kib");
    assertThat(problem.origin()).matches(".*\\.properties:\\d+");

    weak.add("hashing.allow-weak-reason = staging on small instances");
    assertThat(ExampleConfig.load(weak).weakHashingReason()).contains("staging on small instances");
  }

  @Test
  void pepperKeyring_loadsKeysFromTheEnvironmentAndFiles() throws IOException {
    Path keyFile = directory.resolve("pepper-k1");
    Files.writeString(keyFile, KEY_1_BASE64 + "\n", UTF_8);

    AuthConfig config =
        ExampleConfig.load(
            keyring("k2", "pepper.keys.k1 = file:" + keyFile, "pepper.keys.k2 = env:PEPPER_K2"),
            Map.of("PEPPER_K2", KEY_2_BASE64));

    assertThat(config.pepper().currentKeyId()).contains("k2");
    assertThat(config.pepper().key("k1").orElseThrow().exposeBytes()).isEqualTo(KEY_1);
    assertThat(config.pepper().key("k2").orElseThrow().exposeBytes()).isEqualTo(KEY_2);
  }

  @Test
  void pepperKeyViaEnvironmentName_mapsToTheKeyId() {
    AuthConfig config =
        ExampleConfig.load(
            keyring("k-2"),
            Map.of("PORTCULLIS_PEPPER_KEYS_K_2", "env:PEPPER", "PEPPER", KEY_2_BASE64));

    assertThat(config.pepper().key("k-2")).isPresent();
  }

  @Test
  void fingerprint_dependsOnKeyValuesNotOnWhereTheyCameFrom() throws IOException {
    Path keyFile = directory.resolve("k1");
    Files.writeString(keyFile, KEY_1_BASE64, UTF_8);
    AuthConfig fromEnv =
        ExampleConfig.load(keyring("k1", "pepper.keys.k1 = env:K1"), Map.of("K1", KEY_1_BASE64));
    AuthConfig fromFile = ExampleConfig.load(keyring("k1", "pepper.keys.k1 = file:" + keyFile));
    AuthConfig otherKey =
        ExampleConfig.load(keyring("k1", "pepper.keys.k1 = env:K1"), Map.of("K1", KEY_2_BASE64));

    assertThat(fromFile.fingerprint()).isEqualTo(fromEnv.fingerprint());
    assertThat(otherKey.fingerprint()).isNotEqualTo(fromEnv.fingerprint());
  }

  @Test
  void pepperReferenceProblems_nameTheReferenceNeverTheContent() throws IOException {
    Path emptyFile = directory.resolve("empty");
    Files.writeString(emptyFile, "\n", UTF_8);
    Path shortFile = directory.resolve("short");
    Files.writeString(shortFile, Base64.getEncoder().encodeToString(new byte[16]), UTF_8);

    ConfigException e =
        problemsOf(
            keyring(
                "k9",
                "pepper.keys.k1 = env:UNSET_VARIABLE",
                "pepper.keys.k2 = file:" + directory.resolve("absent"),
                "pepper.keys.k3 = file:" + emptyFile,
                "pepper.keys.k4 = " + KEY_1_BASE64,
                "pepper.keys.k5 = env:NOT_BASE64",
                "pepper.keys.k6 = file:" + shortFile),
            Map.of("NOT_BASE64", "this is not base64!"));

    List<String> reasons =
        e.problems().stream().map(ConfigProblem::reason).collect(Collectors.toList());
    assertThat(reasons)
        .contains(
            "env:UNSET_VARIABLE is not set",
            "file:" + directory.resolve("absent") + " cannot be read (NoSuchFileException)",
            "file:" + emptyFile + " is empty",
            "must be a reference, env:NAME or file:/path; secrets are never written inline",
            "env:NOT_BASE64 does not hold base64 (openssl rand -base64 32)");
    assertThat(e.getMessage()).doesNotContain(KEY_1_BASE64).doesNotContain("this is not base64");
  }

  @Test
  void shortKeyAndUnknownCurrentKey_areProblems() throws IOException {
    Path shortFile = directory.resolve("short");
    Files.writeString(shortFile, Base64.getEncoder().encodeToString(new byte[16]), UTF_8);

    ConfigException e = problemsOf(keyring("k9", "pepper.keys.k1 = file:" + shortFile));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("pepper.keys.k1", "pepper.current-key");
    assertThat(e.problems().get(0).reason()).isEqualTo("pepper key is 16 bytes, at least 32 are required");
    assertThat(e.problems().get(1).hint()).isEqualTo("keyring ids: k1");
  }

  @Test
  void secrets_neverAppearInMessagesDumpsOrToString() {
    String inline = KEY_2_BASE64;
    AuthConfig config =
        ExampleConfig.load(keyring("k1", "pepper.keys.k1 = env:K1"), Map.of("K1", KEY_1_BASE64));
    ConfigException e =
        problemsOf(keyring("k1", "pepper.keys.k1 = " + inline, "pepper.keys.k2 = env:K1"),
            Map.of("K1", "short"));

    for (String text :
        List.of(config.toString(), config.describe(), config.settings().toString(),
            config.pepper().toString(), config.pepper().key("k1").orElseThrow().toString(),
            e.getMessage(), e.problems().toString())) {
      assertThat(text).doesNotContain(KEY_1_BASE64).doesNotContain(inline);
    }
    assertThat(config.describe()).contains("pepper.keys.k1 = <redacted> (env:K1)");
  }

  @Test
  void oneRun_reportsEveryProblemAtOnce() {
    List<String> lines = replace(example(), "revision", "");
    lines = replace(lines, "hashing.argon2id.parallelism", "hashing.argon2id.parallelism = many");
    lines = replace(lines, "pepper", "pepper = maybe");
    lines.add("input.max-password-chars = 2048");
    lines.add("hashing.caps.max-salt-bytez = 64");

    ConfigException e = problemsOf(lines);

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .contains(
            "revision",
            "hashing.argon2id.parallelism",
            "pepper",
            "input.max-password-chars",
            "hashing.caps.max-salt-bytez");
    assertThat(e.getMessage()).startsWith("configuration refused, " + e.problems().size() + " problems:");
  }

  @Test
  void everyKeyringProblem_isReportedInOneRun() throws IOException {
    Path notBase64 = directory.resolve("not-base64");
    Files.writeString(notBase64, "%%% not base64 %%%", UTF_8);
    Path empty = directory.resolve("empty");
    Files.writeString(empty, "", UTF_8);
    Path shortKey = directory.resolve("short");
    Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]), UTF_8);

    ConfigException e =
        problemsOf(
            keyring(
                "k9",
                "pepper.keys.k1 = env:MISSING",
                "pepper.keys.k2 = file:" + notBase64,
                "pepper.keys.k3 = file:" + empty,
                "pepper.keys.k4 = file:" + shortKey,
                "pepper.keys.K5 = env:K5",
                "pepper.keys.k6 = " + KEY_1_BASE64),
            Map.of("K5", KEY_2_BASE64));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder(
            "pepper.keys.k1", "pepper.keys.k2", "pepper.keys.k3", "pepper.keys.k4",
            "pepper.keys.K5", "pepper.keys.k6", "pepper.current-key");
    assertThat(e.getMessage()).doesNotContain(KEY_1_BASE64).doesNotContain(KEY_2_BASE64);
  }

  @Test
  void misspelledKeyHoldingASecret_isNeverEchoed() {
    List<String> lines = example();
    lines.add("peppr.k1 = " + KEY_1_BASE64);

    ConfigProblem problem = only(problemsOf(lines));

    assertThat(problem.value()).isEqualTo(ConfigProblem.REDACTED);
    assertThat(problem.toString() + problem.describe()).doesNotContain(KEY_1_BASE64);
  }

  @Test
  void impossibleParallelism_andItsCap_areReportedTogetherUnderTheConfigKeys() {
    ConfigException e =
        problemsOf(replace(example(), "hashing.argon2id.parallelism", "hashing.argon2id.parallelism = 4096"));

    assertThat(e.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("hashing.argon2id.memory-kib", "hashing.argon2id.parallelism");
    assertThat(e.problems().get(0).reason())
        .isEqualTo("must be at least 8 KiB per lane (8 x hashing.argon2id.parallelism 4096 = 32768)");
    assertThat(e.problems().get(1).reason()).contains("hashing.caps.max-argon2-parallelism = 16");
  }

  @Test
  void leftoverWeakHashingReason_onAStrongPolicy_isAProblem() {
    List<String> lines = example();
    lines.add("hashing.allow-weak-reason = was needed for the old staging boxes");

    ConfigProblem problem = only(problemsOf(lines));

    assertThat(problem.key()).isEqualTo("hashing.allow-weak-reason");
    assertThat(problem.reason()).contains("meets the OWASP/ASVS floors");
  }

  @Test
  void relativeFileReference_isResolvedAgainstTheConfigFile() throws IOException {
    Files.writeString(directory.resolve("pepper-k1"), KEY_1_BASE64, UTF_8);
    Path file = directory.resolve("auth.properties");
    Files.write(file, keyring("k1", "pepper.keys.k1 = file:pepper-k1"), UTF_8);

    AuthConfig config =
        AuthConfigLoader.create().file(file).environment(Map.of()).systemProperties(Map.of()).load();

    assertThat(config.pepper().key("k1").orElseThrow().exposeBytes()).isEqualTo(KEY_1);
  }

  @Test
  void byteOrderMark_isNotPartOfTheFirstKey() throws IOException {
    Path file = directory.resolve("bom.properties");
    Files.writeString(file, "\uFEFF" + String.join("\n", example()), UTF_8);

    AuthConfig config =
        AuthConfigLoader.create().file(file).environment(Map.of()).systemProperties(Map.of()).load();

    assertThat(config.revision()).isEqualTo("example-2026-11-26.1");
  }

  @Test
  void numbersWithLeadingZerosOrTooManyDigits_areProblems() {
    ConfigException e =
        problemsOf(
            replace(
                replace(example(), "hashing.caps.max-argon2-iterations", "hashing.caps.max-argon2-iterations = 0064"),
                "input.max-username-chars", "input.max-username-chars = 99999999999"));

    assertThat(e.problems()).extracting(ConfigProblem::reason)
        .containsExactly("is not a whole number (digits only, no leading zeros)", "is out of range");
  }
  @Test
  void maxCostFactor_isReadRenderedAndRangeChecked() {
    AuthConfig config = ExampleConfig.load(
        replace(example(), "hashing.caps.max-cost-factor", "hashing.caps.max-cost-factor = 64"));
    assertThat(config.hashCaps().maxCostFactor()).isEqualTo(64);
    assertThat(config.settings()).containsEntry("hashing.caps.max-cost-factor", "64");
    assertThat(ExampleConfig.load(example()).hashCaps().maxCostFactor())
        .isEqualTo(HashParameterCaps.DEFAULT_MAX_COST_FACTOR);

    ConfigException e = problemsOf(
        replace(example(), "hashing.caps.max-cost-factor", "hashing.caps.max-cost-factor = 0"));
    assertThat(e.problems()).singleElement()
        .satisfies(p -> assertThat(p.key()).isEqualTo("hashing.caps.max-cost-factor"))
        .satisfies(p -> assertThat(p.reason()).isEqualTo("is out of range"));
  }

  @Test
  void passwordPolicy_isReadFromThePasswordKeys() {
    List<String> lines =
        replace(example(), "password.min-code-points", "password.min-code-points = 15");
    lines.add("password.context-words = portcullis , Example Corp");

    AuthConfig config = ExampleConfig.load(lines);

    assertThat(config.passwordPolicy())
        .isEqualTo(new PasswordPolicy(15, List.of("portcullis", "Example Corp")));
    assertThat(ExampleConfig.load(example()).passwordPolicy())
        .isEqualTo(PasswordPolicy.defaults());
  }

  @Test
  void passwordPolicyProblems_areAllReportedAtTheirLine() {
    List<String> lines =
        replace(example(), "password.min-code-points", "password.min-code-points = 6");
    lines.add("password.context-words = acme,, ACME, a-very-fine-service");

    ConfigException e = problemsOf(lines);

    assertThat(e.problems())
        .extracting(ConfigProblem::key, ConfigProblem::reason)
        .containsExactly(
            tuple("password.min-code-points", "is out of range"),
            tuple("password.context-words", "context word \"\" is blank"),
            tuple("password.context-words", "context word \"ACME\" is given twice (ignoring case)"));
    assertThat(e.problems().get(0).hint()).isEqualTo("a whole number from 8 to 64");
    assertThat(e.problems().get(0).origin())
        .endsWith(".properties:" + lineOf(lines, "password.min-code-points"));
  }

  @Test
  void passwordMinLength_failsWithTheExactReplacement() {
    List<String> lines = example();
    lines.add("password.min-length = 12");

    ConfigProblem problem = only(problemsOf(lines));

    assertThat(problem.key()).isEqualTo("password.min-length");
    assertThat(problem.hint()).isEqualTo("use password.min-code-points");
  }

  private static int lineOf(List<String> lines, String key) {
    for (int index = 0; index < lines.size(); index++) {
      if (ExampleConfig.keyOf(lines.get(index)).equals(key)) {
        return index + 1;
      }
    }
    throw new AssertionError(key + " is not in the lines");
  }
}
