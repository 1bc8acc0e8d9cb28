package dev.portcullis.auth.benchmarks;

import dev.portcullis.auth.AttemptContext;
import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.VerificationResult;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.CachePolicy;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.store.InMemoryCredentialStore;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the cheap paths cost: a throttled rejection (refused before the store and the hash) and
 * a verification-cache hit (an HMAC and a constant-time comparison), both through the full
 * {@link Authenticator#verify}, at the OWASP Argon2id row so a miss would cost ~30 ms. The goal
 * is under 5 µs each at the median.
 *
 * <p>Run from the repository root:
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar ThrottleAndCacheBenchmark -bm sample
 * }</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ThrottleAndCacheBenchmark {

  private static final String PASSWORD = "correct horse battery staple";

  private Authenticator throttling = Authenticator.create(config(false), new InMemoryCredentialStore());
  private Authenticator caching = throttling;
  private final AttemptContext attacker = AttemptContext.fromSource("198.51.100.66");
  private final char[] password = PASSWORD.toCharArray();
  private final char[] wrong = "guess".toCharArray();

  private static AuthConfig config(boolean cache) {
    return AuthConfig.builder()
        .revision("bench")
        .hashing(HashingPolicy.argon2id(19_456, 2, 1))
        .pepper(PepperPolicy.none())
        .cache(new CachePolicy(cache, 3_600, 10_000))
        // a one-hour first delay, so the source stays throttled for the whole measurement
        .throttle(new ThrottlePolicy(true, 5, 20, false, 3_600_000, 86_400, 100, 600, 100_000, 86_400))
        .build();
  }

  /**
   * Builds one engine whose "alice" is throttled for the attacker's source, and one with a warm
   * cache entry for "alice".
   *
   * @throws IllegalStateException if either is not in the state the benchmark measures
   */
  @Setup(Level.Trial)
  public void setUp() {
    throttling.close();
    throttling = Authenticator.create(config(false), new InMemoryCredentialStore());
    throttling.setPassword("alice", password);
    for (int i = 0; i < 20; i++) {
      throttling.verify("alice", wrong, attacker);
    }
    Outcome throttled = throttling.verify("alice", password, attacker).outcome();
    if (throttled != Outcome.THROTTLED) {
      throw new IllegalStateException("expected THROTTLED, was " + throttled);
    }
    caching = Authenticator.create(config(true), new InMemoryCredentialStore());
    caching.setPassword("alice", password);
    caching.verify("alice", password);
    Outcome hit = caching.verify("alice", password).outcome();
    if (hit != Outcome.SUCCESS || caching.metrics().cacheHits() != 1) {
      throw new IllegalStateException("expected a cache hit, was " + hit);
    }
  }

  /**
   * Checks that the measured paths were still the ones meant, then closes both engines.
   *
   * @throws IllegalStateException if the throttle lapsed or the cache stopped hitting
   */
  @TearDown(Level.Trial)
  public void tearDown() {
    Outcome throttled = throttling.verify("alice", password, attacker).outcome();
    long misses = caching.metrics().cacheMisses();
    throttling.close();
    caching.close();
    if (throttled != Outcome.THROTTLED || misses != 1) {
      throw new IllegalStateException(
          "measured the wrong path: throttled=" + throttled + ", cache misses=" + misses);
    }
  }

  /** A login refused by throttling. */
  @Benchmark
  public VerificationResult throttledRejection() {
    return throttling.verify("alice", password, attacker);
  }

  /** A login answered by the verification cache. */
  @Benchmark
  public VerificationResult cacheHit() {
    return caching.verify("alice", password);
  }
}
