package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.spi.VerifyOnlyHasherContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ShaCryptHasherTest extends VerifyOnlyHasherContract {

  private static final ShaCryptHasher HASHER = new ShaCryptHasher();
  /** The sha-crypt specification's test vectors (Drepper, "Unix crypt using SHA-256 and SHA-512"). */
  private static final String SPEC_5_ROUNDS_TOO_LOW =
      "$5$rounds=10$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC";
  private static final String SPEC_5_WRITTEN =
      "$5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC";
  private static final String SPEC_PASSWORD = "the minimum number is still observed";

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  @Override
  protected List<KnownAnswer> knownAnswers() {
    return LegacyVectors.load("unix-tools.tsv").stream()
        .filter(v -> v.schemeId().equals("5") || v.schemeId().equals("6"))
        .filter(v -> !v.tool().contains("20000"))
        .map(v -> new KnownAnswer(v.password(), v.encoded()))
        .toList();
  }

  @Test
  void verify_specificationVectors_roundsBelow1000AreComputedWith1000()
      throws UnverifiableHashException {
    assertThat(HASHER.verify(utf8(SPEC_PASSWORD), SPEC_5_WRITTEN, caps())).isTrue();
    assertThat(HASHER.verify(utf8(SPEC_PASSWORD), SPEC_5_ROUNDS_TOO_LOW, caps())).isTrue();
    assertThat(
            HASHER.verify(
                utf8("Hello world!"),
                "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdc"
                    + "bYEdFCoEOfaS35inz1",
                caps()))
        .isTrue();
  }

  @Test
  void verify_roundsWithALeadingZero_areMalformedAsGlibcRefusesThem() {
    String written =
        "$6$rounds=5000$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4O"
            + "TLiBFdcbYEdFCoEOfaS35inz1";

    assertThat(assertUnverifiable(written.replace("rounds=5000", "rounds=05000")).reason())
        .isEqualTo(MALFORMED);
    assertThat(assertUnverifiable(written.replace("rounds=5000", "rounds=0")).reason())
        .isEqualTo(MALFORMED);
    assertThat(assertUnverifiable(SPEC_5_WRITTEN.replace("rounds=1000", "rounds=01000")).reason())
        .isEqualTo(MALFORMED);
  }

  @Test
  void verify_aNonCanonicalLastCharacter_isMalformedNotAWrongPassword()
      throws UnverifiableHashException {
    // $6$ ends in a character carrying 2 bits ('.', '/', '0', '1'), $5$ in one carrying 4
    String sha512 =
        "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdF"
            + "CoEOfaS35inz1";
    assertThat(HASHER.verify(utf8("Hello world!"), sha512, caps())).isTrue();
    String sha512Mutant = sha512.substring(0, sha512.length() - 1) + "5";
    assertThat(assertUnverifiable(sha512Mutant).reason()).isEqualTo(MALFORMED);
    assertThat(assertUnverifiable(sha512Mutant).getMessage()).contains("non-canonical last character");

    assertThat(HASHER.verify(utf8(SPEC_PASSWORD), SPEC_5_WRITTEN, caps())).isTrue();
    String sha256Mutant = SPEC_5_WRITTEN.substring(0, SPEC_5_WRITTEN.length() - 1) + "z";
    assertThat(assertUnverifiable(sha256Mutant).reason()).isEqualTo(MALFORMED);
  }

  @Test
  void verify_roundsOverTheCap_areRejectedBeforeAnyWork() {
    String sha512 =
        "$6$rounds=999999999$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI6"
            + "8u4OTLiBFdcbYEdFCoEOfaS35inz1";

    UnverifiableHashException e =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertUnverifiable(sha512));

    assertThat(e.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(e.getMessage()).contains("rounds=999999999").contains("max-pbkdf2-iterations");
  }

  @Test
  void verify_roundsAtALowerConfiguredCap_areRejected() throws UnverifiableHashException {
    HashParameterCaps low = new HashParameterCaps(262_144, 64, 16, 4_999, 64, 64);
    String defaultRounds = knownAnswers().get(0).encoded(); // no rounds=: 5000

    UnverifiableHashException e = assertUnverifiable(defaultRounds, low);

    assertThat(e.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(HASHER.verify(utf8(SPEC_PASSWORD), SPEC_5_WRITTEN, low)).isTrue();
  }

  @Test
  void verify_malformed_isRefused() {
    String hash = SPEC_5_WRITTEN.substring(SPEC_5_WRITTEN.lastIndexOf('$') + 1);
    for (String bad :
        List.of(
            "$5$$" + hash, // empty salt: no tool writes one
            "$5$rounds=1000$$" + hash,
            "$5$abcdefghijklmnopq$" + hash, // 17-character salt
            "$5$salt$" + hash.substring(1), // hash one short
            "$6$salt$" + hash, // a $5$-length hash under $6$
            "$5$rounds=$salt$" + hash,
            "$5$rounds=-5$salt$" + hash,
            "$5$rounds=12345678901$salt$" + hash,
            "$5$sa:lt$" + hash,
            "$7$salt$" + hash)) {
      assertThat(assertUnverifiable(bad).reason()).as(bad).isEqualTo(MALFORMED);
    }
  }

  @Test
  void verify_roundsOverWhatCommonsCodecComputes_areRejectedNamingTheLimitNotTheSalt() {
    // mkpasswd -m sha-256 -R 2000000 -S abcdefgh12345678 pw; and one round over the limit
    for (String overLimit :
        List.of(
            "$5$rounds=2000000$abcdefgh12345678$JqlBwcKJ0uO6KyinmLF0hd3xtbK56RPM6FUhPnpbK1B",
            "$6$rounds=1000001$abcdefgh12345678$hqOUYmNQeFhg37gMBXbKd33wf58kWSKjM8SBy5xGygqAcMeIc3Q"
                + "bsVzci3C2bV1c1SUuOfZ4ZSAlisXjkiwQN/")) {
      UnverifiableHashException e =
          assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertUnverifiable(overLimit));

      assertThat(e.reason()).as(overLimit).isEqualTo(PARAMETERS_REJECTED);
      assertThat(e.getMessage()).contains("1000000").doesNotContain("abcdefgh12345678");
    }
  }
}
