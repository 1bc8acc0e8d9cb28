package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.portcullis.auth.spi.PasswordHasher;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry's legacy schemes: off unless chosen, exactly the chosen ids, unknown ids named. */
final class PasswordHashersLegacyTest {

  private static final String BCRYPT_2B = "$2b$04$Va2T/j.qMjosQTSWPQ9Ez.U7hMopHJt2FbvPgZZZmO7daF3eLEQWy";

  @Test
  void builtInAndDiscover_includeNoLegacyScheme() {
    for (PasswordHashers hashers : new PasswordHashers[] {PasswordHashers.builtIn(), PasswordHashers.discover()}) {
      for (String id : PasswordHashers.legacySchemeIds()) {
        assertThat(hashers.forEncodedHash(id.startsWith("pbkdf2_") || id.equals("bcrypt_sha256")
                ? id + "$x" : "{" + id + "}x"))
            .as(id).isEmpty();
      }
      assertThat(hashers.forEncodedHash(BCRYPT_2B)).isEmpty();
    }
  }

  @Test
  void withLegacySchemes_registersExactlyTheChosenIds() {
    PasswordHashers hashers = PasswordHashers.builtIn().withLegacySchemes(Set.of("2b", "pbkdf2_sha256"));

    assertThat(hashers.forEncodedHash(BCRYPT_2B)).isPresent();
    assertThat(hashers.forEncodedHash("$2y$" + BCRYPT_2B.substring(4))).isEmpty();
    assertThat(hashers.forEncodedHash("pbkdf2_sha256$1000$salt$x")).isPresent();
    assertThat(hashers.forEncodedHash("pbkdf2_sha1$1000$salt$x")).isEmpty();
    assertThat(hashers.forEncodedHash("$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA"))
        .isPresent();
  }

  @Test
  void withLegacySchemes_unknownIds_areNamedWithTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordHashers.builtIn().withLegacySchemes(Set.of("2b", "md5", "apr1")))
        .withMessageContaining("[apr1, md5]")
        .withMessageContaining("known:")
        .withMessageContaining("pbkdf2@SpringSecurity_v5_8");
  }

  @Test
  void builtInWithAllLegacySchemes_knowsEveryLegacySchemeId() {
    PasswordHashers all = PasswordHashers.builtInWithAllLegacySchemes();

    assertThat(PasswordHashers.legacySchemeIds())
        .contains("2a", "2b", "2y", "5", "6", "pbkdf2_sha256", "pbkdf2_sha1", "argon2",
            "bcrypt_sha256", "bcrypt", "argon2@SpringSecurity_v5_8", "pbkdf2@SpringSecurity_v5_8",
            "noop");
    assertThat(all.all().stream().flatMap(h -> h.schemeIds().stream()))
        .containsAll(PasswordHashers.legacySchemeIds());
    all.all().forEach(hasher -> hasher.selfTest());
  }

  @ParameterizedTest
  @MethodSource("legacyIds")
  void eachLegacySchemeAlone_passesItsSelfTest(String schemeId) {
    PasswordHashers one = PasswordHashers.builtIn().withLegacySchemes(Set.of(schemeId));

    one.all().forEach(PasswordHasher::selfTest);
  }

  static Stream<String> legacyIds() {
    return PasswordHashers.legacySchemeIds().stream().sorted();
  }
}
