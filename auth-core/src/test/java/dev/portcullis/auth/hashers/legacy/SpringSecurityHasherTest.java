package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.spi.VerifyOnlyHasherContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SpringSecurityHasherTest extends VerifyOnlyHasherContract {

  private static final SpringSecurityHasher HASHER = new SpringSecurityHasher();

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  /** One per id ({noop} is never verified, see below), the Spring-written ones. */
  @Override
  protected List<KnownAnswer> knownAnswers() {
    List<KnownAnswer> answers = new ArrayList<>();
    for (LegacyVectors v : LegacyVectors.load("spring-security.tsv")) {
      if (!v.schemeId().equals("argon2") && v.password().equals("pässwörd é")) {
        answers.add(new KnownAnswer(v.password(), v.encoded()));
      }
    }
    return answers;
  }

  @Test
  @Override
  protected void knownAnswers_carrySchemeIdsTheHasherClaims() {
    // every id but noop has a Spring-written answer; noop is refused below
    assertThat(knownAnswers()).hasSize(HASHER.schemeIds().size() - 1);
  }

  @Test
  void verify_noop_isRefusedWithAClearMessage_neverAccepted() {
    UnverifiableHashException e = assertUnverifiable("{noop}secret-password");

    assertThat(e.reason()).isEqualTo(UNSUPPORTED);
    assertThat(e.getMessage())
        .isEqualTo("plaintext {noop} passwords are never accepted; reset these users' passwords");
  }

  @Test
  void verify_unknownOrUnspecifiedIds_areUnsupported_withoutEchoingThem() {
    for (String other :
        List.of("{pbkdf2}5d923b44a6d129f3ddf3e3c8d29412723dcbde72445e8ef6bf3b508fbf17fa4ed4d6b99ca763d8dc",
            "{sha256}abc", "{MD5}abc", "{hunter2-plaintext}")) {
      UnverifiableHashException e = assertUnverifiable(other);
      assertThat(e.reason()).isEqualTo(UNSUPPORTED);
      assertThat(e.getMessage()).doesNotContain("hunter2");
    }
  }

  @Test
  void verify_pbkdf2ImpliedIterationsOverTheCap_areRejected() {
    HashParameterCaps low = new HashParameterCaps(262_144, 64, 16, 300_000, 64, 64);
    String spring = knownAnswers().stream()
        .filter(a -> a.encoded().startsWith("{pbkdf2@"))
        .findFirst().orElseThrow().encoded();

    UnverifiableHashException e = assertUnverifiable(spring, low);

    assertThat(e.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(e.getMessage()).contains("310000");
  }

  @Test
  void verify_pbkdf2UpperCaseHex_isReadAsSpringsDecoderReadsIt() throws UnverifiableHashException {
    KnownAnswer answer = knownAnswers().stream()
        .filter(a -> a.encoded().startsWith("{pbkdf2@"))
        .findFirst().orElseThrow();
    String upper = "{pbkdf2@SpringSecurity_v5_8}"
        + answer.encoded().substring("{pbkdf2@SpringSecurity_v5_8}".length()).toUpperCase(java.util.Locale.ROOT);

    assertThat(HASHER.verify(utf8(answer.password()), upper, caps())).isTrue();
  }

  @Test
  void verify_malformed_isRefused() {
    String hex = "00".repeat(48);
    for (String bad :
        List.of(
            "{pbkdf2@SpringSecurity_v5_8}" + hex.substring(2),
            "{pbkdf2@SpringSecurity_v5_8}" + hex + "00",
            "{pbkdf2@SpringSecurity_v5_8}" + hex.substring(1) + "g",
            "{pbkdf2@SpringSecurity_v5_8}",
            "{bcrypt}$2a$10$tooShort",
            "{bcrypt}",
            "{argon2@SpringSecurity_v5_8}$argon2id$v=19$m=16384,t=2,p=1$!!$AAAA",
            "{argon2@SpringSecurity_v5_8}")) {
      assertThat(assertUnverifiable(bad).reason()).as(bad).isEqualTo(MALFORMED);
    }
  }
}
