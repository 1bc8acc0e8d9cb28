package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.VerificationResult;
import dev.portcullis.auth.config.AdmissionPolicy;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 64 threads verifying at once at m=65536 KiB (64 MiB per hash) under a 256 MiB memory budget:
 * without admission that is 4 GiB of Argon2 memory; with it, at most four hashes run at a time.
 * The tear-down prints the process's peak resident memory (VmHWM) next to the budget and to the
 * resident memory after setup (the pre-faulted arenas included), so the bound is visible;
 * throughput should be the machine's cores' worth of hashes.
 *
 * <p>Each thread verifies its own user (64 users), so that every call is a real verification:
 * one user hammered by 64 threads would mostly measure the throttle's answer. The tear-down fails
 * the run if any call was not SUCCESS (OVERLOADED, THROTTLED or anything else).
 *
 * <p>Run from the repository root:
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar AdmissionMemoryBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(64)
@State(Scope.Benchmark)
public class AdmissionMemoryBenchmark {

  private static final int MEMORY_KIB = 65_536;
  private static final int BUDGET_KIB = 262_144;
  private static final String PASSWORD = "correct horse battery staple";

  private static final int USERS = 64;

  private Authenticator auth = Authenticator.create(config(), new InMemoryCredentialStore());
  private final char[] password = PASSWORD.toCharArray();
  private final AtomicInteger nextUser = new AtomicInteger();
  private final LongAdder verified = new LongAdder();
  private long residentAfterSetupKib;

  /** The user one benchmark thread verifies. */
  @State(Scope.Thread)
  public static class User {
    String name = "";

    /** Takes the next of the 64 users. */
    @Setup(Level.Trial)
    public void pick(AdmissionMemoryBenchmark bench) {
      name = "user-" + (bench.nextUser.getAndIncrement() % USERS);
    }
  }

  private static AuthConfig config() {
    return AuthConfig.builder()
        .revision("bench-admission")
        .hashing(HashingPolicy.argon2id(MEMORY_KIB, 3, 1))
        .pepper(PepperPolicy.none())
        .admission(new AdmissionPolicy(BUDGET_KIB, 60_000))
        .build();
  }

  /**
   * Stores the 64 users under the policy.
   *
   * @throws IllegalStateException if the users do not verify
   * @throws IOException if /proc/self/status cannot be read
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    auth.close();
    auth = Authenticator.create(config(), new InMemoryCredentialStore());
    for (int user = 0; user < USERS; user++) {
      auth.setPassword("user-" + user, password);
    }
    Outcome outcome = auth.verify("user-0", password).outcome();
    if (outcome != Outcome.SUCCESS) {
      throw new IllegalStateException("expected SUCCESS, was " + outcome);
    }
    residentAfterSetupKib = statusKib("VmRSS");
  }

  /**
   * Prints the peak resident memory against the budget; fails unless every call was SUCCESS.
   *
   * @throws IllegalStateException if a verification was not a real, successful one
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    long successes = auth.metrics().count(Outcome.SUCCESS);
    long calls = verified.sum() + 1; // the setup's own check
    auth.close();
    long peakKib = statusKib("VmHWM");
    System.out.println("admission: " + calls + " verifications, " + successes + " SUCCESS; VmHWM "
        + peakKib / 1024 + " MiB, VmRSS after setup " + residentAfterSetupKib / 1024
        + " MiB (budget " + BUDGET_KIB / 1024 + " MiB of Argon2 memory, heap -Xmx256m)");
    if (successes != calls) {
      throw new IllegalStateException(
          (calls - successes) + " of " + calls + " verifications were not SUCCESS");
    }
  }

  /** One verification of the thread's own user, 64 threads at once. */
  @Benchmark
  public VerificationResult verify(User user) {
    VerificationResult result = auth.verify(user.name, password);
    verified.increment();
    return result;
  }

  private static long statusKib(String field) throws IOException {
    for (String line : Files.readString(Path.of("/proc/self/status"), UTF_8).split("\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
