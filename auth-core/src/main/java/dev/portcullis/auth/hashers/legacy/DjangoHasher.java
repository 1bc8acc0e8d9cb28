package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.internal.Pbkdf2;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Django's password hashers, as {@code django.contrib.auth.hashers} writes them:
 *
 * <ul>
 *   <li>{@code pbkdf2_sha256$<iterations>$<salt>$<hash>} and {@code pbkdf2_sha1$...}: PBKDF2-HMAC
 *       over the UTF-8 password, the salt string's UTF-8 bytes as salt, a key as long as the
 *       digest, in standard base64 with padding;
 *   <li>{@code bcrypt_sha256$$2b$<cost>$...}: bcrypt over the lower-case hex SHA-256 of the
 *       password (64 bytes, so nothing is cut at 72).
 * </ul>
 *
 * <p>Django's {@code argon2$argon2id$...} shares its scheme id {@code argon2} with Spring's {@code
 * {argon2}}, so {@link PrefixedArgon2Hasher} verifies both. Iterations are capped by {@code
 * hashing.caps.max-pbkdf2-iterations}, the salt by {@code max-salt-bytes} and bcrypt by {@link
 * BcryptHasher#MAX_COST}, all before any work. Verify-only.
 */
public final class DjangoHasher extends VerifyOnlyHasher {

  static final Set<String> SCHEME_IDS =
      Set.of("pbkdf2_sha256", "pbkdf2_sha1", "bcrypt_sha256");
  private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,9}");
  private static final HexFormat HEX = HexFormat.of();

  /** A Django hasher for pbkdf2_sha256, pbkdf2_sha1 and bcrypt_sha256. */
  public DjangoHasher() {
    this(SCHEME_IDS);
  }

  DjangoHasher(Set<String> schemeIds) {
    super(schemeIds, SCHEME_IDS);
  }

  @Override
  public String name() {
    return "django (verify-only)";
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    Parsed parsed =
        parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
    if (parsed instanceof Pbkdf2Parsed pbkdf2) {
      return verifyPbkdf2(password, pbkdf2);
    }
    return verifyBcryptSha256(password, ((BcryptSha256Parsed) parsed).bcrypt());
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
  }

  /** A well-formed Django hash within the caps, ready to compute. */
  private sealed interface Parsed permits Pbkdf2Parsed, BcryptSha256Parsed {}

  /** A final class, not a record: it holds the stored key, which no toString may print. */
  private static final class Pbkdf2Parsed implements Parsed {
    final String mac;
    final int iterations;
    final byte[] salt;
    final byte[] expected;
    final int digestBytes;

    Pbkdf2Parsed(String mac, int iterations, byte[] salt, byte[] expected, int digestBytes) {
      this.mac = mac;
      this.iterations = iterations;
      this.salt = salt;
      this.expected = expected;
      this.digestBytes = digestBytes;
    }
  }

  private record BcryptSha256Parsed(String bcrypt) implements Parsed {}

  /** Everything {@link #verify} checks before any work. */
  private Parsed parse(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    int dollar = encodedHash.indexOf('$');
    String prefix = dollar < 0 ? "" : encodedHash.substring(0, dollar);
    if (!SCHEME_IDS.contains(prefix)) {
      throw new UnverifiableHashException(
          UNSUPPORTED,
          "not a Django hash: expected one of pbkdf2_sha256$, pbkdf2_sha1$, bcrypt_sha256$");
    }
    String schemeId = claimedSchemeId(encodedHash, prefix);
    String rest = encodedHash.substring(dollar + 1);
    switch (schemeId) {
      case "bcrypt_sha256":
        // Django: bcrypt_sha256$ + the bcrypt string, e.g. bcrypt_sha256$$2b$12$...
        BcryptHasher.parse(rest, "django bcrypt_sha256");
        return new BcryptSha256Parsed(rest);
      case "pbkdf2_sha1":
        return parsePbkdf2(rest, caps, "pbkdf2_sha1", "HmacSHA1", 20);
      default:
        return parsePbkdf2(rest, caps, "pbkdf2_sha256", "HmacSHA256", 32);
    }
  }

  private static Pbkdf2Parsed parsePbkdf2(
      String rest, HashParameterCaps caps, String scheme, String mac, int digestBytes)
      throws UnverifiableHashException {
    String[] fields = rest.split("\\$", -1);
    if (fields.length != 3) {
      throw new UnverifiableHashException(
          MALFORMED, "django " + scheme + " hash must be " + scheme + "$<iterations>$<salt>$<hash>");
    }
    if (!DECIMAL.matcher(fields[0]).matches()) {
      throw new UnverifiableHashException(
          MALFORMED, "django " + scheme + " iterations must be a decimal from 1, no leading zeros");
    }
    long iterations = Long.parseLong(fields[0]);
    if (iterations > caps.maxPbkdf2Iterations()) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "django " + scheme + " iterations=" + iterations + " exceeds the cap of "
              + caps.maxPbkdf2Iterations() + " (hashing.caps.max-pbkdf2-iterations)");
    }
    byte[] salt = fields[1].getBytes(UTF_8);
    if (salt.length == 0) {
      throw new UnverifiableHashException(MALFORMED, "django " + scheme + " salt is empty");
    }
    if (salt.length > caps.maxSaltBytes()) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "django " + scheme + " salt is " + salt.length + " bytes, over the cap of "
              + caps.maxSaltBytes() + " (hashing.caps.max-salt-bytes)");
    }
    byte[] expected = canonicalBase64(fields[2], digestBytes, scheme);
    return new Pbkdf2Parsed(mac, (int) iterations, salt, expected, digestBytes);
  }

  private static boolean verifyPbkdf2(byte[] password, Pbkdf2Parsed parsed) {
    byte[] computed =
        Pbkdf2.derive(
            parsed.mac, password, parsed.salt, parsed.iterations, parsed.digestBytes);
    try {
      return MessageDigest.isEqual(computed, parsed.expected);
    } finally {
      Arrays.fill(computed, (byte) 0);
    }
  }

  /** Django compares the re-encoded string, so only the canonical encoding can ever match. */
  private static byte[] canonicalBase64(String text, int bytes, String scheme)
      throws UnverifiableHashException {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      decoded = new byte[0];
    }
    if (decoded.length != bytes || !Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw new UnverifiableHashException(
          MALFORMED,
          "django " + scheme + " hash must be " + bytes + " bytes in padded standard base64");
    }
    return decoded;
  }

  private static boolean verifyBcryptSha256(byte[] password, String bcrypt)
      throws UnverifiableHashException {
    byte[] hexDigest;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(password);
      hexDigest = HEX.formatHex(digest).getBytes(US_ASCII);
      Arrays.fill(digest, (byte) 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
    try {
      return BcryptHasher.check(hexDigest, bcrypt, "django bcrypt_sha256");
    } finally {
      Arrays.fill(hexDigest, (byte) 0);
    }
  }

  /**
   * Verifies hashes written by Django 3.2 for each of its schemes this hasher is set up for, and
   * refuses wrong passwords.
   *
   * @throws IllegalStateException naming the vector that failed
   */
  @Override
  public void selfTest() {
    // the vectors cover every scheme id of this class, whichever this instance claims
    DjangoHasher all = schemeIds().equals(SCHEME_IDS) ? this : new DjangoHasher(SCHEME_IDS);
    String password = "correct horse battery staple";
    String[][] vectors = {
      {"pbkdf2_sha256", "pbkdf2_sha256$1000$rO2fu7tMXoZ9rRhWcOIDLM$"
          + "uA4tDLoieAg86lw1ZkdeYdAh4Akh0y8dSFnWbUA4ue8="},
      {"pbkdf2_sha1", "pbkdf2_sha1$1000$fsl6KlvmtZGd1pkLryoZyR$FWdLl2SLua05S5nLyVcn7hKe2/g="},
      {"bcrypt_sha256", "bcrypt_sha256$$2b$05$HyC16oI6aHFd6WPubU1Hcue4/HX.QML/DVKAkOoFUlgXkai7RaCLm"},
    };
    for (String[] vector : vectors) {
      if (schemeIds().contains(vector[0])) {
        SelfTests.expect(all, "Django 3.2 " + vector[0], password, vector[1]);
      }
    }
  }
}
