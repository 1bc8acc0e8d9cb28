package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.internal.StoredHashCost;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of verifying each stored hash the cost budget is about, in one run, to be read as a
 * multiple of {@code live} (the default policy, Argon2id m=19456 t=2 p=1): the heavy hashes real
 * systems write (which the default {@code hashing.caps.max-cost-factor} of 32 accepts) and hashes
 * at the default caps (which it refuses). Each is verified by the hasher alone, with the default
 * caps and no budget, so that the refused ones are really computed; setup prints the budget's
 * estimate of each, for comparison with the measured multiple.
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar StoredHashCostBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class StoredHashCostBenchmark {

  private static final byte[] PASSWORD = "correct horse battery staple".getBytes(UTF_8);
  private static final String SALT_16 = "c29tZXNhbHRzb21lc2FsdA";
  private static final String HASH_32 = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

  /** Which stored hash; {@code cap-*} ones are at the default caps. */
  @Param({
    "live", "bcrypt-12", "bcrypt-13", "django-pbkdf2-1200000", "django-argon2-m102400-t2-p8",
    "rfc9106-m65536-t3-p4", "sha512crypt-656000",
    "cap-argon2-m262144-t64-p16", "cap-argon2-m262144-t16-p1", "cap-bcrypt-16",
    "cap-django-pbkdf2-10000000"
  })
  @SuppressWarnings("NullAway.Init") // JMH sets every @Param field before the first @Setup runs
  public String hash;

  @SuppressWarnings("NullAway.Init") // set in @Setup
  private String encoded;

  @SuppressWarnings("NullAway.Init") // set in @Setup
  private PasswordHasher hasher;

  private final HashParameterCaps caps = HashParameterCaps.defaults();

  @Setup
  public void setUp() throws Exception {
    encoded = encode(hash);
    hasher = PasswordHashers.builtInWithAllLegacySchemes().forEncodedHash(encoded).orElseThrow();
    double reference = StoredHashCost.estimateMillis(HashingPolicy.argon2id(19_456, 2, 1)).orElseThrow();
    System.out.printf(Locale.ROOT, "%n%s: estimated %.1fx the live policy%n",
        hash, StoredHashCost.estimateMillis(encoded).orElseThrow() / reference);
  }

  private static String encode(String name) throws Exception {
    Argon2Hasher argon2 = new Argon2Hasher();
    return switch (name) {
      case "live" -> argon2.hash(PASSWORD, HashingPolicy.argon2id(19_456, 2, 1));
      case "bcrypt-12" -> new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(12, PASSWORD), US_ASCII);
      case "bcrypt-13" -> new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(13, PASSWORD), US_ASCII);
      case "django-pbkdf2-1200000" -> djangoPbkdf2(1_200_000);
      case "django-argon2-m102400-t2-p8" ->
          "argon2" + argon2.hash(PASSWORD, HashingPolicy.argon2id(102_400, 2, 8));
      case "rfc9106-m65536-t3-p4" -> argon2.hash(PASSWORD, HashingPolicy.argon2id(65_536, 3, 4));
      case "sha512crypt-656000" -> Sha2Crypt.sha512Crypt(PASSWORD, "$6$rounds=656000$saltsaltsaltsalt");
      case "cap-argon2-m262144-t64-p16" -> "$argon2id$v=19$m=262144,t=64,p=16$" + SALT_16 + "$" + HASH_32;
      case "cap-argon2-m262144-t16-p1" -> "$argon2id$v=19$m=262144,t=16,p=1$" + SALT_16 + "$" + HASH_32;
      case "cap-bcrypt-16" ->
          new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, PASSWORD), US_ASCII)
              .replace("$2y$04$", "$2y$16$");
      case "cap-django-pbkdf2-10000000" -> "pbkdf2_sha256$10000000$bWFsbG9yeXNhbHQ$" + HASH_32 + "=";
      default -> throw new IllegalArgumentException("unknown hash " + name);
    };
  }

  private static String djangoPbkdf2(int iterations) throws Exception {
    String salt = "bWFsbG9yeXNhbHQ";
    byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec(
            new String(PASSWORD, UTF_8).toCharArray(), salt.getBytes(US_ASCII), iterations, 256))
        .getEncoded();
    return "pbkdf2_sha256$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(key);
  }

  /** One verification (true for the real hashes, false for the at-cap ones: the same work). */
  @Benchmark
  public boolean verify() throws UnverifiableHashException {
    return hasher.verify(PASSWORD, encoded, caps);
  }
}
