package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
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
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id verifications and hashes per second under OWASP's rows (m=47104 KiB t=1, m=19456 t=2,
 * m=12288 t=3; p=1, 16-byte salt, 32-byte tag), Portcullis beside the JVM's peers:
 *
 * <ul>
 *   <li>{@code portcullis}: {@link Argon2Hasher} as {@code new Argon2Hasher()} builds it
 *       (libsodium in front of argon2-jvm), PHC parsing, caps and constant-time compare included;
 *   <li>{@code portcullis-argon2-jvm-only}: {@link Argon2Hasher#argon2JvmOnly()}, the same hasher
 *       on argon2-jvm alone (what Portcullis did before it dispatched to libsodium);
 *   <li>{@code argon2-jvm}: argon2-jvm 2.12's own {@code verify(String, byte[])} and {@code hash};
 *   <li>{@code libsodium}: libsodium's own {@code crypto_pwhash_str_verify} / {@code
 *       crypto_pwhash_str}, on the same bundled build (see {@link RawLibsodium}): the yardstick;
 *   <li>{@code spring-security}: Spring Security's {@code Argon2PasswordEncoder} (Bouncy Castle,
 *       pure Java);
 *   <li>{@code password4j}: Password4j's {@code Argon2Function} (pure Java).
 * </ul>
 *
 * <p>Every implementation verifies the same encoded hash, written once per trial by Portcullis.
 * Setup proves that each one accepts the password and rejects a wrong one, and that Portcullis
 * verifies the hash each one writes (so all compute the same function with the same parameters);
 * a broken setup fails the run instead of reporting a fast nonsense number. Throughput, so that
 * runs with {@code -t 2} show how each scales on two cores.
 *
 * <p>Run from the repository root (the suite's short profile runs a subset, see {@code
 * auth-benchmarks/run-suite.sh}):
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar HasherBenchmark -p row=m19456-t2 -t 1
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class HasherBenchmark {

  static final String PASSWORD = "correct horse battery staple";
  static final String WRONG_PASSWORD = "correct horse battery stapler";

  /** The implementation to measure; see the class documentation. */
  @Param({
    "portcullis",
    "portcullis-argon2-jvm-only",
    "argon2-jvm",
    "libsodium",
    "spring-security",
    "password4j"
  })
  @SuppressWarnings("NullAway.Init") // JMH sets every @Param field before the first @Setup runs
  public String implementation;

  /** An OWASP Password Storage Cheat Sheet Argon2id row (all p=1). */
  @Param({"m47104-t1", "m19456-t2", "m12288-t3"})
  @SuppressWarnings("NullAway.Init")
  public String row;

  private Peer peer = Peer.NOT_SET_UP;
  private String encoded = "";

  /** One implementation's verify and hash, its inputs prepared in setup. */
  interface Peer {
    Peer NOT_SET_UP =
        new Peer() {
          @Override
          public boolean verify(String encoded, boolean right) {
            throw new IllegalStateException("the benchmark ran before setUp");
          }

          @Override
          public String hash() {
            throw new IllegalStateException("the benchmark ran before setUp");
          }
        };

    /** Verifies the right (or the wrong) password against {@code encoded}. */
    boolean verify(String encoded, boolean right) throws UnverifiableHashException;

    /** Hashes the right password with a fresh salt; returns the encoded hash. */
    String hash();
  }

  /**
   * Writes the hash, builds the implementation and proves it agrees with Portcullis.
   *
   * @throws IllegalStateException if an implementation gives a wrong answer
   * @throws IllegalArgumentException if a parameter is not one of the listed values
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Argon2idPolicy policy = owaspRow(row);
    Argon2Hasher portcullis = new Argon2Hasher();
    encoded = portcullis.hash(PASSWORD.getBytes(UTF_8), policy);
    peer = peer(implementation, policy);

    check(peer.verify(encoded, true), implementation + " rejected the password");
    check(!peer.verify(encoded, false), implementation + " accepted a wrong password");
    String own = peer.hash();
    check(
        own.startsWith("$argon2id$v=19$m=" + policy.memoryKib() + ",t=" + policy.iterations()
            + ",p=1$"),
        implementation + " wrote " + own.substring(0, Math.min(40, own.length())) + "...");
    check(
        portcullis.verify(PASSWORD.getBytes(UTF_8), own, HashParameterCaps.defaults()),
        "Portcullis does not verify the hash " + implementation + " writes");
    if (implementation.startsWith("portcullis")) {
      check(
          portcullis.name().startsWith("argon2 (portcullis-argon2/")
              || portcullis.name().equals("argon2 (argon2-jvm)"),
          "Portcullis's own Argon2 did not load, Portcullis runs as " + portcullis.name());
    }
  }

  static Argon2idPolicy owaspRow(String row) {
    return switch (row) {
      case "m47104-t1" -> HashingPolicy.argon2id(47_104, 1, 1);
      case "m19456-t2" -> HashingPolicy.argon2id(19_456, 2, 1);
      case "m12288-t3" -> HashingPolicy.argon2id(12_288, 3, 1);
      default -> throw new IllegalArgumentException(
          "row was " + row + ", expected m47104-t1, m19456-t2 or m12288-t3");
    };
  }

  static Peer peer(String implementation, Argon2idPolicy policy) throws Exception {
    byte[] right = PASSWORD.getBytes(UTF_8);
    byte[] wrong = WRONG_PASSWORD.getBytes(UTF_8);
    int memoryKib = policy.memoryKib();
    int iterations = policy.iterations();
    HashParameterCaps caps = HashParameterCaps.defaults();
    switch (implementation) {
      case "portcullis", "portcullis-argon2-jvm-only" -> {
        Argon2Hasher hasher =
            implementation.equals("portcullis") ? new Argon2Hasher() : Argon2Hasher.argon2JvmOnly();
        return new Peer() {
          @Override
          public boolean verify(String encoded, boolean isRight) throws UnverifiableHashException {
            return hasher.verify(isRight ? right : wrong, encoded, caps);
          }

          @Override
          public String hash() {
            return hasher.hash(right, policy);
          }
        };
      }
      case "argon2-jvm" -> {
        de.mkammerer.argon2.Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id);
        return new Peer() {
          @Override
          public boolean verify(String encoded, boolean isRight) {
            return argon2.verify(encoded, isRight ? right : wrong);
          }

          @Override
          public String hash() {
            return argon2.hash(iterations, memoryKib, 1, right);
          }
        };
      }
      case "libsodium" -> {
        RawLibsodium libsodium = RawLibsodium.load();
        return new Peer() {
          @Override
          public boolean verify(String encoded, boolean isRight) {
            // libsodium takes a NUL-terminated string: one conversion per call, as a caller
            // holding the hash as a String must do
            return libsodium.verify(RawLibsodium.cString(encoded), isRight ? right : wrong);
          }

          @Override
          public String hash() {
            return libsodium.hash(right, iterations, memoryKib);
          }
        };
      }
      case "spring-security" -> {
        Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, memoryKib, iterations);
        return new Peer() {
          @Override
          public boolean verify(String encoded, boolean isRight) {
            return spring.matches(isRight ? PASSWORD : WRONG_PASSWORD, encoded);
          }

          @Override
          public String hash() {
            return spring.encode(PASSWORD);
          }
        };
      }
      case "password4j" -> {
        Argon2Function password4j =
            Argon2Function.getInstance(memoryKib, iterations, 1, 32, Argon2.ID, 19);
        SecureRandom random = new SecureRandom();
        return new Peer() {
          @Override
          public boolean verify(String encoded, boolean isRight) {
            return password4j.check(isRight ? PASSWORD : WRONG_PASSWORD, encoded);
          }

          @Override
          public String hash() {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            return password4j.hash(right, salt).getResult();
          }
        };
      }
      default -> throw new IllegalArgumentException(
          "implementation was " + implementation + ", expected portcullis,"
              + " portcullis-argon2-jvm-only, argon2-jvm, libsodium, spring-security or password4j");
    }
  }

  /** One verification of the right password. */
  @Benchmark
  public boolean verify() throws UnverifiableHashException {
    return peer.verify(encoded, true);
  }

  /** One hash of the password with a fresh salt. */
  @Benchmark
  public String hash() {
    return peer.hash();
  }

  /**
   * Proves the measured implementation still verifies (nothing wiped or changed its inputs).
   *
   * @throws IllegalStateException if it no longer does
   */
  @TearDown(Level.Trial)
  public void tearDown() throws UnverifiableHashException {
    check(peer.verify(encoded, true), implementation + " no longer verifies at tear-down");
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
