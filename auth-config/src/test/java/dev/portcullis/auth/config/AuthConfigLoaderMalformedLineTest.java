package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broken line in a config file whose "key" is a secret (a colon instead of {@code =}, a bare
 * base64 key appended by a script) is reported by line and shape, never by its text.
 */
final class AuthConfigLoaderMalformedLineTest {

  /** A 32-byte key as {@code openssl rand -base64 32} writes it: 44 characters, one {@code =}. */
  private static final String SECRET = "q3Yx9tVb0LkR2mWnZs8dFh4jPc6eGa1uTi7oXy5wEvM=";

  /** Long pieces of the secret that a message must not contain either. */
  private static final List<String> SECRET_PIECES =
      List.of(SECRET, SECRET.substring(0, 43), SECRET.substring(0, 16), SECRET.substring(20, 40));

  private static List<String> keyringWith(String... extraLines) {
    List<String> lines = new ArrayList<>();
    for (String line : ExampleConfig.lines()) {
      lines.add(ExampleConfig.keyOf(line).equals("pepper") ? "pepper = keyring" : line);
    }
    lines.add("pepper.current-key = k1");
    lines.addAll(List.of(extraLines));
    return lines;
  }

  private static ConfigException refused(List<String> lines) {
    return catchThrowableOfType(
        ConfigException.class, () -> ExampleConfig.load(lines, Map.of("PEPPER_K1", SECRET)));
  }

  private static void assertNoSecretIn(ConfigException e) {
    StringBuilder everything = new StringBuilder(String.valueOf(e.getMessage()));
    for (ConfigProblem problem : e.problems()) {
      everything.append(problem).append(problem.describe()).append(problem.key())
          .append(problem.value()).append(problem.hint()).append(problem.reason());
    }
    for (String piece : SECRET_PIECES) {
      assertThat(everything.toString()).doesNotContain(piece);
    }
  }

  private static ConfigProblem problemAt(ConfigException e, String key) {
    return e.problems().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow(
        () -> new AssertionError("no problem for " + key + " in " + e.problems()));
  }

  @Test
  void colonInsteadOfEquals_isReportedByLineAndShape_neverByItsText() {
    List<String> lines = keyringWith("pepper.keys.k1: " + SECRET);
    int lineNumber = lines.size();

    ConfigException e = refused(lines);

    ConfigProblem problem = problemAt(e, "line " + lineNumber);
    assertThat(problem.origin()).endsWith(":" + lineNumber);
    assertThat(problem.value()).isEqualTo(ConfigProblem.REDACTED);
    assertThat(problem.reason()).isEqualTo("is not a setting name (60 characters, contains spaces)");
    assertThat(problem.hint()).isEqualTo("write pepper.keys.k1 = <value>, with '=' rather than ':'");
    assertNoSecretIn(e);
  }

  @Test
  void bareBase64LineAppendedByAScript_isReportedByLineAndShape_neverByItsText() {
    List<String> lines = keyringWith("pepper.keys.k1 = env:PEPPER_K1", SECRET);
    int lineNumber = lines.size();

    ConfigException e = refused(lines);

    ConfigProblem problem = problemAt(e, "line " + lineNumber);
    assertThat(e.problems()).containsExactly(problem);
    assertThat(problem.origin()).endsWith(":" + lineNumber);
    assertThat(problem.value()).isEqualTo(ConfigProblem.REDACTED);
    assertThat(problem.reason()).isEqualTo("is not a setting name (44 characters, looks like base64)");
    assertThat(e.getMessage()).contains("line " + lineNumber + " (").contains("looks like base64");
    assertNoSecretIn(e);
  }

  @Test
  void sameSecretLineAppendedTwice_isTwoShapeProblems_notADuplicateKeyNamingIt() {
    List<String> lines = keyringWith("pepper.keys.k1 = env:PEPPER_K1", SECRET, SECRET);

    ConfigException e = refused(lines);

    assertThat(e.problems()).extracting(ConfigProblem::key)
        .containsExactly("line " + (lines.size() - 1), "line " + lines.size());
    assertThat(e.problems()).extracting(ConfigProblem::reason).allMatch(r -> r.contains("base64"));
    assertNoSecretIn(e);
  }

  @Test
  void secretWithoutPaddingOnALineOfItsOwn_isNotAKeyValueLine_andNotEchoed() {
    String unpadded = SECRET.substring(0, 43);
    List<String> lines = keyringWith("pepper.keys.k1 = env:PEPPER_K1", unpadded);

    ConfigProblem problem = refused(lines).problems().get(0);

    assertThat(problem.key()).isEqualTo("line " + lines.size());
    assertThat(problem.reason()).isEqualTo("is not a key = value line (43 characters, looks like base64)");
    assertThat(problem.toString() + problem.describe()).doesNotContain(unpadded.substring(0, 16));
  }

  @Test
  void wellFormedButUnknownKey_isStillNamedWithItsNearestKey() {
    List<String> lines = keyringWith("pepper.keys.k1 = env:PEPPER_K1", "pepper.curent-key = k1");

    ConfigProblem problem = problemAt(refused(lines), "pepper.curent-key");

    assertThat(problem.reason()).isEqualTo("is not a Portcullis setting");
    assertThat(problem.hint()).isEqualTo("did you mean pepper.current-key?");
  }

  @Test
  void systemPropertyWhoseNameIsNotASettingName_isReportedByShape() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AuthConfigLoader.create()
        .file(ExampleConfig.FILE)
        .environment(Map.of())
        .systemProperties(Map.of("portcullis." + SECRET.substring(0, 43), ""))
        .load());

    ConfigProblem problem = e.problems().get(0);
    assertThat(problem.key()).isEqualTo("-Dportcullis....");
    assertThat(problem.reason()).isEqualTo("is not a setting name (43 characters, looks like base64)");
    assertNoSecretIn(e);
  }
}
