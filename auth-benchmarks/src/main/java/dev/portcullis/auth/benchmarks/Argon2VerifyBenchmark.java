package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.VerificationResult;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.Arrays;
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
 * The time to verify a correct password against one Argon2id hash (m=19456 KiB, t=2, p=1, 16-byte
 * salt, 32-byte tag: the OWASP minimum row; and the same at m=64 KiB, where the hash is cheap
 * enough for the layers' overhead to show) through three layers.
 *
 * <ul>
 *   <li>{@code argon2-jvm-raw}: argon2-jvm's own {@code Argon2.verify(String, byte[])} on its
 *       bundled libargon2, the baseline a service could call without Portcullis;
 *   <li>{@code portcullis-hasher}: {@link Argon2Hasher#verify}, which adds PHC parsing, the
 *       parameter caps and a constant-time tag comparison, and computes this hash on libsodium
 *       where it loads (so it is expected to be faster than the baseline, not slower);
 *   <li>{@code portcullis-authenticator}: {@link Authenticator#verify} over an {@link
 *       InMemoryCredentialStore}, which adds the input checks, strict UTF-8 encoding, the store
 *       lookup, hasher dispatch, the pepper and rehash checks and outcome counting.
 * </ul>
 *
 * <p>The full comparison, with every peer on the same backend as a yardstick, is {@link
 * HasherBenchmark} and {@link AuthenticatorBenchmark}, run together by {@link BenchmarkSuite}.
 *
 * <p>Why: DESIGN.md promises native Argon2id on the hot path with library overhead near zero.
 * Measuring each layer beside the raw library makes that overhead visible from the first commit,
 * as a ratio to the baseline, so a change that adds work around the hash shows up here and not in
 * production latency.
 *
 * <p>All three verify the same encoded hash, written once per trial by the Portcullis hasher.
 * Setup proves that each of them accepts the password and rejects a wrong one, and that the
 * authenticator leaves the stored hash alone (a rehash-on-login would double the measured work);
 * tear-down proves the measured call still succeeds after the measurement. A broken setup fails
 * the run instead of reporting a fast nonsense number.
 *
 * <p>Run from the repository root (six forks of about 45 seconds each; add {@code -p
 * memoryKib=19456} for the OWASP row alone):
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar Argon2VerifyBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class Argon2VerifyBenchmark {

  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final String USERNAME = "alice";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String WRONG_PASSWORD = "correct horse battery stapler";

  /**
   * Memory per hash in KiB: 19456 is the OWASP row the issue measures; 64 makes the hash so cheap
   * (a few hundred microseconds) that the layers' own overhead becomes visible instead of
   * drowning in the noise of a 35 ms hash.
   */
  @Param({"19456", "64"})
  public int memoryKib;

  /** The layer to measure; see the class documentation. */
  @Param({"argon2-jvm-raw", "portcullis-hasher", "portcullis-authenticator"})
  @SuppressWarnings("NullAway.Init") // JMH sets every @Param field before the first @Setup runs
  public String implementation;

  private Verification measured = Argon2VerifyBenchmark::notSetUp;
  private @Nullable Authenticator authenticator;
  private char[] passwordChars = new char[0];
  private byte[] passwordBytes = new byte[0];

  /** One verification by the layer under test, returning its result so the JIT keeps the work. */
  @FunctionalInterface
  private interface Verification {
    Object run() throws UnverifiableHashException;
  }

  /**
   * Writes the hash, builds all three layers, checks each of them and picks the one to measure.
   *
   * @throws IllegalStateException if any layer gives a wrong answer
   * @throws IllegalArgumentException if {@link #implementation} is not one of the parameters
   */
  @Setup(Level.Trial)
  public void setUp() throws UnverifiableHashException {
    passwordChars = PASSWORD.toCharArray();
    passwordBytes = PASSWORD.getBytes(UTF_8);
    char[] wrongChars = WRONG_PASSWORD.toCharArray();
    byte[] wrongBytes = WRONG_PASSWORD.getBytes(UTF_8);
    char[] chars = passwordChars;
    byte[] bytes = passwordBytes;

    HashingPolicy policy = HashingPolicy.argon2id(memoryKib, ITERATIONS, PARALLELISM);
    HashParameterCaps caps = HashParameterCaps.defaults();
    Argon2Hasher hasher = new Argon2Hasher();
    String encoded = hasher.hash(bytes, policy);
    Argon2 raw = Argon2Factory.create(Argon2Types.ARGON2id);

    // The stored credential is put directly rather than through setPassword, which would hash
    // again with a fresh salt: the point is that every layer verifies this very string.
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.put(StoredCredential.of(USERNAME, encoded));
    AuthConfig.Builder configBuilder =
        AuthConfig.builder().revision("bench").hashing(policy).pepper(PepperPolicy.none());
    if (memoryKib < 19_456) {
      configBuilder.allowWeakHashing("benchmark of the library's overhead around a cheap hash");
    }
    AuthConfig config = configBuilder.build();
    Authenticator auth = Authenticator.create(config, store);
    authenticator = auth;

    check(raw.verify(encoded, bytes), "argon2-jvm rejected the correct password");
    check(!raw.verify(encoded, wrongBytes), "argon2-jvm accepted a wrong password");
    check(hasher.verify(bytes, encoded, caps), "the Portcullis hasher rejected the password");
    check(!hasher.verify(wrongBytes, encoded, caps), "the Portcullis hasher accepted a wrong one");
    Outcome right = auth.verify(USERNAME, chars).outcome();
    check(right == Outcome.SUCCESS, "the authenticator said " + right + " for the password");
    Outcome wrong = auth.verify(USERNAME, wrongChars).outcome();
    check(wrong == Outcome.BAD_PASSWORD, "the authenticator said " + wrong + " for a wrong one");
    String stored = store.find(USERNAME).map(StoredCredential::encodedHash).orElse("");
    check(
        stored.equals(encoded) && auth.metrics().rehashWritten() == 0,
        "the authenticator rehashed the stored credential, it would measure a different hash");

    measured =
        switch (implementation) {
          case "argon2-jvm-raw" -> () -> raw.verify(encoded, bytes);
          case "portcullis-hasher" -> () -> hasher.verify(bytes, encoded, caps);
          case "portcullis-authenticator" -> () -> auth.verify(USERNAME, chars);
          default -> throw new IllegalArgumentException(
              "implementation was " + implementation
                  + ", expected argon2-jvm-raw, portcullis-hasher or portcullis-authenticator");
        };
    checkMeasuredSucceeds("setup");
  }

  @Benchmark
  public Object verify() throws UnverifiableHashException {
    return measured.run();
  }

  /**
   * Proves the measured call still succeeds (no layer wiped or changed its inputs during the
   * measurement), then releases the authenticator and wipes the password.
   *
   * @throws IllegalStateException if the measured call no longer succeeds
   */
  @TearDown(Level.Trial)
  public void tearDown() throws UnverifiableHashException {
    try {
      checkMeasuredSucceeds("tear-down");
    } finally {
      Authenticator auth = authenticator;
      if (auth != null) {
        auth.close();
        authenticator = null;
      }
      Arrays.fill(passwordChars, '\0');
      Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  private void checkMeasuredSucceeds(String when) throws UnverifiableHashException {
    Object result = measured.run();
    boolean succeeded =
        result instanceof VerificationResult verification
            ? verification.succeeded()
            : Boolean.TRUE.equals(result);
    check(succeeded, implementation + " did not accept the password at " + when + ": " + result);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private static Object notSetUp() {
    throw new IllegalStateException("verify ran before setUp");
  }
}
