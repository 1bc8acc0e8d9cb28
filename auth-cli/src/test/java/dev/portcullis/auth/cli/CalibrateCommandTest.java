package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.config.ConfigException;
import dev.portcullis.auth.config.ConfigProblem;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code authctl calibrate}: the real command on a tiny target (its output, not its timing, is
 * checked), and the search on a modelled clock, where the right answer is known.
 */
final class CalibrateCommandTest {

  private static final long MS = 1_000_000L;

  @TempDir Path directory;

  @Test
  void calibrate_tinyTarget_printsALoadableSnippetFlaggedAsBelowTheFloor() throws IOException {
    CliRun run = authctl("", "calibrate", "--target-ms", "5", "--max-memory-kib", "4096");

    assertThat(run.exitCode).as(run.err).isZero();
    Map<String, String> snippet = settings(run.out);
    assertThat(snippet)
        .containsEntry("hashing.scheme", "argon2id")
        .containsEntry("hashing.argon2id.parallelism", "1")
        .containsOnlyKeys(
            "hashing.scheme",
            "hashing.argon2id.memory-kib",
            "hashing.argon2id.iterations",
            "hashing.argon2id.parallelism");
    int memoryKib = Integer.parseInt(requireNonNull(snippet.get("hashing.argon2id.memory-kib")));
    int iterations = Integer.parseInt(requireNonNull(snippet.get("hashing.argon2id.iterations")));
    assertThat(memoryKib).isBetween(8, 4096);
    assertThat(iterations).isBetween(1, 64);
    assertThat(run.out)
        .contains("# authctl calibrate: Argon2id on argon2 (")
        .contains("below the OWASP/ASVS floor")
        .contains("# hashing.allow-weak-reason = ");
    assertThat(run.err).contains("below the OWASP/ASVS floor");

    // As the output says: the snippet alone is refused for the floor, with a reason it loads.
    ConfigException refused =
        catchThrowableOfType(ConfigException.class, () -> load(snippet, null));
    assertThat(refused).isNotNull();
    assertThat(refused.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("hashing.argon2id.memory-kib");
    AuthConfig accepted = load(snippet, "a test machine calibrated for 5 ms");
    assertThat(accepted.hashing()).isEqualTo(HashingPolicy.argon2id(memoryKib, iterations, 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--target-ms",
        "--target-ms 0",
        "--target-ms -5",
        "--target-ms 60001",
        "--target-ms five",
        "--target-ms 5 --max-memory-kib 7",
        "--target-ms 5 --max-memory-kib 4194305",
        "--target-ms 5 --unknown"
      })
  void calibrate_badArguments_isAUsageError(String arguments) {
    List<String> args = new ArrayList<>(List.of("calibrate"));
    if (!arguments.isEmpty()) {
      args.addAll(List.of(arguments.split(" ")));
    }

    CliRun run = authctl("", args.toArray(String[]::new));

    assertThat(run.exitCode).as(run.err).isEqualTo(2);
    assertThat(run.out).doesNotContain("hashing.scheme");
    assertThat(run.err).isNotEmpty();
  }

  // --------------------------------------------------------- the search, on a modelled clock

  /** Time of one verification: linear in m*t, as Argon2 is, plus a fixed cost. */
  private static ToLongFunction<Argon2idPolicy> clock(
      double nanosPerKibPass, long fixedNanos) {
    return policy ->
        fixedNanos + (long) (nanosPerKibPass * policy.memoryKib() * policy.iterations());
  }

  @Test
  void search_fastMachine_keepsTheMostMemoryAndAddsPasses() {
    // 1 µs per KiB and pass: m=47104 takes 47 ms per pass, so 250 ms fits 5 passes.
    CalibrateCommand.Result result =
        CalibrateCommand.calibrate(250 * MS, 47_104, 64, clock(1_000, 0));

    assertThat(result.policy).isEqualTo(HashingPolicy.argon2id(47_104, 5, 1));
    assertThat(result.nanos).isLessThanOrEqualTo(250 * MS);
    assertThat(result.iterationsCapped).isFalse();
  }

  @Test
  void search_slowMachine_reducesMemoryWithOnePass() {
    // 10 µs per KiB and pass: one pass over 47104 KiB takes 471 ms, the target is 100 ms.
    CalibrateCommand.Result result =
        CalibrateCommand.calibrate(100 * MS, 47_104, 64, clock(10_000, 0));

    assertThat(result.policy.iterations()).isEqualTo(1);
    assertThat(result.policy.memoryKib()).isBetween(8_192, 10_240);
    assertThat(result.policy.memoryKib() % 1024).isZero();
    assertThat(result.nanos).isLessThanOrEqualTo(100 * MS);
  }

  @Test
  void search_targetBeyondTheIterationCap_stopsAtTheCapAndSaysSo() {
    CalibrateCommand.Result result = CalibrateCommand.calibrate(10_000 * MS, 1024, 64, clock(1, 0));

    assertThat(result.policy).isEqualTo(HashingPolicy.argon2id(1024, 64, 1));
    assertThat(result.iterationsCapped).isTrue();
  }

  @Test
  void search_fixedCostPerCall_stillFindsTheLargestFittingPasses() {
    // A fixed 20 ms per call (allocation, page faults) makes t=target/t1 an overestimate.
    CalibrateCommand.Result result =
        CalibrateCommand.calibrate(100 * MS, 19_456, 64, clock(1_000, 20 * MS));

    // 20 + 19.456 t <= 100  =>  t = 4
    assertThat(result.policy).isEqualTo(HashingPolicy.argon2id(19_456, 4, 1));
  }

  @ParameterizedTest
  @CsvSource({
    "47104, 1, false", "47103, 1, true",
    "19456, 2, false", "19455, 2, true",
    "12288, 3, false", "12287, 3, true",
    "12288, 9, false", "12287, 9, true"
  })
  void floorMemoryKib_isTheFloorTheConfigEnforces(int memoryKib, int iterations, boolean weak) {
    boolean flagged = memoryKib < dev.portcullis.auth.config.Argon2idPolicy.floorMemoryKib(iterations);
    AuthConfig.Builder builder =
        AuthConfig.builder()
            .revision("floor-test")
            .hashing(HashingPolicy.argon2id(memoryKib, iterations, 1))
            .pepper(PepperPolicy.none());

    assertThat(flagged).isEqualTo(weak);
    if (weak) {
      assertThat(catchThrowableOfType(ConfigException.class, builder::build)).isNotNull();
    } else {
      assertThatCode(builder::build).doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @CsvSource({"8, 8", "15, 8", "4095, 4088", "8191, 8184", "8192, 8192", "47103, 46080"})
  void roundMemory_givesReadableNumbersNeverAbove(int memoryKib, int rounded) {
    assertThat(CalibrateCommand.roundMemory(memoryKib)).isEqualTo(rounded);
  }

  // ---------------------------------------------------------------- helpers

  /** The snippet's settings: every line that is not a comment, as {@code key = value}. */
  private static Map<String, String> settings(String out) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : out.split("\\R")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" = ", 2);
      assertThat(parts).as("a key = value line: " + line).hasSize(2);
      assertThat(settings.put(parts[0], parts[1])).as("set twice: " + parts[0]).isNull();
    }
    return settings;
  }

  private AuthConfig load(Map<String, String> snippet, @Nullable String weakReason) throws IOException {
    StringBuilder file = new StringBuilder("config.schema = 1\nrevision = calibrated\npepper = none\n");
    snippet.forEach((key, value) -> file.append(key).append(" = ").append(value).append('\n'));
    if (weakReason != null) {
      file.append("hashing.allow-weak-reason = ").append(weakReason).append('\n');
    }
    Path config = directory.resolve("auth.properties");
    Files.writeString(config, file, UTF_8);
    return AuthConfigLoader.load(config);
  }
}
