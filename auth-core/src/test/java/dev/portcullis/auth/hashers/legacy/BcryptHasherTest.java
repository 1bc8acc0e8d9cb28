package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.spi.VerifyOnlyHasherContract;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class BcryptHasherTest extends VerifyOnlyHasherContract {

  private static final BcryptHasher HASHER = new BcryptHasher();
  private static final String HTPASSWD =
      LegacyVectors.load("unix-tools.tsv").stream()
          .filter(v -> v.tool().equals("htpasswd -nbB -C 5"))
          .findFirst().orElseThrow().encoded();

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  @Override
  protected List<KnownAnswer> knownAnswers() {
    return LegacyVectors.load("unix-tools.tsv").stream()
        .filter(v -> Set.of("2a", "2b", "2y").contains(v.schemeId()))
        .filter(v -> !v.tool().contains("-C 10"))
        .map(v -> new KnownAnswer(v.password(), v.encoded()))
        .toList();
  }

  @Test
  void verify_costOverTheCap_isRejectedBeforeAnyWork() {
    String cost31 = "$2b$31$" + HTPASSWD.substring(7);

    UnverifiableHashException e =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertUnverifiable(cost31));

    assertThat(e.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(e.getMessage()).contains("cost 31").contains("16");
    assertThat(assertUnverifiable("$2b$17$" + HTPASSWD.substring(7)).reason())
        .isEqualTo(PARAMETERS_REJECTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"00", "03", "32", "99"})
  void verify_costOutsideBcryptsRange_isMalformed(String cost) {
    assertThat(assertUnverifiable("$2b$" + cost + "$" + HTPASSWD.substring(7)).reason())
        .isEqualTo(MALFORMED);
  }

  @Test
  void verify_badCharactersOrLengths_areMalformed() {
    String body = HTPASSWD.substring(7);
    for (String bad :
        List.of(
            "$2b$05$" + body.substring(1), // one character short
            "$2b$05$" + body + "A", // one too many
            "$2b$05$" + body.replace('.', '+').replace('/', '+').substring(0, 52) + "+",
            "$2b$5$" + body,
            "$2b$05$",
            "$2b$05" + body)) {
      assertThat(assertUnverifiable(bad).reason()).as(bad).isEqualTo(MALFORMED);
    }
  }

  @Test
  void verify_versionsItDoesNotVerify_areRefused() {
    for (String version : List.of("2x", "2", "2c")) {
      String other = "$" + version + "$05$" + HTPASSWD.substring(7);
      assertThat(assertUnverifiable(other).reason()).isIn(MALFORMED, UNSUPPORTED);
    }
  }

  @Test
  void verify_versionNotEnabled_isUnsupported() throws UnverifiableHashException {
    BcryptHasher only2b = new BcryptHasher(Set.of("2b"));

    assertThat(only2b.schemeIds()).containsExactly("2b");
    UnverifiableHashException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            UnverifiableHashException.class, () -> only2b.verify(utf8("pw"), HTPASSWD, caps()));
    assertThat(e.reason()).isEqualTo(UNSUPPORTED);
  }
}
