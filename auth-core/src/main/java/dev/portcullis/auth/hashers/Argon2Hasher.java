package dev.portcullis.auth.hashers;

import static dev.portcullis.auth.hashers.Argon2Hash.VERSION_19;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Argon2 (RFC 9106) on native code: Portcullis's own library where it loads (Linux x86-64; it
 * computes every hash, see {@code docs/native-argon2.md}), else libsodium where it can compute the
 * hash (Argon2id and Argon2i, version 19, one lane, a 16-byte salt, no secret or associated data:
 * every hash this hasher writes with a default-shaped policy) and argon2-jvm's libargon2, an
 * optional dependency, for every other hash. Writes Argon2id; verifies Argon2id, Argon2i and
 * Argon2d hashes, versions 16 and 19, exactly as the reference {@code argon2} command line encodes
 * them, with every parameter taken from the string and capped before any memory is allocated.
 *
 * <p>Every backend computes the same tags (the {@linkplain #selfTest() self-test} proves it on
 * every start); the choice is made per hash and only changes the speed. {@link #name()} says which
 * backends run and why the others do not, e.g. {@code argon2 (portcullis-argon2/avx2; libsodium
 * not loaded: not needed; argon2-jvm not loaded: not needed)}. A hash no loaded backend can
 * compute (only possible without both our library and argon2-jvm) is unverifiable as {@code
 * UNSUPPORTED}.
 *
 * <p>Thread-safe. Tags are compared in constant time. An empty password is refused with an
 * {@link IllegalArgumentException} on every backend (argon2-jvm cannot pass one to libargon2; the
 * engine refuses empty passwords as malformed input before they reach a hasher).
 */
public final class Argon2Hasher implements PasswordHasher {

  /** The scheme ids this hasher verifies. */
  public static final Set<String> SCHEME_IDS = Set.of("argon2id", "argon2i", "argon2d");
  private static final HexFormat HEX = HexFormat.of();

  private final Argon2Backend backend;
  private final String backendSummary;
  private final SecureRandom random;

  /**
   * An Argon2 hasher on the fastest backends this platform can load: Portcullis's own native
   * library where it loads (it computes every hash), else libsodium in front of argon2-jvm (if
   * argon2-jvm is on the class path); {@link #name()} and the start-up log say which and why.
   *
   * @throws LinkageError if no Argon2 backend can be loaded on this platform
   */
  public Argon2Hasher() {
    this(Argon2BackendSelection.select(Argon2BackendSelection.defaultCandidates()));
  }

  private Argon2Hasher(Argon2BackendSelection selection) {
    this(selection.backend(), selection.summary(), new SecureRandom());
  }

  Argon2Hasher(Argon2Backend backend, SecureRandom random) {
    this(backend, backend.name(), random);
  }

  private Argon2Hasher(Argon2Backend backend, String backendSummary, SecureRandom random) {
    this.backend = requireNonNull(backend, "backend");
    this.backendSummary = requireNonNull(backendSummary, "backendSummary");
    this.random = requireNonNull(random, "random");
  }

  /**
   * An Argon2 hasher on argon2-jvm alone, never loading libsodium: the baseline the benchmark
   * suite compares against, and a choice for deployments that must not load a second native
   * library. Computes the same hashes as {@link #Argon2Hasher()}, slower on those libsodium would
   * compute (see the benchmark suite).
   *
   * @throws LinkageError if argon2-jvm's native library cannot be loaded on this platform
   */
  public static Argon2Hasher argon2JvmOnly() {
    return new Argon2Hasher(new Argon2JvmBackend(), new SecureRandom());
  }

  @Override
  public String name() {
    return "argon2 (" + backendSummary + ")";
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
    requireNotEmpty(password);
    if (!backend.canCompute(
        stored.params, stored.salt.length, false, stored.associatedData != null)) {
      // only where neither Portcullis's library nor argon2-jvm is available
      throw new UnverifiableHashException(
          UnverifiableHashException.Reason.UNSUPPORTED,
          stored.params + " cannot be computed by " + backend.name() + " on this platform");
    }
    byte[] computed =
        backend.rawHash(stored.params, password, stored.salt, null, stored.associatedData);
    try {
      return MessageDigest.isEqual(computed, stored.hash);
    } finally {
      Arrays.fill(computed, (byte) 0);
    }
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    Argon2Hash.parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
  }

  @Override
  public int memoryCostKib(String encodedHash, HashParameterCaps caps) {
    try {
      return Argon2Hash.parse(encodedHash, caps).params.memoryKib();
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
    requireNotEmpty(password);
    byte[] salt = new byte[argon2.saltBytes()];
    random.nextBytes(salt);
    byte[] tag = backend.rawHash(Argon2Params.of(argon2), password, salt, null, null);
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
   * Proves every backend right before it serves a login: each runs the known answers it can
   * compute (the RFC 9106 §5.1-5.3 vectors for all three variants with secret and associated data,
   * and hashes written by the reference {@code argon2} command line with a 16-byte salt, one of
   * them of a peppered, binary password), the backends must compute identical tags for the shapes
   * they share, and reference command line hashes must verify through the full PHC-decoding path.
   *
   * @throws IllegalStateException naming the backend and the vector that failed
   */
  @Override
  public void selfTest() {
    List<Argon2Backend> components = backend.components();
    for (Argon2Backend component : components) {
      int answered = 0;
      for (KnownAnswer vector : KnownAnswer.ALL) {
        if (vector.computableBy(component)) {
          vector.check(name(), component);
          answered++;
        }
      }
      if (answered == 0) {
        throw new IllegalStateException(
            name() + ": backend " + component.name() + " can compute none of the known answers");
      }
    }
    crossCheck(components);
    verifyReference(
        "reference argon2 command line hash, 8-byte salt",
        "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk");
    verifyReference(
        "reference argon2 command line hash, 16-byte salt",
        "$argon2id$v=19$m=8,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$g5R8smY16LJQCzSJJbIg3A");
  }

  /** The shapes backends share must give identical tags, including on binary, NUL-laden input. */
  private void crossCheck(List<Argon2Backend> components) {
    byte[] password = new byte[32];
    for (int i = 0; i < password.length; i++) {
      password[i] = (byte) (i * 37); // starts with a NUL byte, covers every high bit
    }
    byte[] salt = filled(16, 0x5a);
    List<Argon2Params> shapes =
        List.of(
            new Argon2Params(Argon2Variant.ARGON2ID, VERSION_19, 1, 8, 1, 16),
            new Argon2Params(Argon2Variant.ARGON2ID, VERSION_19, 2, 64, 1, 64),
            new Argon2Params(Argon2Variant.ARGON2I, VERSION_19, 3, 32, 1, 32));
    for (Argon2Params shape : shapes) {
      byte @Nullable [] first = null;
      Argon2Backend firstBackend = null;
      for (Argon2Backend component : components) {
        if (!component.canCompute(shape, salt.length, false, false)) {
          continue;
        }
        byte[] tag = component.rawHash(shape, password, salt, null, null);
        if (first == null || firstBackend == null) {
          first = tag;
          firstBackend = component;
        } else if (!MessageDigest.isEqual(first, tag)) {
          throw new IllegalStateException(
              name()
                  + ": backends "
                  + firstBackend.name()
                  + " and "
                  + component.name()
                  + " disagree on "
                  + shape.variant().schemeId()
                  + " m="
                  + shape.memoryKib()
                  + " t="
                  + shape.iterations()
                  + " p=1 with a "
                  + shape.tagBytes()
                  + "-byte tag (cross-verification test)");
        }
      }
    }
  }

  private void verifyReference(String vector, String encoded) {
    try {
      byte[] right = "password".getBytes(StandardCharsets.UTF_8);
      byte[] wrong = "passwore".getBytes(StandardCharsets.UTF_8);
      if (!verify(right, encoded, HashParameterCaps.defaults())
          || verify(wrong, encoded, HashParameterCaps.defaults())) {
        throw new IllegalStateException(name() + " failed the known-answer test: " + vector);
      }
    } catch (UnverifiableHashException e) {
      throw new IllegalStateException(
          name() + " could not parse the " + vector + ": " + e.getMessage(), e);
    }
  }

  private static void requireNotEmpty(byte[] password) {
    if (password.length == 0) {
      // argon2-jvm cannot pass an empty password to libargon2 (JNA refuses a 0-byte buffer);
      // libsodium could, but every backend must give the same answer for the same input.
      throw new IllegalArgumentException("the argon2 hasher cannot hash an empty password");
    }
  }

  /** One known answer: a tag computed by an independent implementation. */
  private record KnownAnswer(
      String description,
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData,
      String expectedHex) {

    static final List<KnownAnswer> ALL = all();

    KnownAnswer {
      if (expectedHex.length() != 2 * params.tagBytes()) {
        throw new IllegalArgumentException(
            description + ": the expected tag is not " + params.tagBytes() + " bytes long");
      }
    }

    private static List<KnownAnswer> all() {
      byte[] rfcPassword = filled(32, 0x01);
      byte[] rfcSalt = filled(16, 0x02);
      byte[] rfcSecret = filled(8, 0x03);
      byte[] rfcData = filled(12, 0x04);
      byte[] password = "password".getBytes(StandardCharsets.UTF_8);
      byte[] salt16 = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
      // HMAC-SHA-256("password") under 32 bytes of 0x42: what the engine hands a hasher when a
      // pepper is configured, so both backends are proven on binary input.
      byte[] peppered =
          HEX.parseHex("703e40aa4590ac3c39df3e0288cfeea752f5fe6802f9a3b8eaa134a0a37f0695");
      return List.of(
          new KnownAnswer("RFC 9106 §5.1 Argon2d",
              new Argon2Params(Argon2Variant.ARGON2D, VERSION_19, 3, 32, 4, 32),
              rfcPassword, rfcSalt, rfcSecret, rfcData,
              "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb"),
          new KnownAnswer("RFC 9106 §5.2 Argon2i",
              new Argon2Params(Argon2Variant.ARGON2I, VERSION_19, 3, 32, 4, 32),
              rfcPassword, rfcSalt, rfcSecret, rfcData,
              "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8"),
          new KnownAnswer("RFC 9106 §5.3 Argon2id",
              new Argon2Params(Argon2Variant.ARGON2ID, VERSION_19, 3, 32, 4, 32),
              rfcPassword, rfcSalt, rfcSecret, rfcData,
              "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"),
          // argon2 0123456789abcdef -id -v 13 -k 8 -t 1 -p 1 -l 16
          new KnownAnswer("reference argon2 Argon2id m=8 t=1",
              new Argon2Params(Argon2Variant.ARGON2ID, VERSION_19, 1, 8, 1, 16),
              password, salt16, null, null,
              "83947cb26635e8b2500b348925b220dc"),
          // argon2 0123456789abcdef -i -v 13 -k 1024 -t 3 -p 1 -l 32
          new KnownAnswer("reference argon2 Argon2i m=1024 t=3",
              new Argon2Params(Argon2Variant.ARGON2I, VERSION_19, 3, 1024, 1, 32),
              password, salt16, null, null,
              "053830bd68e403a0d3e769c119dc9fe8b499325be301d1719fc64fdf2b7445c6"),
          // argon2 0123456789abcdef -id -v 13 -k 1024 -t 2 -p 1 -l 32, peppered password
          new KnownAnswer("reference argon2 Argon2id m=1024 t=2, peppered password",
              new Argon2Params(Argon2Variant.ARGON2ID, VERSION_19, 2, 1024, 1, 32),
              peppered, salt16, null, null,
              "daa01df1f388bd196c2e57657d6b630cb6fc8363bc5bb1469da0c06346f15f45"));
    }

    boolean computableBy(Argon2Backend backend) {
      return backend.canCompute(params, salt.length, secret != null, associatedData != null);
    }

    void check(String hasherName, Argon2Backend backend) {
      byte[] actual = backend.rawHash(params, password, salt, secret, associatedData);
      if (!MessageDigest.isEqual(HEX.parseHex(expectedHex), actual)) {
        throw new IllegalStateException(
            hasherName + ": backend " + backend.name() + " computed a wrong answer for the "
                + description + " known-answer test");
      }
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
