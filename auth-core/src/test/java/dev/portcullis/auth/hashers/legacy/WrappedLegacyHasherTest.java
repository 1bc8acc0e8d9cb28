package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.spi.VerifyOnlyHasherContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Wrapped legacy hashes: tool-written legacy hashes wrapped in Argon2id, verified through both. */
final class WrappedLegacyHasherTest extends VerifyOnlyHasherContract {

  private static final Argon2Hasher ARGON2 = new Argon2Hasher();
  private static final WrappedLegacyHasher HASHER = new WrappedLegacyHasher(ARGON2);
  private static final HashingPolicy SMALL = HashingPolicy.argon2id(64, 1, 1);
  /** Every tool-written vector of a wrappable scheme at a small cost, wrapped once. */
  private static final List<KnownAnswer> WRAPPED =
      LegacyVectors.all().stream()
          .filter(v -> WrappedLegacyHasher.WRAPPABLE.contains(v.schemeId()))
          .filter(v -> !v.tool().contains("260000") && !v.tool().contains("-C 10"))
          .map(v -> new KnownAnswer(
              v.password(), WrappedLegacyHasher.wrap(v.schemeId(), v.encoded(), ARGON2, SMALL)))
          .toList();

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  @Override
  protected List<KnownAnswer> knownAnswers() {
    return WRAPPED;
  }

  @Test
  void wrap_keepsTheLegacySetting_andDropsTheLegacyOutput() {
    String legacy = "$2b$05$A5SCf5X4wdP99zAkdROiCeR0wzTBztOJMuewE0L8dZ.rncXDUt5WC";
    String wrapped = WrappedLegacyHasher.wrap("2b", legacy, ARGON2, SMALL);
    assertThat(wrapped).matches(
        "\\$wrap-2b\\$\\$2b\\$05\\$A5SCf5X4wdP99zAkdROiCe\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}"
            + "\\$[A-Za-z0-9+/]{43}");
    assertThat(wrapped).doesNotContain("R0wzTBztOJMuewE0L8dZ");
    assertThat(PasswordHashers.schemeIdOf(wrapped)).hasValue("wrap-2b");
    assertThat(WrappedLegacyHasher.enablingSchemeId("wrap-2b")).isEqualTo("2b");
    assertThat(WrappedLegacyHasher.enablingSchemeId("2b")).isEqualTo("2b");
    assertThat(PasswordHashers.knowsScheme("wrap-2b")).isTrue();
  }

  @Test
  void wrap_keepsBcrypts72ByteCut() throws UnverifiableHashException {
    String long94 = LegacyVectors.LONG_94;
    String wrapped = WrappedLegacyHasher.wrap(
        "2b", "$2b$04$Va2T/j.qMjosQTSWPQ9Ez.U7hMopHJt2FbvPgZZZmO7daF3eLEQWy", ARGON2, SMALL);
    assertThat(HASHER.verify(utf8(long94.substring(0, 72) + "else"), wrapped, caps())).isTrue();
    assertThat(HASHER.verify(utf8(long94.substring(0, 71)), wrapped, caps())).isFalse();
  }

  @Test
  void wrap_malformedOrUnwrappable_isRefusedWithoutEchoingTheHash() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WrappedLegacyHasher.wrap("2b", "$2b$05$tooShortSecretish", ARGON2, SMALL))
        .withMessage("the stored hash is not a well-formed 2b hash");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WrappedLegacyHasher.wrap("6", "$5$abcdefgh$" + "x".repeat(43), ARGON2, SMALL))
        .withMessageNotContaining("abcdefgh");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WrappedLegacyHasher.wrap("bcrypt_sha256", "bcrypt_sha256$$2b$...", ARGON2,
            SMALL))
        .withMessageContaining("cannot be wrapped");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WrappedLegacyHasher.wrap("2b",
            "$2b$05$A5SCf5X4wdP99zAkdROiCeR0wzTBztOJMuewE0L8dZ.rncXDUt5WC", ARGON2,
            HashingPolicy.pbkdf2Sha256(600_000)));
  }

  @Test
  void caps_applyToBothLayers_beforeAnyWork() {
    String bcrypt31 = "$wrap-2b$$2b$31$A5SCf5X4wdP99zAkdROiCe$v=19$m=64,t=1,p=1$"
        + "c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);
    assertThat(assertUnverifiable(bcrypt31).reason()).isEqualTo(PARAMETERS_REJECTED);
    String rounds = "$wrap-6$$6$rounds=999999999$saltsalt$v=19$m=64,t=1,p=1$"
        + "c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);
    assertThat(assertUnverifiable(rounds).reason()).isEqualTo(PARAMETERS_REJECTED);
    // under the default caps, but over the 1,000,000 rounds commons-codec computes
    String overSha2CryptLimit = "$wrap-5$$5$rounds=2000000$abcdefgh12345678$v=19$m=64,t=1,p=1$"
        + "c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);
    UnverifiableHashException overLimit = assertUnverifiable(overSha2CryptLimit);
    assertThat(overLimit.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(overLimit.getMessage()).contains("1000000").doesNotContain("abcdefgh12345678");
    String argon2Memory = "$wrap-2b$$2b$05$A5SCf5X4wdP99zAkdROiCe$v=19$m=4194304,t=1,p=1$"
        + "c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);
    assertThat(assertUnverifiable(argon2Memory).reason()).isEqualTo(PARAMETERS_REJECTED);
    String mismatched = "$wrap-2b$$2y$05$A5SCf5X4wdP99zAkdROiCe$v=19$m=64,t=1,p=1$"
        + "c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);
    assertThat(assertUnverifiable(mismatched).reason()).isEqualTo(MALFORMED);
  }

  @Test
  void memoryCostKib_isTheArgon2LayersMemory() {
    String wrapped = WrappedLegacyHasher.wrap(
        "pbkdf2_sha1", "pbkdf2_sha1$1000$fsl6KlvmtZGd1pkLryoZyR$FWdLl2SLua05S5nLyVcn7hKe2/g=",
        ARGON2, HashingPolicy.argon2id(128, 1, 1));
    assertThat(HASHER.memoryCostKib(wrapped, HashParameterCaps.defaults())).isEqualTo(128);
    assertThat(HASHER.memoryCostKib("$wrap-2b$garbage", HashParameterCaps.defaults())).isZero();
  }

  @Test
  void onlyTheEnabledLegacyIdsClaimTheirWrappedForms() {
    PasswordHashers hashers = PasswordHashers.builtIn().withLegacySchemes(Set.of("2b", "6"));
    assertThat(hashers.forEncodedHash("$wrap-2b$$2b$05$x$v=19$m=64,t=1,p=1$a$b")).isPresent();
    assertThat(hashers.forEncodedHash("$wrap-6$$6$x$v=19$m=64,t=1,p=1$a$b")).isPresent();
    assertThat(hashers.forEncodedHash("$wrap-2y$$2y$05$x$v=19$m=64,t=1,p=1$a$b")).isEmpty();
    assertThat(HASHER.needsRehash(WRAPPED.get(0).encoded(), SMALL)).isTrue();
  }
}
