package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.spi.VerifyOnlyHasherContract;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DjangoHasherTest extends VerifyOnlyHasherContract {

  private static final DjangoHasher HASHER = new DjangoHasher();

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  @Override
  protected List<KnownAnswer> knownAnswers() {
    return LegacyVectors.load("django.tsv").stream()
        .filter(v -> !v.schemeId().equals("argon2"))
        .filter(v -> !v.tool().contains("default"))
        .map(v -> new KnownAnswer(v.password(), v.encoded()))
        .toList();
  }

  private static String first(String scheme) {
    return LegacyVectors.load("django.tsv").stream()
        .filter(v -> v.schemeId().equals(scheme))
        .findFirst().orElseThrow().encoded();
  }

  @Test
  void verify_iterationsOverTheCap_areRejectedBeforeAnyWork() {
    String[] fields = first("pbkdf2_sha256").split("\\$");
    String planted = "pbkdf2_sha256$2000000000$" + fields[2] + "$" + fields[3];

    UnverifiableHashException e = assertUnverifiable(planted);

    assertThat(e.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(e.getMessage()).contains("2000000000").contains("max-pbkdf2-iterations");
  }

  @Test
  void verify_saltOverTheCap_isRejected() throws UnverifiableHashException {
    HashParameterCaps smallSalts = new HashParameterCaps(262_144, 64, 16, 10_000_000, 16, 64);

    UnverifiableHashException e = assertUnverifiable(first("pbkdf2_sha1"), smallSalts);

    assertThat(e.reason()).isEqualTo(PARAMETERS_REJECTED);
  }

  @Test
  void verify_bcryptSha256CostOverTheCap_isRejected() {
    String planted = first("bcrypt_sha256").replace("$2b$05$", "$2b$20$");

    assertThat(assertUnverifiable(planted).reason()).isEqualTo(PARAMETERS_REJECTED);
  }

  @Test
  void verify_malformed_isRefused() {
    String[] f = first("pbkdf2_sha256").split("\\$");
    String sha1Hash = first("pbkdf2_sha1").split("\\$")[3];
    for (String bad :
        List.of(
            "pbkdf2_sha256$" + f[1] + "$$" + f[3], // empty salt
            "pbkdf2_sha256$0$" + f[2] + "$" + f[3],
            "pbkdf2_sha256$01000$" + f[2] + "$" + f[3],
            "pbkdf2_sha256$-1$" + f[2] + "$" + f[3],
            "pbkdf2_sha256$abc$" + f[2] + "$" + f[3],
            "pbkdf2_sha256$" + f[1] + "$" + f[2] + "$" + f[3].replace("=", ""), // no padding
            "pbkdf2_sha256$" + f[1] + "$" + f[2] + "$" + f[3].substring(0, 40) + "*==",
            "pbkdf2_sha256$" + f[1] + "$" + f[2] + "$" + sha1Hash, // 20 bytes under sha256
            "pbkdf2_sha256$" + f[1] + "$" + f[2],
            "bcrypt_sha256$" + first("bcrypt_sha256").substring("bcrypt_sha256$$".length()),
            "bcrypt_sha256$$2b$05$tooShort")) {
      assertThat(assertUnverifiable(bad).reason()).as(bad).isEqualTo(MALFORMED);
    }
  }
}
