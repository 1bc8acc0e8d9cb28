package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever a deployment script does wrong to the shipped example config, loading it fails and
 * names the key: a removed required key, a misspelled key, a key appended twice, a broken
 * number; and several at once are all reported in one run.
 */
final class AuthConfigLoaderProperties {

  private static final List<String> EXAMPLE = ExampleConfig.lines();

  private static final List<String> REQUIRED_KEYS =
      List.of(
          "config.schema",
          "revision",
          "hashing.scheme",
          "hashing.argon2id.memory-kib",
          "hashing.argon2id.iterations",
          "hashing.argon2id.parallelism",
          "pepper");

  private static List<String> keysInExample() {
    return EXAMPLE.stream()
        .map(ExampleConfig::keyOf)
        .filter(key -> !key.isEmpty())
        .collect(Collectors.toList());
  }

  private static List<String> numericKeysInExample() {
    List<String> numeric = new ArrayList<>();
    for (String line : EXAMPLE) {
      String key = ExampleConfig.keyOf(line);
      if (!key.isEmpty() && line.substring(line.indexOf('=') + 1).strip().matches("[0-9]+")) {
        numeric.add(key);
      }
    }
    return numeric;
  }

  private static List<String> without(String key) {
    return EXAMPLE.stream()
        .filter(line -> !ExampleConfig.keyOf(line).equals(key))
        .collect(Collectors.toList());
  }

  private static List<String> withValue(List<String> lines, String key, String value) {
    return lines.stream()
        .map(line -> ExampleConfig.keyOf(line).equals(key) ? key + " = " + value : line)
        .collect(Collectors.toList());
  }

  private static ConfigException loadFailing(List<String> lines) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ExampleConfig.load(lines));
    assertThat(e).as("loading must fail").isNotNull();
    return e;
  }

  private static Set<String> problemKeys(ConfigException e) {
    return e.problems().stream().map(ConfigProblem::key).collect(Collectors.toSet());
  }

  @Property
  void exampleLoads_exactlyAsShipped() {
    assertThat(ExampleConfig.load(EXAMPLE).revision()).isEqualTo("example-2026-11-26.1");
  }

  @Provide
  Arbitrary<String> requiredKeys() {
    return Arbitraries.of(REQUIRED_KEYS);
  }

  @Property
  void removingAnyRequiredKey_isReportedForThatKey(@ForAll("requiredKeys") String key) {
    Statistics.collect(key);

    ConfigException e = loadFailing(without(key));

    assertThat(e.problems())
        .anySatisfy(
            problem -> {
              assertThat(problem.key()).isEqualTo(key);
              assertThat(problem.reason()).isEqualTo("is required");
            });
  }

  @Provide
  Arbitrary<String[]> misspellings() {
    Arbitrary<String> keys = Arbitraries.of(keysInExample());
    Arbitrary<Character> letters = Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyz.-");
    Arbitrary<Integer> kinds = Arbitraries.integers().between(0, 2);
    return Combinators.combine(keys, letters, kinds, Arbitraries.integers().between(0, 1000))
        .as(
            (key, letter, kind, where) -> {
              int at = where % (key.length() + 1);
              String wrong;
              if (kind == 0) { // insert
                wrong = key.substring(0, at) + letter + key.substring(at);
              } else if (kind == 1 || at == key.length()) { // delete
                int index = Math.min(at, key.length() - 1);
                wrong = key.substring(0, index) + key.substring(index + 1);
              } else { // replace
                wrong = key.substring(0, at) + letter + key.substring(at + 1);
              }
              return new String[] {key, wrong};
            })
        .filter(pair -> !pair[0].equals(pair[1]));
  }

  @Property
  void misspellingAnyKey_isReported(@ForAll("misspellings") String[] misspelling) {
    String key = misspelling[0];
    String wrong = misspelling[1];
    Statistics.label("kind").collect(wrong.length() - key.length());
    List<String> lines =
        EXAMPLE.stream()
            .map(line -> ExampleConfig.keyOf(line).equals(key) ? line.replaceFirst(
                java.util.regex.Pattern.quote(key), java.util.regex.Matcher.quoteReplacement(wrong))
                : line)
            .collect(Collectors.toList());

    ConfigException e = loadFailing(lines);

    // an edit may land on another valid key; then that key is set twice instead
    assertThat(problemKeys(e)).contains(wrong);
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of(keysInExample());
  }

  @Property
  void duplicatingAnyKeyWithADifferentValue_isReported(@ForAll("keys") String key) {
    List<String> lines = new ArrayList<>(EXAMPLE);
    lines.add(key + " = something-else-7");

    ConfigException e = loadFailing(lines);

    assertThat(e.problems())
        .anySatisfy(
            problem -> {
              assertThat(problem.key()).isEqualTo(key);
              assertThat(problem.reason()).startsWith("is set twice in this file");
            });
  }

  @Provide
  Arbitrary<String> numericKeys() {
    return Arbitraries.of(numericKeysInExample());
  }

  @Provide
  Arbitrary<String> brokenNumbers() {
    return Arbitraries.of("", "abc", "-1", "1.5", "0x10", "99999999999", "1e3", "12 34", "١٢")
        .edgeCases(edges -> edges.add(""));
  }

  @Property
  void breakingAnyNumericValue_isReportedForThatKey(
      @ForAll("numericKeys") String key, @ForAll("brokenNumbers") String broken) {
    Statistics.label("key").collect(key);
    Statistics.label("value").collect(broken);

    ConfigException e = loadFailing(withValue(EXAMPLE, key, broken));

    assertThat(problemKeys(e)).contains(key);
  }

  @Property
  void severalBrokenNumbers_areAllReportedInOneRun(
      @ForAll("numericKeys") String first,
      @ForAll("numericKeys") String second,
      @ForAll("numericKeys") String third) {
    Set<String> chosen = new LinkedHashSet<>(List.of(first, second, third));
    Statistics.collect(chosen.size());
    List<String> lines = EXAMPLE;
    for (String key : chosen) {
      lines = withValue(lines, key, "not-a-number");
    }

    ConfigException e = loadFailing(lines);

    assertThat(problemKeys(e)).containsAll(chosen);
    assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(chosen.size());
  }
}
