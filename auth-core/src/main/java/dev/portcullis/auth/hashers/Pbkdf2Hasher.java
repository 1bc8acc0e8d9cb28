package dev.portcullis.auth.hashers;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.Pbkdf2Policy;
import dev.portcullis.auth.config.Pbkdf2Policy.Digest;
import dev.portcullis.auth.internal.Pbkdf2;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PBKDF2-HMAC-SHA256 and -SHA512 (RFC 8018) on the JDK's HMAC, encoded as {@code
 * $pbkdf2-sha256$i=<iterations>,l=<length>[,keyid=<pepper key id>]$<salt>$<hash>} (PHC base64
 * without padding). Every
 * parameter lives in the string, so changing the policy never breaks existing logins.
 *
 * <p>PBKDF2 is computed here over raw password bytes rather than through {@code
 * SecretKeyFactory}, whose {@code PBEKeySpec} takes characters: a peppered password is binary.
 * Thread-safe; hashes are compared in constant time.
 */
public final class Pbkdf2Hasher implements PasswordHasher {

  /** The scheme ids this hasher verifies. */
  public static final Set<String> SCHEME_IDS = Set.of("pbkdf2-sha256", "pbkdf2-sha512");
  /** {@code keyid} names the pepper key, which the engine applies before the scheme. */
  private static final List<List<String>> ALLOWED_PARAMETER_ORDERS =
      List.of(List.of("i", "l"), List.of("i", "l", "keyid"));
  private static final int MIN_SALT_BYTES = 8;
  private static final int MAX_SALT_BYTES = 64;
  private static final int MIN_HASH_BYTES = 12;
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random;

  /** A PBKDF2 hasher on the JDK's HMAC implementations. */
  public Pbkdf2Hasher() {
    this(new SecureRandom());
  }

  Pbkdf2Hasher(SecureRandom random) {
    this.random = requireNonNull(random, "random");
  }

  @Override
  public String name() {
    return "pbkdf2 (JDK)";
  }

  @Override
  public Set<String> schemeIds() {
    return SCHEME_IDS;
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    PhcString phc = parse(encodedHash, caps);
    Digest digest = digestOf(phc.id());
    byte[] expected = phc.hash();
    byte[] computed =
        derive(digest, password, phc.salt(), (int) decimal(phc, "i"), expected.length);
    try {
      return MessageDigest.isEqual(computed, expected);
    } finally {
      Arrays.fill(computed, (byte) 0);
    }
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    parse(encodedHash, caps);
  }

  /** The PHC string, once its format and every parameter are checked against the caps. */
  private static PhcString parse(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(encodedHash, "encodedHash");
    requireNonNull(caps, "caps");
    PhcString phc;
    try {
      phc = PhcString.parse(encodedHash);
    } catch (PhcFormatException e) {
      throw UnverifiableHashException.malformed(e);
    }
    digestOf(phc.id()); // refuses a digest this hasher does not know
    if (phc.version().isPresent()) {
      throw new UnverifiableHashException(MALFORMED, "pbkdf2 hashes carry no v= field");
    }
    if (!ALLOWED_PARAMETER_ORDERS.contains(List.copyOf(phc.params().keySet()))) {
      throw new UnverifiableHashException(
          MALFORMED,
          "pbkdf2 parameters were " + phc.params().keySet() + ", expected i,l[,keyid] in that order");
    }
    long iterations = decimal(phc, "i");
    long length = decimal(phc, "l");
    if (iterations > caps.maxPbkdf2Iterations()) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "pbkdf2 i="
              + iterations
              + " exceeds the cap of "
              + caps.maxPbkdf2Iterations()
              + " (hashing.caps.max-pbkdf2-iterations)");
    }
    if (iterations < 1) {
      throw new UnverifiableHashException(MALFORMED, "pbkdf2 i=0, must be at least 1");
    }
    if (!phc.hasSalt() || !phc.hasHash()) {
      throw new UnverifiableHashException(MALFORMED, "pbkdf2 hash needs both a salt and a hash");
    }
    if (length != phc.hashLength()) {
      throw new UnverifiableHashException(
          MALFORMED, "pbkdf2 l=" + length + " but the hash is " + phc.hashLength() + " bytes");
    }
    checkLength("salt", phc.saltLength(), MIN_SALT_BYTES, MAX_SALT_BYTES, caps.maxSaltBytes(),
        "max-salt-bytes");
    checkLength("hash", phc.hashLength(), MIN_HASH_BYTES, 64, caps.maxHashBytes(),
        "max-hash-bytes");
    return phc;
  }

  @Override
  public boolean supports(HashingPolicy policy) {
    return policy instanceof Pbkdf2Policy;
  }

  @Override
  public String hash(byte[] password, HashingPolicy policy) {
    requireNonNull(password, "password");
    requireNonNull(policy, "policy");
    if (!(policy instanceof Pbkdf2Policy)) {
      throw new IllegalArgumentException(
          "policy was " + policy.schemeId() + ", the PBKDF2 hasher writes only pbkdf2-sha*");
    }
    Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
    byte[] salt = new byte[pbkdf2.saltBytes()];
    random.nextBytes(salt);
    byte[] key = derive(pbkdf2.digest(), password, salt, pbkdf2.iterations(), pbkdf2.keyBytes());
    try {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("i", Integer.toString(pbkdf2.iterations()));
      params.put("l", Integer.toString(pbkdf2.keyBytes()));
      return PhcString.of(pbkdf2.schemeId(), null, params, salt, key).encode();
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public boolean needsRehash(String encodedHash, HashingPolicy policy) {
    if (!(policy instanceof Pbkdf2Policy)) {
      return true;
    }
    Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
    try {
      PhcString phc = PhcString.parse(encodedHash);
      return !phc.id().equals(pbkdf2.schemeId())
          || phc.decimalParam("i") != pbkdf2.iterations()
          || phc.hashLength() != pbkdf2.keyBytes()
          || phc.saltLength() < pbkdf2.saltBytes();
    } catch (PhcFormatException e) {
      return true;
    }
  }

  /** RFC 7914 §11 PBKDF2-HMAC-SHA256 vectors and an OpenSSL-computed PBKDF2-HMAC-SHA512 one. */
  @Override
  public void selfTest() {
    expect(
        "RFC 7914 §11 PBKDF2-HMAC-SHA256 c=1",
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
        derive(Digest.SHA256, ascii("passwd"), ascii("salt"), 1, 64));
    expect(
        "RFC 7914 §11 PBKDF2-HMAC-SHA256 c=80000",
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
        derive(Digest.SHA256, ascii("Password"), ascii("NaCl"), 80_000, 64));
    expect(
        "OpenSSL PBKDF2-HMAC-SHA512 c=2",
        "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
            + "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e",
        derive(Digest.SHA512, ascii("password"), ascii("salt"), 2, 64));
  }

  private void expect(String vector, String expectedHex, byte[] actual) {
    if (!MessageDigest.isEqual(HEX.parseHex(expectedHex), actual)) {
      throw new IllegalStateException(
          name() + " computed a wrong answer for the " + vector + " known-answer test");
    }
  }

  /** PBKDF2 (RFC 8018 §5.2) with HMAC as the PRF. */
  static byte[] derive(Digest digest, byte[] password, byte[] salt, int iterations, int length) {
    return Pbkdf2.derive(digest.macAlgorithm(), password, salt, iterations, length);
  }

  private static Digest digestOf(String schemeId) throws UnverifiableHashException {
    for (Digest digest : Digest.values()) {
      if (digest.schemeId().equals(schemeId)) {
        return digest;
      }
    }
    throw new UnverifiableHashException(UNSUPPORTED, "scheme " + schemeId + " is not PBKDF2");
  }

  private static long decimal(PhcString phc, String name) throws UnverifiableHashException {
    try {
      return phc.decimalParam(name);
    } catch (PhcFormatException e) {
      throw UnverifiableHashException.malformed(e);
    }
  }

  private static void checkLength(
      String what, int bytes, int min, int max, int cap, String capKey)
      throws UnverifiableHashException {
    if (bytes < min || bytes > max) {
      throw new UnverifiableHashException(
          MALFORMED, "pbkdf2 " + what + " is " + bytes + " bytes, allowed is " + min + " to " + max);
    }
    if (bytes > cap) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "pbkdf2 " + what + " is " + bytes + " bytes, over the cap of " + cap
              + " (hashing.caps." + capKey + ")");
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(US_ASCII);
  }

  @Override
  public String toString() {
    return name();
  }
}
