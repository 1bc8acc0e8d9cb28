package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.Pbkdf2Policy;
import dev.portcullis.auth.hashers.Pbkdf2Hasher;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * PBKDF2-HMAC-SHA256 verifications per second at OWASP's 600,000 iterations (16-byte salt,
 * 32-byte key): {@code portcullis} ({@link Pbkdf2Hasher}, which runs PBKDF2 over raw password
 * bytes on the JDK's HMAC, so that a binary peppered password can be hashed) against {@code jdk}
 * ({@code SecretKeyFactory} {@code PBKDF2WithHmacSHA256} over a {@code PBEKeySpec}, the textbook
 * way, plus a constant-time compare).
 *
 * <p>Setup proves both derive the same key for the stored hash.
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar Pbkdf2Benchmark
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class Pbkdf2Benchmark {

  private static final int ITERATIONS = 600_000;

  /** {@code portcullis} or {@code jdk}; see the class documentation. */
  @Param({"portcullis", "jdk"})
  @SuppressWarnings("NullAway.Init") // JMH sets every @Param field before the first @Setup runs
  public String implementation;

  private final Pbkdf2Hasher hasher = new Pbkdf2Hasher();
  private final HashParameterCaps caps = HashParameterCaps.defaults();
  private final byte[] passwordBytes = HasherBenchmark.PASSWORD.getBytes(UTF_8);
  private final char[] passwordChars = HasherBenchmark.PASSWORD.toCharArray();
  private String encoded = "";
  private byte[] salt = new byte[0];
  private byte[] key = new byte[0];

  /**
   * Writes the hash and proves both implementations derive its key.
   *
   * @throws IllegalStateException if they do not
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Pbkdf2Policy policy = HashingPolicy.pbkdf2Sha256(ITERATIONS);
    encoded = hasher.hash(passwordBytes, policy);
    PhcString phc = PhcString.parse(encoded);
    salt = phc.salt();
    key = phc.hash();
    HasherBenchmark.check(hasher.verify(passwordBytes, encoded, caps), "Portcullis rejected it");
    HasherBenchmark.check(jdkVerify(), "the JDK's PBKDF2 derived another key");
    HasherBenchmark.check(
        implementation.equals("portcullis") || implementation.equals("jdk"),
        "implementation was " + implementation + ", expected portcullis or jdk");
  }

  /** One verification of the right password. */
  @Benchmark
  public boolean verify() throws UnverifiableHashException, GeneralSecurityException {
    return implementation.equals("portcullis")
        ? hasher.verify(passwordBytes, encoded, caps)
        : jdkVerify();
  }

  private boolean jdkVerify() throws GeneralSecurityException {
    SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    PBEKeySpec spec = new PBEKeySpec(passwordChars, salt, ITERATIONS, key.length * 8);
    try {
      return MessageDigest.isEqual(factory.generateSecret(spec).getEncoded(), key);
    } finally {
      spec.clearPassword();
    }
  }
}
