package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite in one go and writes JMH's JSON for every run plus {@code results.md}:
 * Markdown tables with every implementation's time as a ratio to libsodium's own, Portcullis'
 * overhead and the PHC parse time, headed by the machine and its load average.
 *
 * <p>Two profiles: {@code short} (about 5 minutes on 2 cores: one fork, 1 s iterations, the
 * three OWASP rows for verification with one thread, the m=19456 row for two threads and for
 * hashing) and {@code long} (about 2 hours: two forks, 5 s iterations, every row with one and
 * two threads, verification and hashing); {@code smoke} runs everything once, briefly, to prove
 * the setups and the report; {@code peers} (about 10 minutes) is issue 17's side-by-side:
 * verification by Portcullis, raw libsodium, argon2-jvm, Spring Security and Password4j at
 * m=19456 t=2 and m=47104 t=1, one and two threads, then 64 concurrent verifications under the
 * admission budget with the peak resident memory ({@link AdmissionMemoryBenchmark}). Run it through {@code auth-benchmarks/run-suite.sh}, or:
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am
 * java -cp auth-benchmarks/target/benchmarks.jar dev.portcullis.auth.benchmarks.BenchmarkSuite \
 *   --profile short --out auth-benchmarks/target/suite
 * }</pre>
 */
public final class BenchmarkSuite {

  static final List<String> IMPLEMENTATIONS =
      List.of(
          "portcullis",
          "portcullis-argon2-jvm-only",
          "argon2-jvm",
          "libsodium",
          "spring-security",
          "password4j");
  static final List<String> ROWS = List.of("m47104-t1", "m19456-t2", "m12288-t3");
  static final String YARDSTICK = "libsodium";

  private BenchmarkSuite() {}

  /** One JMH run of the suite. */
  record Run(
      String name,
      String include,
      Map<String, String[]> params,
      int threads,
      int forks,
      int warmupIterations,
      TimeValue warmupTime,
      int measurementIterations,
      TimeValue measurementTime) {}

  /**
   * Runs a profile.
   *
   * @param args {@code [--profile short|long|smoke|peers] [--out DIR]}
   */
  public static void main(String[] args) throws IOException, RunnerException {
    String profile = "short";
    Path out = Path.of("auth-benchmarks", "target", "suite");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--profile") && i + 1 < args.length) {
        profile = args[++i];
      } else if (arg.equals("--out") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else {
        System.err.println("usage: BenchmarkSuite [--profile short|long|smoke|peers] [--out DIR]");
        System.exit(2);
        return;
      }
    }
    List<Run> runs =
        switch (profile) {
          case "short" -> shortProfile();
          case "long" -> longProfile();
          case "smoke" -> smokeProfile();
          case "peers" -> peersProfile();
          default -> {
            System.err.println("profile was " + profile + ", expected short, long, smoke or peers");
            System.exit(2);
            yield List.of();
          }
        };
    Files.createDirectories(out);
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    List<RunResult> results = new ArrayList<>();
    for (Run run : runs) {
      results.addAll(run(run, out));
    }
    String loadAfter = loadAverage();
    Duration took = Duration.between(started, Instant.now());
    String markdown =
        SuiteReport.markdown(
            results, profile, machine(), started.truncatedTo(ChronoUnit.SECONDS).toString(),
            took, loadBefore, loadAfter);
    Files.writeString(out.resolve("results.md"), markdown, UTF_8);
    System.out.println();
    System.out.println(markdown);
    System.out.println("JMH JSON and results.md in " + out.toAbsolutePath());
  }

  static List<Run> shortProfile() {
    TimeValue second = TimeValue.seconds(1);
    TimeValue twoSeconds = TimeValue.seconds(2);
    Map<String, String[]> allRows = params(IMPLEMENTATIONS, ROWS);
    Map<String, String[]> owaspMinimum = params(IMPLEMENTATIONS, List.of("m19456-t2"));
    return List.of(
        new Run("argon2-verify-1-thread", "\\.HasherBenchmark\\.verify$", allRows, 1, 1, 1,
            second, 5, second),
        new Run("argon2-verify-2-threads", "\\.HasherBenchmark\\.verify$", owaspMinimum, 2, 1, 1,
            second, 5, second),
        new Run("argon2-hash-1-thread", "\\.HasherBenchmark\\.hash$", owaspMinimum, 1, 1, 1,
            second, 3, second),
        new Run("pbkdf2-verify-1-thread", "\\.Pbkdf2Benchmark\\.", Map.of(), 1, 1, 1,
            twoSeconds, 3, twoSeconds),
        new Run("authenticator", "\\.AuthenticatorBenchmark\\.", Map.of(), 1, 1, 2, second, 5,
            second),
        new Run("phc-parse", "\\.PhcParseBenchmark\\.", Map.of(), 1, 1, 2, second, 5, second));
  }

  /** Issue 17's comparison: {@code -f 1 -wi 2 -i 3 -r 2s}, the two rows, 1 and 2 threads. */
  static List<Run> peersProfile() {
    TimeValue twoSeconds = TimeValue.seconds(2);
    Map<String, String[]> rows =
        params(
            List.of("portcullis", "libsodium", "argon2-jvm", "spring-security", "password4j"),
            List.of("m19456-t2", "m47104-t1"));
    return List.of(
        new Run("argon2-verify-1-thread", "\\.HasherBenchmark\\.verify$", rows, 1, 1, 2,
            twoSeconds, 3, twoSeconds),
        new Run("argon2-verify-2-threads", "\\.HasherBenchmark\\.verify$", rows, 2, 1, 2,
            twoSeconds, 3, twoSeconds),
        new Run("admission-memory-64-threads", "\\.AdmissionMemoryBenchmark\\.", Map.of(), 64,
            1, 1, twoSeconds, 3, twoSeconds));
  }

  /**
   * Every run of the short profile, each benchmark once for 100 ms without warm-up: proves every
   * setup and the report in a minute or two. The numbers mean nothing.
   */
  static List<Run> smokeProfile() {
    TimeValue glimpse = TimeValue.milliseconds(100);
    return shortProfile().stream()
        .map(run -> new Run(run.name(), run.include(), run.params(), run.threads(), 1, 0, glimpse,
            1, glimpse))
        .toList();
  }

  static List<Run> longProfile() {
    TimeValue five = TimeValue.seconds(5);
    TimeValue three = TimeValue.seconds(3);
    Map<String, String[]> allRows = params(IMPLEMENTATIONS, ROWS);
    List<Run> runs = new ArrayList<>();
    for (int threads : new int[] {1, 2}) {
      String suffix = threads == 1 ? "-1-thread" : "-2-threads";
      runs.add(new Run("argon2-verify" + suffix, "\\.HasherBenchmark\\.verify$", allRows,
          threads, 2, 2, five, 5, five));
      runs.add(new Run("argon2-hash" + suffix, "\\.HasherBenchmark\\.hash$", allRows, threads,
          2, 2, five, 5, five));
      runs.add(new Run("pbkdf2-verify" + suffix, "\\.Pbkdf2Benchmark\\.", Map.of(), threads, 2,
          2, five, 5, five));
    }
    runs.add(new Run("authenticator", "\\.AuthenticatorBenchmark\\.", Map.of(), 1, 2, 3, three,
        5, three));
    runs.add(new Run("phc-parse", "\\.PhcParseBenchmark\\.", Map.of(), 1, 2, 3, three, 5,
        three));
    return runs;
  }

  private static Map<String, String[]> params(List<String> implementations, List<String> rows) {
    Map<String, String[]> params = new LinkedHashMap<>();
    params.put("implementation", implementations.toArray(String[]::new));
    params.put("row", rows.toArray(String[]::new));
    return params;
  }

  private static Collection<RunResult> run(Run run, Path out) throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(run.include())
            .threads(run.threads())
            .forks(run.forks())
            .warmupIterations(run.warmupIterations())
            .warmupTime(run.warmupTime())
            .measurementIterations(run.measurementIterations())
            .measurementTime(run.measurementTime())
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(out.resolve(run.name() + ".json").toString());
    run.params().forEach(options::param);
    return new Runner(options.build()).run();
  }

  /** The CPU, core count, OS and JVM: the numbers hold for this machine only. */
  static String machine() {
    String cpu = cpuModel().orElse(System.getProperty("os.arch", "unknown CPU"));
    return cpu
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch")
        + ", "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version");
  }

  private static Optional<String> cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), UTF_8)) {
        if (line.startsWith("model name")) {
          return Optional.of(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture will do
    }
    return Optional.empty();
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them, or "unknown". */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg"), UTF_8).trim().split("\\s+");
      return String.join(" ", fields[0], fields[1], fields[2]);
    } catch (IOException | RuntimeException e) {
      java.lang.management.OperatingSystemMXBean os =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      double load = os.getSystemLoadAverage();
      return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }
  }

  static @Nullable String param(RunResult result, String name) {
    return result.getParams().getParam(name);
  }
}
