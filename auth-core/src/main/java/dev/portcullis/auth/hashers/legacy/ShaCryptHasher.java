package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.MessageDigest;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * sha-crypt (Ulrich Drepper's SHA-256/SHA-512 crypt) as {@code /etc/shadow}, {@code mkpasswd} and
 * {@code htpasswd -2/-5} write it: {@code $5$} or {@code $6$}, an optional {@code rounds=N$}, a
 * salt of 1 to 16 characters of {@code ./0-9A-Za-z}, and the 43- or 86-character hash.
 * Verify-only, on commons-codec's {@code Sha2Crypt}.
 *
 * <p>Rounds follow the specification: 5000 when {@code rounds=} is absent, and a stored count
 * below 1000 is computed with 1000 (the specification's clamp, which its own test vectors check;
 * libxcrypt refuses to write such a setting, glibc clamps). Rounds are capped before any work by
 * the lower of {@code hashing.caps.max-pbkdf2-iterations} and {@link #MAX_ROUNDS} (1,000,000, the
 * most commons-codec computes): a sha-crypt round costs several times a PBKDF2 iteration ({@code
 * $6$} at 1,000,000 rounds takes about 0.3 s of one core), and the specification's 999,999,999
 * would pin a core for minutes.
 */
public final class ShaCryptHasher extends VerifyOnlyHasher {

  static final Set<String> SCHEME_IDS = Set.of("5", "6");
  private static final Pattern FORMAT =
      Pattern.compile(
          "\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?([./0-9A-Za-z]{1,16})\\$([./0-9A-Za-z]+)");
  /**
   * The most rounds verified, whatever the caps allow: commons-codec's {@code Sha2Crypt} computes
   * no more (and its refusal would quote the salt). About 0.3 s of one core for {@code $6$}.
   */
  public static final int MAX_ROUNDS = 1_000_000;

  private static final int DEFAULT_ROUNDS = 5000;
  private static final int MIN_ROUNDS = 1000;
  /** The crypt base64 alphabet, in value order. */
  private static final String CRYPT_ALPHABET =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** A sha-crypt hasher verifying both {@code $5$} and {@code $6$}. */
  public ShaCryptHasher() {
    this(SCHEME_IDS);
  }

  ShaCryptHasher(Set<String> schemeIds) {
    super(schemeIds, SCHEME_IDS);
  }

  @Override
  public String name() {
    return "sha-crypt (verify-only)";
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    Parsed parsed =
        parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
    byte[] input = password.clone(); // Sha2Crypt wipes nothing, but must not see ours change
    String computed =
        parsed.sha256()
            ? Sha2Crypt.sha256Crypt(input, parsed.setting())
            : Sha2Crypt.sha512Crypt(input, parsed.setting());
    java.util.Arrays.fill(input, (byte) 0);
    // only the hash part: a clamped count is written back as rounds=1000 by the specification
    String computedHash = computed.substring(computed.lastIndexOf('$') + 1);
    return MessageDigest.isEqual(
        computedHash.getBytes(US_ASCII), parsed.storedHash().getBytes(US_ASCII));
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
  }

  /** A well-formed hash within the caps: the setting to compute with and the stored hash. */
  private record Parsed(boolean sha256, String setting, String storedHash) {}

  /** Everything {@link #verify} checks before any work. */
  private Parsed parse(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    Matcher matcher = FORMAT.matcher(encodedHash);
    if (!matcher.matches()) {
      throw new UnverifiableHashException(
          MALFORMED,
          "sha-crypt hash must be $5$ or $6$, an optional rounds=N$, a salt of 1 to 16 characters"
              + " of ./0-9A-Za-z, '$' and the hash");
    }
    String schemeId = claimedSchemeId(encodedHash, matcher.group(1));
    boolean sha256 = schemeId.equals("5");
    String storedHash = matcher.group(4);
    int hashChars = sha256 ? 43 : 86;
    if (storedHash.length() != hashChars) {
      throw new UnverifiableHashException(
          MALFORMED,
          "sha-crypt $" + schemeId + "$ hash is " + storedHash.length() + " characters, must be "
              + hashChars);
    }
    if (CRYPT_ALPHABET.indexOf(storedHash.charAt(hashChars - 1)) >= (sha256 ? 16 : 4)) {
      // the last character carries 4 ($5$) or 2 ($6$) bits: any other value is no tool's output
      throw new UnverifiableHashException(
          MALFORMED,
          "sha-crypt $" + schemeId + "$ hash has a non-canonical last character (bits set that"
              + " no hash can have)");
    }
    String roundsText = matcher.group(2);
    long rounds = roundsText == null ? DEFAULT_ROUNDS : parseRounds(roundsText, "sha-crypt");
    checkRounds(rounds, caps, "sha-crypt");
    String setting =
        "$" + schemeId + "$"
            + (roundsText == null ? "" : "rounds=" + Math.max(MIN_ROUNDS, rounds) + "$")
            + matcher.group(3);
    return new Parsed(sha256, setting, storedHash);
  }

  /**
   * The rounds of a {@code rounds=N$} field, parsed as glibc and libxcrypt do: a decimal without
   * a leading zero ({@code rounds=05000} and {@code rounds=0} are refused, not read as 5000 or
   * clamped from 0).
   */
  static long parseRounds(String text, String what) throws UnverifiableHashException {
    if (text.isEmpty() || text.charAt(0) == '0') {
      throw new UnverifiableHashException(
          MALFORMED, what + " rounds= must be a decimal without a leading zero");
    }
    return Long.parseLong(text);
  }

  /**
   * Refuses rounds above {@code hashing.caps.max-pbkdf2-iterations} or {@link #MAX_ROUNDS}, the
   * lower of the two; {@code what} names the format in the message (which never holds the salt).
   */
  static void checkRounds(long rounds, HashParameterCaps caps, String what)
      throws UnverifiableHashException {
    if (rounds > caps.maxPbkdf2Iterations()) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          what + " rounds=" + rounds + " exceeds the cap of " + caps.maxPbkdf2Iterations()
              + " (hashing.caps.max-pbkdf2-iterations)");
    }
    if (rounds > MAX_ROUNDS) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          what + " rounds=" + rounds + " exceeds the sha-crypt limit of " + MAX_ROUNDS
              + " (the most commons-codec computes, whatever hashing.caps.max-pbkdf2-iterations"
              + " allows)");
    }
  }

  /**
   * Verifies the specification's own vectors for the rounds clamp (a stored {@code rounds=10}
   * computed with 1000) and hashes written by {@code mkpasswd}, and refuses wrong passwords.
   *
   * @throws IllegalStateException naming the vector that failed
   */
  @Override
  public void selfTest() {
    // the vectors cover every scheme id of this class, whichever this instance claims
    ShaCryptHasher all = schemeIds().equals(SCHEME_IDS) ? this : new ShaCryptHasher(SCHEME_IDS);
    String observed = "the minimum number is still observed";
    SelfTests.expect(all, "sha-crypt specification $5$ rounds=10", observed,
        "$5$rounds=10$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC");
    SelfTests.expect(all, "sha-crypt specification $6$ rounds=10", observed,
        "$6$rounds=10$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4"
            + "ZEQpyUNGc0dqbpBYYBaHHrsX.");
    SelfTests.expect(all, "mkpasswd -m sha256crypt -R 1000, non-ASCII", "pässwörd é",
        "$5$rounds=1000$xLPiSdEBaYjU7vWj$sHkZfouhnUEPuD6Ev4zBh2POECOFodpS7csb1/Hlum0");
  }
}
