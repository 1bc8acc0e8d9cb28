package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Argon2 (RFC 9106) on native libargon2. Writes Argon2id; verifies Argon2id, Argon2i and Argon2d
 * hashes, versions 16 and 19, exactly as the reference {@code argon2} command line encodes them,
 * with every parameter taken from the string and capped before any memory is allocated.
 *
 * <p>Thread-safe. Tags are compared in constant time. An empty password is refused with an
 * {@link IllegalArgumentException} (argon2-jvm cannot pass one to libargon2; the engine refuses
 * empty passwords as malformed input before they reach a hasher).
 */
public final class Argon2Hasher implements PasswordHasher {

  private static final Set<String> SCHEME_IDS = Set.of("argon2id", "argon2i", "argon2d");
  private static final HexFormat HEX = HexFormat.of();

  private final Argon2Backend backend;
  private final SecureRandom random;

  /**
   * An Argon2 hasher on argon2-jvm's bundled libargon2.
   *
   * @throws LinkageError if the native library cannot be loaded on this platform
   */
  public Argon2Hasher() {
    this(new Argon2JvmBackend(), new SecureRandom());
  }

  Argon2Hasher(Argon2Backend backend, SecureRandom random) {
    this.backend = requireNonNull(backend, "backend");
    this.random = requireNonNull(random, "random");
  }

  @Override
  public String name() {
    return "argon2 (" + backend.name() + ")";
  }

  @Override
  public Set<String> schemeIds() {
    return SCHEME_IDS;
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    requireNonNull(encodedHash, "encodedHash");
    requireNonNull(caps, "caps");
    Argon2Hash stored = Argon2Hash.parse(encodedHash, caps);
    byte[] computed =
        backend.rawHash(
            stored.variant,
            stored.version,
            stored.iterations,
            stored.memoryKib,
            stored.parallelism,
            password,
            stored.salt,
            null,
            stored.associatedData,
            stored.hash.length);
    try {
      return MessageDigest.isEqual(computed, stored.hash);
    } finally {
      Arrays.fill(computed, (byte) 0);
    }
  }

  @Override
  public int memoryCostKib(String encodedHash, HashParameterCaps caps) {
    try {
      return Argon2Hash.parse(encodedHash, caps).memoryKib;
    } catch (UnverifiableHashException e) {
      return 0; // refused without work by verify
    }
  }

  @Override
  public int memoryCostKib(HashingPolicy policy) {
    return policy instanceof Argon2idPolicy ? ((Argon2idPolicy) policy).memoryKib() : 0;
  }

  @Override
  public boolean supports(HashingPolicy policy) {
    return policy instanceof Argon2idPolicy;
  }

  @Override
  public String hash(byte[] password, HashingPolicy policy) {
    requireNonNull(password, "password");
    Argon2idPolicy argon2 = argon2idPolicy(policy);
    byte[] salt = new byte[argon2.saltBytes()];
    random.nextBytes(salt);
    byte[] tag =
        backend.rawHash(
            Argon2Variant.ARGON2ID,
            Argon2Hash.VERSION_19,
            argon2.iterations(),
            argon2.memoryKib(),
            argon2.parallelism(),
            password,
            salt,
            null,
            null,
            argon2.tagBytes());
    try {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("m", Integer.toString(argon2.memoryKib()));
      params.put("t", Integer.toString(argon2.iterations()));
      params.put("p", Integer.toString(argon2.parallelism()));
      return PhcString.of(Argon2idPolicy.SCHEME_ID, Argon2Hash.VERSION_19, params, salt, tag)
          .encode();
    } finally {
      Arrays.fill(tag, (byte) 0);
    }
  }

  @Override
  public boolean needsRehash(String encodedHash, HashingPolicy policy) {
    if (!(policy instanceof Argon2idPolicy)) {
      return true;
    }
    Argon2idPolicy argon2 = (Argon2idPolicy) policy;
    try {
      PhcString phc = PhcString.parse(encodedHash);
      return !phc.id().equals(Argon2idPolicy.SCHEME_ID)
          || phc.version().orElse(Argon2Hash.VERSION_16) != Argon2Hash.VERSION_19
          // keyid is the engine's business (the pepper); associated data is never written
          || phc.params().containsKey("data")
          || phc.decimalParam("m") != argon2.memoryKib()
          || phc.decimalParam("t") != argon2.iterations()
          || phc.decimalParam("p") != argon2.parallelism()
          || phc.saltLength() < argon2.saltBytes()
          || phc.hashLength() != argon2.tagBytes();
    } catch (PhcFormatException e) {
      return true;
    }
  }

  /**
   * Known answers: the RFC 9106 §5.1-5.3 vectors (all three variants, with secret and associated
   * data) and a hash written by the reference {@code argon2} command line, through the full
   * PHC-decoding verify path.
   */
  @Override
  public void selfTest() {
    byte[] password = filled(32, 0x01);
    byte[] salt = filled(16, 0x02);
    byte[] secret = filled(8, 0x03);
    byte[] associatedData = filled(12, 0x04);
    expect(
        "RFC 9106 §5.1 Argon2d",
        "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb",
        backend.rawHash(Argon2Variant.ARGON2D, Argon2Hash.VERSION_19, 3, 32, 4, password, salt,
            secret, associatedData, 32));
    expect(
        "RFC 9106 §5.2 Argon2i",
        "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8",
        backend.rawHash(Argon2Variant.ARGON2I, Argon2Hash.VERSION_19, 3, 32, 4, password, salt,
            secret, associatedData, 32));
    expect(
        "RFC 9106 §5.3 Argon2id",
        "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
        backend.rawHash(Argon2Variant.ARGON2ID, Argon2Hash.VERSION_19, 3, 32, 4, password, salt,
            secret, associatedData, 32));
    String reference = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
    try {
      byte[] right = "password".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] wrong = "passwore".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (!verify(right, reference, HashParameterCaps.defaults())
          || verify(wrong, reference, HashParameterCaps.defaults())) {
        throw new IllegalStateException(
            name() + " failed the known-answer test: reference argon2 command line hash");
      }
    } catch (UnverifiableHashException e) {
      throw new IllegalStateException(
          name() + " could not parse the reference argon2 command line hash: " + e.getMessage(), e);
    }
  }

  private void expect(String vector, String expectedHex, byte[] actual) {
    if (!MessageDigest.isEqual(HEX.parseHex(expectedHex), actual)) {
      throw new IllegalStateException(
          name() + " computed a wrong answer for the " + vector + " known-answer test");
    }
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static Argon2idPolicy argon2idPolicy(HashingPolicy policy) {
    requireNonNull(policy, "policy");
    if (!(policy instanceof Argon2idPolicy)) {
      throw new IllegalArgumentException(
          "policy was " + policy.schemeId() + ", the Argon2 hasher writes only argon2id");
    }
    return (Argon2idPolicy) policy;
  }

  @Override
  public String toString() {
    return name();
  }
}
