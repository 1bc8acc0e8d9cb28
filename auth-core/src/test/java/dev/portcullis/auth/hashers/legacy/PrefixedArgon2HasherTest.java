package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.VerifyOnlyHasherContract;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PrefixedArgon2HasherTest extends VerifyOnlyHasherContract {

  private static final PrefixedArgon2Hasher HASHER = new PrefixedArgon2Hasher();
  private static final String DJANGO_DEFAULTS =
      LegacyVectors.load("django.tsv").stream()
          .filter(v -> v.tool().equals("Django 3.2 Argon2PasswordHasher defaults"))
          .findFirst().orElseThrow().encoded();

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  @Override
  protected List<KnownAnswer> knownAnswers() {
    return LegacyVectors.all().stream()
        .filter(v -> v.schemeId().equals("argon2"))
        .filter(v -> !v.tool().contains("defaults") || v.tool().contains("v5_2"))
        .map(v -> new KnownAnswer(v.password(), v.encoded()))
        .toList();
  }

  @Test
  void memoryCost_isTheArgon2Memory_soTheEngineAdmitsIt() {
    assertThat(HASHER.memoryCostKib(DJANGO_DEFAULTS, caps())).isEqualTo(102_400);
    assertThat(HASHER.memoryCostKib(knownAnswers().get(0).encoded(), caps())).isPositive();
  }

  @Test
  void verify_argon2OverTheCaps_isRejectedBeforeAnyWork() {
    HashParameterCaps small = new HashParameterCaps(65_536, 64, 16, 10_000_000, 64, 64);

    assertThat(HASHER.memoryCostKib(DJANGO_DEFAULTS, small)).isZero();
    assertThat(assertUnverifiable(DJANGO_DEFAULTS, small).reason()).isEqualTo(PARAMETERS_REJECTED);
  }

  @Test
  void verify_pepperKeyIdOrOtherSchemes_areMalformed() {
    for (String bad :
        List.of(
            DJANGO_DEFAULTS.replace("p=8$", "p=8,keyid=k1$"),
            "argon2$pbkdf2-sha256$i=1000,l=32$AAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "argon2$$argon2id$v=19$m=1024,t=1,p=2$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
            "{argon2}argon2id$v=19$m=1024,t=1,p=2$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA")) {
      assertThat(assertUnverifiable(bad).reason()).as(bad).isEqualTo(MALFORMED);
    }
  }
}
