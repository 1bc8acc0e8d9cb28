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
 * The tear-down prints the process's peak resident memory (VmHWM) next to the budget, so the
 * bound is visible; throughput should be the machine's cores' worth of hashes.
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

  private Authenticator auth = Authenticator.create(config(), new InMemoryCredentialStore());
  private final char[] password = PASSWORD.toCharArray();

  private static AuthConfig config() {
    return AuthConfig.builder()
        .revision("bench-admission")
        .hashing(HashingPolicy.argon2id(MEMORY_KIB, 3, 1))
        .pepper(PepperPolicy.none())
        .admission(new AdmissionPolicy(BUDGET_KIB, 60_000))
        .build();
  }

  /**
   * Stores one user under the policy.
   *
   * @throws IllegalStateException if the user does not verify
   */
  @Setup(Level.Trial)
  public void setUp() {
    auth.close();
    auth = Authenticator.create(config(), new InMemoryCredentialStore());
    auth.setPassword("alice", password);
    Outcome outcome = auth.verify("alice", password).outcome();
    if (outcome != Outcome.SUCCESS) {
      throw new IllegalStateException("expected SUCCESS, was " + outcome);
    }
  }

  /** Prints the peak resident memory against the budget; fails if anything was OVERLOADED. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    long overloaded = auth.metrics().count(Outcome.OVERLOADED);
    auth.close();
    String status = Files.readString(Path.of("/proc/self/status"), UTF_8);
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
        System.out.println("admission: " + line.replaceAll("\\s+", " ")
            + " (budget " + BUDGET_KIB / 1024 + " MiB of Argon2 memory, heap -Xmx256m)");
      }
    }
    if (overloaded > 0) {
      throw new IllegalStateException(overloaded + " verifications were OVERLOADED");
    }
  }

  /** One verification, contended by 64 threads. */
  @Benchmark
  public VerificationResult verify() {
    return auth.verify("alice", password);
  }
}
