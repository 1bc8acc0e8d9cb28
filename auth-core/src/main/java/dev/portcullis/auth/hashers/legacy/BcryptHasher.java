package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.Radix64Encoder;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bcrypt as OpenBSD, crypt_blowfish, PHP, Python's {@code bcrypt}, {@code htpasswd -B} and
 * {@code mkpasswd -m bcrypt} write it: {@code $2a$}, {@code $2b$} or {@code $2y$}, a two-digit cost,
 * a 22-character salt and a 31-character checksum. Verify-only, on {@code at.favre.lib:bcrypt}.
 *
 * <p><b>72 bytes.</b> bcrypt keys Blowfish with at most 72 bytes of the password; every one of
 * those tools silently ignored the rest when the hash was written. So does this hasher: a user
 * whose 100-byte password was cut to 72 bytes when it was stored still logs in with it (and with
 * any password sharing those 72 bytes, as before). The upgrade to Argon2id on that login ends it.
 *
 * <p>The three version letters compute the same hash for every password of at most 72 bytes
 * (they differ only in bugs of old C implementations on 8-bit characters or overlong lengths, the
 * reason {@code 2b} and {@code 2y} exist). A cost above {@value #MAX_COST} is refused before any
 * work: bcrypt's work doubles with each step, and cost 16 already takes seconds per login on a
 * server core (64 times cost 10, the common default); a stored hash asking for more is planted or
 * broken, and would let one request pin a core for minutes (cost 31 is 2^21 times cost 10).
 */
public final class BcryptHasher extends VerifyOnlyHasher {

  /** The largest cost verified; higher costs are refused as over the caps, before any work. */
  public static final int MAX_COST = 16;
  /** Bytes of the password bcrypt reads; the rest never mattered to the hash. */
  public static final int MAX_PASSWORD_BYTES = 72;

  static final Set<String> SCHEME_IDS = Set.of("2a", "2b", "2y");
  private static final Pattern FORMAT =
      Pattern.compile("\\$(2[aby])\\$([0-9]{2})\\$([./A-Za-z0-9]{53})");
  private static final int MIN_COST = 4;
  private static final int SALT_CHARS = 22;

  /** A bcrypt hasher verifying all of {@code $2a$}, {@code $2b$} and {@code $2y$}. */
  public BcryptHasher() {
    this(SCHEME_IDS);
  }

  BcryptHasher(Set<String> schemeIds) {
    super(schemeIds, SCHEME_IDS);
  }

  @Override
  public String name() {
    return "bcrypt (verify-only)";
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    requireNonNull(encodedHash, "encodedHash");
    requireNonNull(caps, "caps");
    claimed(encodedHash);
    return check(password, encodedHash, "bcrypt");
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(encodedHash, "encodedHash");
    requireNonNull(caps, "caps");
    claimed(encodedHash);
    parse(encodedHash, "bcrypt");
  }

  /** Refuses a hash of the wrong shape, or of a version letter this hasher does not claim. */
  private void claimed(String encodedHash) throws UnverifiableHashException {
    Matcher matcher = FORMAT.matcher(encodedHash);
    if (!matcher.matches()) {
      throw malformed("bcrypt");
    }
    claimedSchemeId(encodedHash, matcher.group(1));
  }

  /**
   * Verifies one bcrypt string of any version letter, as used inside other formats (Spring's
   * {@code {bcrypt}}, Django's {@code bcrypt_sha256}); {@code what} names the format in messages.
   */
  static boolean check(byte[] password, String bcrypt, String what)
      throws UnverifiableHashException {
    BCrypt.Version version = parse(bcrypt, what);
    // the truncation every bcrypt implementation applied when the hash was written
    byte[] key =
        password.length > MAX_PASSWORD_BYTES
            ? Arrays.copyOf(password, MAX_PASSWORD_BYTES)
            : password;
    try {
      BCrypt.Result result =
          BCrypt.verifyer(version, LongPasswordStrategies.none())
              .verify(key, bcrypt.getBytes(US_ASCII));
      if (!result.validFormat) {
        throw malformed(what); // the library's own message may quote the hash
      }
      return result.verified; // compared in constant time by the library
    } finally {
      if (key != password) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  /**
   * Everything {@link #check} refuses before any work: the shape of one bcrypt string and its cost
   * against {@link #MAX_COST}; returns its version.
   */
  static BCrypt.Version parse(String bcrypt, String what)
      throws UnverifiableHashException {
    Matcher matcher = FORMAT.matcher(bcrypt);
    if (!matcher.matches()) {
      throw malformed(what);
    }
    String body = matcher.group(3);
    if (!canonical(body.substring(0, SALT_CHARS)) || !canonical(body.substring(SALT_CHARS))) {
      // the library compares decoded bytes; every tool writes (and compares) the canonical text
      throw new UnverifiableHashException(
          MALFORMED,
          what + " salt or checksum has unused low bits set in its last character; bcrypt never"
              + " writes that");
    }
    int cost = Integer.parseInt(matcher.group(2));
    if (cost < MIN_COST || cost > 31) {
      throw new UnverifiableHashException(
          MALFORMED, what + " cost is " + cost + ", bcrypt allows " + MIN_COST + " to 31");
    }
    if (cost > MAX_COST) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          what + " cost " + cost + " exceeds the cap of " + MAX_COST
              + " (each step doubles the work; cost " + MAX_COST + " already takes seconds)");
    }
    return version(matcher.group(1));
  }

  /**
   * Whether bcrypt's base64 text (22 salt or 31 checksum characters of ./A-Za-z0-9) is the text
   * its bytes encode to: the unused low bits of its last character are zero. OpenBSD's bcrypt,
   * libxcrypt and Python's bcrypt write only such text and compare whole strings, so they never
   * match a hash whose last character differs only in those bits; neither does Portcullis.
   */
  static boolean canonical(String radix64) {
    Radix64Encoder encoder = new Radix64Encoder.Default();
    byte[] text = radix64.getBytes(US_ASCII);
    return Arrays.equals(encoder.encode(encoder.decode(text)), text);
  }

  private static BCrypt.Version version(String schemeId) {
    switch (schemeId) {
      case "2a":
        return BCrypt.Version.VERSION_2A;
      case "2b":
        return BCrypt.Version.VERSION_2B;
      default:
        return BCrypt.Version.VERSION_2Y;
    }
  }

  private static UnverifiableHashException malformed(String what) {
    return new UnverifiableHashException(
        MALFORMED,
        what + " hash must be $2a$, $2b$ or $2y$, a two-digit cost, '$' and 53 characters of"
            + " ./A-Za-z0-9");
  }

  /**
   * Verifies hashes written by {@code htpasswd -B} and Python's {@code bcrypt}, including one of a
   * password longer than 72 bytes, and refuses wrong passwords.
   *
   * @throws IllegalStateException naming the vector that failed
   */
  @Override
  public void selfTest() {
    // the vectors cover every scheme id of this class, whichever this instance claims
    BcryptHasher all = schemeIds().equals(SCHEME_IDS) ? this : new BcryptHasher(SCHEME_IDS);
    String long94 = "0123456789".repeat(8) + "TAIL-BEYOND-72";
    String pythonLong = "$2b$04$Va2T/j.qMjosQTSWPQ9Ez.U7hMopHJt2FbvPgZZZmO7daF3eLEQWy";
    SelfTests.expect(all, "htpasswd -B $2y$ cost 5", "correct horse battery staple",
        "$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW");
    SelfTests.expect(all, "mkpasswd -m bcrypt-a $2a$ cost 5", "correct horse battery staple",
        "$2a$05$Me06nIgbZUUcMgOU0K75SeNj1nmSUajAidKQf21H2mPtFH6rl3Cp.");
    SelfTests.expect(all, "python3 bcrypt $2b$ cost 4, 94-byte password", long94, pythonLong);
    SelfTests.expect(all, "python3 bcrypt $2b$ cost 4, 94-byte password cut to 72 bytes",
        long94.substring(0, MAX_PASSWORD_BYTES) + "anything else", pythonLong);
    SelfTests.expectMismatch(all, "python3 bcrypt $2b$ cost 4, 94-byte password cut to 71 bytes",
        long94.substring(0, MAX_PASSWORD_BYTES - 1), pythonLong);
  }
}
