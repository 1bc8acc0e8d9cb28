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
 * libxcrypt refuses to write such a setting, glibc clamps). Rounds are capped by {@code
 * hashing.caps.max-pbkdf2-iterations} before any work: one sha-crypt round costs about what one
 * PBKDF2 iteration does (a few hash compressions), so the cap an operator set for PBKDF2 bounds
 * the same CPU time, far below the specification's 999,999,999 that would pin a core for minutes.
 */
public final class ShaCryptHasher extends VerifyOnlyHasher {

  static final Set<String> SCHEME_IDS = Set.of("5", "6");
  private static final Pattern FORMAT =
      Pattern.compile(
          "\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?([./0-9A-Za-z]{1,16})\\$([./0-9A-Za-z]+)");
  private static final int DEFAULT_ROUNDS = 5000;
  private static final int MIN_ROUNDS = 1000;

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
    requireNonNull(encodedHash, "encodedHash");
    requireNonNull(caps, "caps");
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
    String roundsText = matcher.group(2);
    long rounds = roundsText == null ? DEFAULT_ROUNDS : Long.parseLong(roundsText);
    if (rounds > caps.maxPbkdf2Iterations()) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "sha-crypt rounds=" + rounds + " exceeds the cap of " + caps.maxPbkdf2Iterations()
              + " (hashing.caps.max-pbkdf2-iterations)");
    }
    String salt = matcher.group(3);
    String setting =
        "$" + schemeId + "$"
            + (roundsText == null ? "" : "rounds=" + Math.max(MIN_ROUNDS, rounds) + "$")
            + salt;
    byte[] input = password.clone(); // Sha2Crypt wipes nothing, but must not see ours change
    String computed =
        sha256 ? Sha2Crypt.sha256Crypt(input, setting) : Sha2Crypt.sha512Crypt(input, setting);
    java.util.Arrays.fill(input, (byte) 0);
    // only the hash part: a clamped count is written back as rounds=1000 by the specification
    String computedHash = computed.substring(computed.lastIndexOf('$') + 1);
    return MessageDigest.isEqual(computedHash.getBytes(US_ASCII), storedHash.getBytes(US_ASCII));
  }

  /**
   * Verifies the specification's own vectors for the rounds clamp (a stored {@code rounds=10}
   * computed with 1000) and hashes written by {@code mkpasswd}, and refuses wrong passwords.
   *
   * @throws IllegalStateException naming the vector that failed
   */
  @Override
  public void selfTest() {
    String observed = "the minimum number is still observed";
    // only the schemes this hasher is set up for: the other one is refused by design
    if (schemeIds().contains("5")) {
      SelfTests.expect(this, "sha-crypt specification $5$ rounds=10", observed,
          "$5$rounds=10$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC");
      SelfTests.expect(this, "mkpasswd -m sha256crypt -R 1000, non-ASCII", "pässwörd é",
          "$5$rounds=1000$xLPiSdEBaYjU7vWj$sHkZfouhnUEPuD6Ev4zBh2POECOFodpS7csb1/Hlum0");
    }
    if (schemeIds().contains("6")) {
      SelfTests.expect(this, "sha-crypt specification $6$ rounds=10", observed,
          "$6$rounds=10$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4"
              + "ZEQpyUNGc0dqbpBYYBaHHrsX.");
    }
  }
}
