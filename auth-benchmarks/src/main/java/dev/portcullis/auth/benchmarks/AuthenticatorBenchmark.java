package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Microseconds per login, end to end, beside the raw hash it costs: what Portcullis itself adds.
 *
 * <ul>
 *   <li>{@code authenticator-success}, {@code authenticator-wrong-password}, {@code
 *       authenticator-unknown-user}: {@link Authenticator#verify} over an {@link
 *       InMemoryCredentialStore} (input checks, strict UTF-8, store lookup, hasher dispatch,
 *       pepper and rehash checks, outcome counting; an unknown user pays a dummy verification);
 *   <li>{@code hasher}: {@link Argon2Hasher#verify} alone (PHC parsing, caps, dispatch,
 *       constant-time compare);
 *   <li>{@code libsodium}: libsodium's own {@code crypto_pwhash_str_verify} on the same hash and
 *       the same libsodium build (see {@link RawLibsodium}).
 * </ul>
 *
 * <p>At the OWASP row (m=19456 KiB, t=2) the difference drowns in the hash's own variance; at
 * m=64 KiB the hash takes about 100 µs and the layers' cost in microseconds shows. Portcullis'
 * overhead is then (authenticator-success - libsodium) at m=64, as a share of libsodium at
 * m=19456.
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar AuthenticatorBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class AuthenticatorBenchmark {

  private static final String USERNAME = "alice";

  /** Memory per hash in KiB, t=2, p=1: the OWASP row, and a cheap one to expose overhead. */
  @Param({"19456", "64"})
  public int memoryKib;

  /** What to measure; see the class documentation. */
  @Param({
    "authenticator-success",
    "authenticator-wrong-password",
    "authenticator-unknown-user",
    "hasher",
    "libsodium"
  })
  @SuppressWarnings("NullAway.Init") // JMH sets every @Param field before the first @Setup runs
  public String path;

  private @Nullable Authenticator authenticator;
  private Measured measured = () -> {
    throw new IllegalStateException("the benchmark ran before setUp");
  };
  private Object expected = Boolean.TRUE;

  /** One measured call, its result returned so that the JIT keeps the work. */
  @FunctionalInterface
  private interface Measured {
    Object run() throws UnverifiableHashException;
  }

  /**
   * Builds the store, the authenticator and the raw paths, and proves each answers right.
   *
   * @throws IllegalStateException if one gives a wrong answer, or a login would rehash
   * @throws IllegalArgumentException if {@link #path} is not one of the listed values
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    HashingPolicy policy = HashingPolicy.argon2id(memoryKib, 2, 1);
    char[] right = HasherBenchmark.PASSWORD.toCharArray();
    char[] wrong = HasherBenchmark.WRONG_PASSWORD.toCharArray();
    byte[] rightBytes = HasherBenchmark.PASSWORD.getBytes(UTF_8);
    HashParameterCaps caps = HashParameterCaps.defaults();
    Argon2Hasher hasher = new Argon2Hasher();
    String encoded = hasher.hash(rightBytes, policy);

    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.put(StoredCredential.of(USERNAME, encoded));
    // Throttling off: this benchmark measures the cost of a wrong password and of an unknown user
    // (a hash each), which throttling would otherwise turn into a microsecond refusal after a few
    // repetitions; ThrottleAndCacheBenchmark measures that refusal.
    AuthConfig.Builder config =
        AuthConfig.builder()
            .revision("bench")
            .hashing(policy)
            .pepper(PepperPolicy.none())
            .throttle(new ThrottlePolicy(false, 5, 20, false, 1_000, 900, 100, 600, 100_000, 3_600));
    if (memoryKib < 19_456) {
      config.allowWeakHashing("benchmark of the library's overhead around a cheap hash");
    }
    Authenticator auth = Authenticator.create(config.build(), store);
    authenticator = auth;

    switch (path) {
      case "authenticator-success" -> {
        measured = () -> auth.verify(USERNAME, right).outcome();
        expected = Outcome.SUCCESS;
      }
      case "authenticator-wrong-password" -> {
        measured = () -> auth.verify(USERNAME, wrong).outcome();
        expected = Outcome.BAD_PASSWORD;
      }
      case "authenticator-unknown-user" -> {
        measured = () -> auth.verify("mallory", right).outcome();
        expected = Outcome.UNKNOWN_USER;
      }
      case "hasher" -> measured = () -> hasher.verify(rightBytes, encoded, caps);
      case "libsodium" -> {
        RawLibsodium libsodium = RawLibsodium.load();
        measured = () -> libsodium.verify(RawLibsodium.cString(encoded), rightBytes);
      }
      default -> throw new IllegalArgumentException(
          "path was " + path + ", expected authenticator-success, authenticator-wrong-password,"
              + " authenticator-unknown-user, hasher or libsodium");
    }
    checkMeasured("setup");
    String stored = store.find(USERNAME).map(StoredCredential::encodedHash).orElse("");
    HasherBenchmark.check(
        stored.equals(encoded) && auth.metrics().rehashWritten() == 0,
        "a login rehashed the stored credential, the benchmark would measure another hash");
  }

  @Benchmark
  public Object verify() throws UnverifiableHashException {
    return measured.run();
  }

  /**
   * Proves the measured call still answers as in setup, then closes the authenticator.
   *
   * @throws IllegalStateException if it no longer does
   */
  @TearDown(Level.Trial)
  public void tearDown() throws UnverifiableHashException {
    try {
      checkMeasured("tear-down");
    } finally {
      Authenticator auth = authenticator;
      if (auth != null) {
        auth.close();
        authenticator = null;
      }
    }
  }

  private void checkMeasured(String when) throws UnverifiableHashException {
    Object result = measured.run();
    HasherBenchmark.check(
        expected.equals(result), path + " answered " + result + " at " + when + ", not " + expected);
  }
}
