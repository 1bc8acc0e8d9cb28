package dev.portcullis.auth.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

/** The suite's Markdown report, computed from JMH's results. */
final class SuiteReport {

  private SuiteReport() {}

  /** One measured score with what identifies it. */
  private record Score(
      String benchmark,
      @Nullable String implementation,
      @Nullable String row,
      @Nullable String path,
      @Nullable String memoryKib,
      @Nullable String encoded,
      int threads,
      double score,
      double error,
      String unit) {

    /** Milliseconds per operation from a throughput in ops/s: threads / throughput. */
    double millisPerOp() {
      return threads * 1000.0 / score;
    }
  }

  /**
   * The best measurement iteration: the highest throughput or the lowest time. On a shared
   * machine other processes only ever slow an iteration down, so the best one is the estimate
   * least disturbed by them; JMH's mean and error are in the JSON.
   */
  static double bestIteration(RunResult result) {
    boolean higherIsBetter = result.getParams().getMode() == Mode.Throughput;
    double best = Double.NaN;
    for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
      for (IterationResult iteration : benchmark.getIterationResults()) {
        double score = iteration.getPrimaryResult().getScore();
        if (Double.isNaN(best) || (higherIsBetter ? score > best : score < best)) {
          best = score;
        }
      }
    }
    return Double.isNaN(best) ? result.getPrimaryResult().getScore() : best;
  }

  static String markdown(
      Collection<RunResult> results,
      String profile,
      String machine,
      String started,
      Duration took,
      String loadBefore,
      String loadAfter) {
    List<Score> scores = new ArrayList<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      String[] parts = name.split("\\.");
      scores.add(
          new Score(
              parts[parts.length - 2] + "." + parts[parts.length - 1],
              BenchmarkSuite.param(result, "implementation"),
              BenchmarkSuite.param(result, "row"),
              BenchmarkSuite.param(result, "path"),
              BenchmarkSuite.param(result, "memoryKib"),
              BenchmarkSuite.param(result, "encoded"),
              result.getParams().getThreads(),
              bestIteration(result),
              result.getPrimaryResult().getScoreError(),
              result.getPrimaryResult().getScoreUnit()));
    }
    StringBuilder md = new StringBuilder();
    md.append("Measured ")
        .append(started)
        .append(" with the `")
        .append(profile)
        .append("` profile (")
        .append(took.toMinutes())
        .append(" min) on ")
        .append(machine)
        .append(". Load average (1/5/15 min, as `uptime` shows it) ")
        .append(loadBefore)
        .append(" before and ")
        .append(loadAfter)
        .append(" after the run. Every number is the best measurement iteration of its benchmark")
        .append(" (highest throughput, lowest time): on a shared machine other work only slows an")
        .append(" iteration down, so the best one is the least disturbed; JMH's means and errors")
        .append(" are in the JSON. Treat differences of a few per cent as noise.\n\n");
    argon2Tables(md, scores);
    portcullisVersusPeers(md, scores);
    pbkdf2Table(md, scores);
    authenticatorTable(md, scores);
    phcTable(md, scores);
    return md.toString();
  }

  private static void argon2Tables(StringBuilder md, List<Score> scores) {
    for (String operation : List.of("verify", "hash")) {
      String benchmark = "HasherBenchmark." + operation;
      TreeSet<Integer> threadCounts = new TreeSet<>();
      scores.stream()
          .filter(s -> s.benchmark().equals(benchmark))
          .forEach(s -> threadCounts.add(s.threads()));
      for (int threads : threadCounts) {
        md.append("**Argon2id ")
            .append(operation)
            .append(", ")
            .append(threads)
            .append(threads == 1 ? " thread" : " threads")
            .append("**: milliseconds per ")
            .append(operation.equals("verify") ? "verification" : "hash")
            .append(threads == 1 ? "" : " (threads / total throughput)")
            .append(", and in brackets the time relative to libsodium's own on the same row.\n\n");
        md.append("| OWASP row |");
        for (String implementation : BenchmarkSuite.IMPLEMENTATIONS) {
          md.append(' ').append(implementation).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(BenchmarkSuite.IMPLEMENTATIONS.size()));
        md.append('\n');
        for (String row : BenchmarkSuite.ROWS) {
          Score yardstick = hasherScore(scores, benchmark, BenchmarkSuite.YARDSTICK, row, threads);
          if (scores.stream()
              .noneMatch(s -> s.benchmark().equals(benchmark) && row.equals(s.row())
                  && s.threads() == threads)) {
            continue;
          }
          md.append("| ").append(rowLabel(row)).append(" |");
          for (String implementation : BenchmarkSuite.IMPLEMENTATIONS) {
            Score score = hasherScore(scores, benchmark, implementation, row, threads);
            if (score == null) {
              md.append(" - |");
            } else if (yardstick == null) {
              md.append(String.format(Locale.ROOT, " %.1f |", score.millisPerOp()));
            } else {
              md.append(
                  String.format(
                      Locale.ROOT,
                      " %.1f (%.2fx) |",
                      score.millisPerOp(),
                      yardstick.score() / score.score()));
            }
          }
          md.append('\n');
        }
        md.append('\n');
      }
    }
  }

  private static void portcullisVersusPeers(StringBuilder md, List<Score> scores) {
    String benchmark = "HasherBenchmark.verify";
    List<String> lines = new ArrayList<>();
    for (int threads : new int[] {1, 2}) {
      for (String row : BenchmarkSuite.ROWS) {
        Score portcullis = hasherScore(scores, benchmark, "portcullis", row, threads);
        if (portcullis == null) {
          continue;
        }
        lines.add(
            String.format(
                Locale.ROOT,
                "| %s, %d %s | %s | %s | %s | %s | %s |",
                rowLabel(row),
                threads,
                threads == 1 ? "thread" : "threads",
                ratio(scores, benchmark, "libsodium", row, threads, portcullis, true),
                ratio(scores, benchmark, "argon2-jvm", row, threads, portcullis, false),
                ratio(scores, benchmark, "portcullis-argon2-jvm-only", row, threads, portcullis,
                    false),
                ratio(scores, benchmark, "spring-security", row, threads, portcullis, false),
                ratio(scores, benchmark, "password4j", row, threads, portcullis, false)));
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    md.append("**Portcullis verification against each peer**: Portcullis' time as a multiple of")
        .append(" libsodium's (1.00x = as fast; the goal is within 1.10x), and how many times")
        .append(" faster Portcullis is than each of the others.\n\n")
        .append("| row | Portcullis / libsodium raw | argon2-jvm raw / Portcullis |")
        .append(" Portcullis on argon2-jvm only / Portcullis | Spring Security / Portcullis |")
        .append(" Password4j / Portcullis |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    lines.forEach(line -> md.append(line).append('\n'));
    md.append('\n');
  }

  private static String ratio(
      List<Score> scores,
      String benchmark,
      String peer,
      String row,
      int threads,
      Score portcullis,
      boolean portcullisOverPeer) {
    Score other = hasherScore(scores, benchmark, peer, row, threads);
    if (other == null) {
      return "-";
    }
    // scores are throughputs: time ratio a/b = throughput b / throughput a
    double ratio =
        portcullisOverPeer
            ? other.score() / portcullis.score()
            : portcullis.score() / other.score();
    return String.format(Locale.ROOT, "%.2fx", ratio);
  }

  private static void pbkdf2Table(StringBuilder md, List<Score> scores) {
    List<Score> pbkdf2 =
        scores.stream().filter(s -> s.benchmark().equals("Pbkdf2Benchmark.verify")).toList();
    if (pbkdf2.isEmpty()) {
      return;
    }
    md.append("**PBKDF2-HMAC-SHA256, 600,000 iterations, verify**: milliseconds per")
        .append(" verification; in brackets the time relative to the JDK's SecretKeyFactory.\n\n")
        .append("| threads | portcullis | jdk |\n|---|---:|---:|\n");
    for (int threads : new TreeSet<>(pbkdf2.stream().map(Score::threads).toList())) {
      Score jdk = find(pbkdf2, s -> "jdk".equals(s.implementation()) && s.threads() == threads);
      md.append("| ").append(threads).append(" |");
      for (String implementation : List.of("portcullis", "jdk")) {
        Score score =
            find(pbkdf2, s -> implementation.equals(s.implementation()) && s.threads() == threads);
        md.append(
            score == null
                ? " - |"
                : jdk == null
                    ? String.format(Locale.ROOT, " %.1f |", score.millisPerOp())
                    : String.format(
                        Locale.ROOT,
                        " %.1f (%.2fx) |",
                        score.millisPerOp(),
                        jdk.score() / score.score()));
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static void authenticatorTable(StringBuilder md, List<Score> scores) {
    List<Score> auth =
        scores.stream().filter(s -> s.benchmark().equals("AuthenticatorBenchmark.verify")).toList();
    if (auth.isEmpty()) {
      return;
    }
    List<String> memories = List.of("19456", "64");
    md.append("**End to end, Argon2id t=2 p=1, 1 thread**: microseconds per call.\n\n")
        .append("| path | m=19456 KiB | m=64 KiB |\n|---|---:|---:|\n");
    for (String path :
        List.of(
            "authenticator-success",
            "authenticator-wrong-password",
            "authenticator-unknown-user",
            "hasher",
            "libsodium")) {
      md.append("| ").append(path).append(" |");
      for (String memory : memories) {
        Score score = find(auth, s -> path.equals(s.path()) && memory.equals(s.memoryKib()));
        md.append(
            score == null
                ? " - |"
                : String.format(Locale.ROOT, " %.1f |", score.score()));
      }
      md.append('\n');
    }
    Score cheapLogin = authScore(auth, "authenticator-success", "64");
    Score cheapHasher = authScore(auth, "hasher", "64");
    Score cheapRaw = authScore(auth, "libsodium", "64");
    Score owaspLogin = authScore(auth, "authenticator-success", "19456");
    Score owaspRaw = authScore(auth, "libsodium", "19456");
    md.append('\n');
    if (cheapLogin != null && cheapRaw != null && owaspRaw != null) {
      double overhead = cheapLogin.score() - cheapRaw.score();
      md.append(
          String.format(
              Locale.ROOT,
              "Portcullis' own overhead per login (authenticator-success minus libsodium at m=64,"
                  + " where the hash is cheap): %.1f µs, %.2f%% of an OWASP-row verification"
                  + " (libsodium, m=19456: %.0f µs); the goal is under 2%%.",
              overhead,
              100 * overhead / owaspRaw.score(),
              owaspRaw.score()));
      if (cheapHasher != null) {
        md.append(
            String.format(
                Locale.ROOT,
                " Of that, the hasher layer (PHC parsing, caps, dispatch, compare): %.1f µs.",
                cheapHasher.score() - cheapRaw.score()));
      }
      if (owaspLogin != null) {
        md.append(
            String.format(
                Locale.ROOT,
                " Measured directly at m=19456: %+.2f%% (there the hash's own variance dominates).",
                100 * (owaspLogin.score() - owaspRaw.score()) / owaspRaw.score()));
      }
      md.append("\n\n");
    }
  }

  private static void phcTable(StringBuilder md, List<Score> scores) {
    List<Score> phc =
        scores.stream().filter(s -> s.benchmark().equals("PhcParseBenchmark.parse")).toList();
    if (phc.isEmpty()) {
      return;
    }
    md.append("**PhcString.parse** (the goal is under 1 µs = 1000 ns):\n\n")
        .append("| encoded hash | ns per parse |\n|---|---:|\n");
    for (Score score : phc) {
      md.append("| `")
          .append(Objects.requireNonNullElse(score.encoded(), "?"))
          .append("` | ")
          .append(String.format(Locale.ROOT, "%.0f", score.score()))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static @Nullable Score hasherScore(
      List<Score> scores, String benchmark, String implementation, String row, int threads) {
    return find(
        scores,
        s ->
            s.benchmark().equals(benchmark)
                && implementation.equals(s.implementation())
                && row.equals(s.row())
                && s.threads() == threads);
  }

  private static @Nullable Score authScore(List<Score> auth, String path, String memoryKib) {
    return find(auth, s -> path.equals(s.path()) && memoryKib.equals(s.memoryKib()));
  }

  private static @Nullable Score find(List<Score> scores, java.util.function.Predicate<Score> p) {
    for (Score score : scores) {
      if (p.test(score)) {
        return score;
      }
    }
    return null;
  }

  /** {@code m47104-t1} as {@code m=47104 t=1}. */
  private static String rowLabel(String row) {
    return row.replace("m", "m=").replace("-t", " t=");
  }
}
