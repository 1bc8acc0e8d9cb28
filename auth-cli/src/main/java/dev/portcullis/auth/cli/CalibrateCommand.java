package dev.portcullis.auth.cli;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashingPreset;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authctl calibrate --target-ms N [--max-memory-kib M]}: finds Argon2id parameters that
 * take about N ms per verification on this machine, with the backends the engine would use, and
 * prints them as a configuration snippet.
 *
 * <p>Memory first, as OWASP and RFC 9106 §4 advise: one lane, the most memory allowed, then as
 * many passes as fit in the target; only if a single pass over the most memory is already too
 * slow is memory reduced. Parameters below the OWASP/ASVS floors are flagged, because a config
 * using them is refused unless {@code hashing.allow-weak-reason} says why.
 */
@Command(
    name = "calibrate",
    description = {
      "Measures Argon2id on this machine with the engine's backends (Portcullis's",
      "own Argon2 where it loads, else libsodium) and prints parameters that take",
      "about N ms per hash as a",
      "configuration snippet: memory first (p=1, the most memory allowed), then",
      "passes. Parameters below the OWASP/ASVS floors are flagged.",
      "Exit codes: 0 ok, 2 usage."
    },
    mixinStandardHelpOptions = true)
final class CalibrateCommand implements Callable<Integer> {

  /** OWASP's largest Argon2id row: a default that asks no more memory per login than OWASP. */
  static final int DEFAULT_MAX_MEMORY_KIB =
      ((Argon2idPolicy) HashingPreset.OWASP_ARGON2ID_M47104_T1.policy()).memoryKib();

  /** 4 GiB: beyond any sensible per-login budget. */
  static final int LARGEST_MAX_MEMORY_KIB = 4 * 1024 * 1024;

  static final int LARGEST_TARGET_MS = 60_000;

  /** Each measurement is the median of this many verifications (the final one of twice as many). */
  private static final int SAMPLES = 3;

  private final Terminal terminal;

  @Spec private @Nullable CommandSpec spec;

  @Option(
      names = "--target-ms",
      required = true,
      paramLabel = "N",
      description = "Time one verification should take, in milliseconds (1 to 60000).")
  private int targetMs;

  @Option(
      names = "--max-memory-kib",
      paramLabel = "M",
      description =
          "Most memory one verification may use, in KiB (8 to 4194304; default ${DEFAULT-VALUE},"
              + " OWASP's largest row). Every concurrent login needs this much.")
  private int maxMemoryKib = DEFAULT_MAX_MEMORY_KIB;

  CalibrateCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    if (targetMs < 1 || targetMs > LARGEST_TARGET_MS) {
      throw usage("--target-ms was " + targetMs + ", allowed is 1 to " + LARGEST_TARGET_MS);
    }
    if (maxMemoryKib < 8 || maxMemoryKib > LARGEST_MAX_MEMORY_KIB) {
      throw usage(
          "--max-memory-kib was " + maxMemoryKib + ", allowed is 8 to " + LARGEST_MAX_MEMORY_KIB);
    }
    PasswordHasher hasher = engineArgon2Hasher();
    byte[] password = new byte[16];
    new SecureRandom().nextBytes(password);
    try {
      Result result =
          calibrate(
              targetMs * 1_000_000L,
              maxMemoryKib,
              HashParameterCaps.defaults().maxArgon2Iterations(),
              policy -> medianNanos(hasher, password, policy, SAMPLES));
      long finalNanos = medianNanos(hasher, password, result.policy, 2 * SAMPLES);
      print(hasher, result, finalNanos);
      return 0;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** The hasher the engine writes Argon2id with, self-tested as the engine would. */
  private static PasswordHasher engineArgon2Hasher() {
    try {
      PasswordHasher hasher =
          PasswordHashers.builtIn()
              .writerFor(HashingPolicy.argon2id(8, 1, 1))
              .orElseThrow(() -> new CommandFailure("no built-in hasher writes argon2id"));
      hasher.selfTest();
      return hasher;
    } catch (PreflightException | IllegalStateException e) {
      throw new CommandFailure("argon2 cannot run on " + platform() + ": " + e.getMessage());
    }
  }

  /** Parameters found and the measured time of each step, for the report. */
  static final class Result {
    final Argon2idPolicy policy;
    final long nanos;
    final StringBuilder steps = new StringBuilder();
    boolean iterationsCapped;

    Result(Argon2idPolicy policy, long nanos) {
      this.policy = policy;
      this.nanos = nanos;
    }
  }

  /**
   * Memory first: t=1 at {@code maxMemoryKib}; if that is over the target, less memory (scaled
   * down, since time grows linearly with m*t) until a pass fits; otherwise the most passes (up to
   * {@code maxIterations}) that keep within the target.
   *
   * @param measure nanoseconds one verification takes under a policy
   */
  static Result calibrate(
      long targetNanos, int maxMemoryKib, int maxIterations, ToLongFunction<Argon2idPolicy> measure) {
    StringBuilder steps = new StringBuilder();
    int memoryKib = maxMemoryKib;
    long nanos = step(steps, measure, memoryKib, 1);
    // Too slow even for one pass: scale memory down, a little under the estimate, until it fits.
    for (int attempt = 0; nanos > targetNanos && memoryKib > 8 && attempt < 8; attempt++) {
      long scaled = (long) (memoryKib * ((double) targetNanos / nanos) * 0.95);
      int smaller = roundMemory((int) Math.max(8, Math.min(memoryKib - 1L, scaled)));
      memoryKib = smaller;
      nanos = step(steps, measure, memoryKib, 1);
    }
    int iterations = 1;
    if (nanos <= targetNanos) {
      // Passes: time is about proportional to t; estimate, then step to the largest that fits.
      long perPass = Math.max(1, nanos);
      int estimate = (int) Math.max(1, Math.min(maxIterations, targetNanos / perPass));
      long estimateNanos = estimate == 1 ? nanos : step(steps, measure, memoryKib, estimate);
      while (estimateNanos > targetNanos && estimate > 1) {
        estimate--;
        estimateNanos = estimate == 1 ? nanos : step(steps, measure, memoryKib, estimate);
      }
      iterations = estimate;
      nanos = estimateNanos;
      while (iterations < maxIterations) {
        long next = step(steps, measure, memoryKib, iterations + 1);
        if (next > targetNanos) {
          break;
        }
        iterations++;
        nanos = next;
      }
    }
    Result result = new Result(HashingPolicy.argon2id(memoryKib, iterations, 1), nanos);
    result.steps.append(steps);
    result.iterationsCapped = iterations == maxIterations;
    return result;
  }

  private static long step(
      StringBuilder steps, ToLongFunction<Argon2idPolicy> measure, int memoryKib, int iterations) {
    long nanos = measure.applyAsLong(HashingPolicy.argon2id(memoryKib, iterations, 1));
    steps.append(
        String.format(
            Locale.ROOT, "# measured m=%d KiB, t=%d: %s%n", memoryKib, iterations, millis(nanos)));
    return nanos;
  }

  /** Whole MiB above 8 MiB, multiples of 8 KiB below: numbers an operator can read. */
  static int roundMemory(int memoryKib) {
    if (memoryKib >= 8192) {
      return memoryKib / 1024 * 1024;
    }
    return Math.max(8, memoryKib / 8 * 8);
  }

  private static long medianNanos(
      PasswordHasher hasher, byte[] password, Argon2idPolicy policy, int samples) {
    String encoded = hasher.hash(password, policy); // also warms this size up
    long[] nanos = new long[samples];
    try {
      for (int i = 0; i < samples; i++) {
        long started = System.nanoTime();
        boolean verified = hasher.verify(password, encoded, HashParameterCaps.defaults());
        nanos[i] = System.nanoTime() - started;
        if (!verified) {
          throw new CommandFailure(hasher.name() + " did not verify its own hash under " + policy);
        }
      }
    } catch (UnverifiableHashException e) {
      throw new CommandFailure(hasher.name() + " cannot verify its own hash: " + e.getMessage());
    }
    Arrays.sort(nanos);
    return nanos[samples / 2];
  }

  private void print(PasswordHasher hasher, Result result, long finalNanos) {
    Argon2idPolicy policy = result.policy;
    var out = terminal.out;
    out.printf(
        Locale.ROOT,
        "# authctl calibrate: Argon2id on %s, %s, %d available processors%n",
        hasher.name(),
        platform(),
        Runtime.getRuntime().availableProcessors());
    out.printf(
        Locale.ROOT,
        "# target %d ms per verification, memory up to %d KiB, p=1 (memory first)%n",
        targetMs,
        maxMemoryKib);
    out.print(result.steps);
    out.printf(
        Locale.ROOT,
        "# chosen: m=%d KiB, t=%d, p=1: %s per verification (median of %d)%n",
        policy.memoryKib(),
        policy.iterations(),
        millis(finalNanos),
        2 * SAMPLES);
    if (result.iterationsCapped && finalNanos < targetMs * 1_000_000L) {
      out.printf(
          Locale.ROOT,
          "# note: t=%d is the largest the default caps verify (hashing.caps.max-argon2-iterations);"
              + " raise --max-memory-kib to reach the target%n",
          policy.iterations());
    }
    int floor = Argon2idPolicy.floorMemoryKib(policy.iterations());
    boolean weak = policy.memoryKib() < floor;
    if (weak) {
      out.printf(
          Locale.ROOT,
          "# WARNING: m=%d KiB, t=%d is below the OWASP/ASVS floor (t=%d needs m >= %d KiB;"
              + " rows m=47104 t=1, m=19456 t=2, m=12288 t=3).%n"
              + "# A config with these parameters is refused unless hashing.allow-weak-reason"
              + " says why: raise --target-ms or --max-memory-kib, or uncomment and fill in:%n",
          policy.memoryKib(),
          policy.iterations(),
          policy.iterations(),
          floor);
      terminal.err.printf(
          Locale.ROOT,
          "authctl: warning: m=%d KiB, t=%d is below the OWASP/ASVS floor; the config needs"
              + " hashing.allow-weak-reason%n",
          policy.memoryKib(),
          policy.iterations());
    }
    out.println("hashing.scheme = argon2id");
    out.println("hashing.argon2id.memory-kib = " + policy.memoryKib());
    out.println("hashing.argon2id.iterations = " + policy.iterations());
    out.println("hashing.argon2id.parallelism = " + policy.parallelism());
    if (policy.memoryKib() > HashParameterCaps.defaults().maxArgon2MemoryKib()) {
      // The engine must be able to verify what it writes: the cap has to admit the policy.
      out.println("hashing.caps.max-argon2-memory-kib = " + policy.memoryKib());
    }
    if (weak) {
      out.println("# hashing.allow-weak-reason = <why this deployment cannot afford the floor>");
    }
  }

  /** E.g. {@code Linux amd64, Java 17.0.15}: the numbers hold for this platform only. */
  private static String platform() {
    return System.getProperty("os.name", "unknown OS")
        + " "
        + System.getProperty("os.arch", "unknown arch")
        + ", Java "
        + System.getProperty("java.version", "unknown");
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private CommandLine.ParameterException usage(String message) {
    CommandLine commandLine = spec == null ? new CommandLine(this) : spec.commandLine();
    return new CommandLine.ParameterException(commandLine, message);
  }
}
