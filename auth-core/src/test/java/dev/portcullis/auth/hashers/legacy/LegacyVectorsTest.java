package dev.portcullis.auth.hashers.legacy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hash the real tools wrote (htpasswd, mkpasswd, Python's bcrypt, Django 3.2, Spring Security
 * 7.1; see the README beside the vectors) verifies through the registry exactly as the tool does.
 */
final class LegacyVectorsTest {

  private static final PasswordHashers HASHERS = PasswordHashers.builtInWithAllLegacySchemes();
  private static final HashParameterCaps CAPS = HashParameterCaps.defaults();

  static Stream<LegacyVectors> vectors() {
    return LegacyVectors.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void verify_toolWrittenHash_matchesItsPasswordOnly(LegacyVectors vector)
      throws UnverifiableHashException {
    PasswordHasher hasher = HASHERS.forEncodedHash(vector.encoded()).orElseThrow();
    assertThat(PasswordHashers.schemeIdOf(vector.encoded())).hasValue(vector.schemeId());

    assertThat(hasher.verify(utf8(vector.password()), vector.encoded(), CAPS)).isTrue();
    assertThat(hasher.verify(utf8("x" + vector.password().substring(1)), vector.encoded(), CAPS))
        .isFalse();
    assertThat(hasher.verify(utf8(vector.password() + "!"), vector.encoded(), CAPS))
        .as("a longer password matches only where bcrypt ignored it: past byte 72")
        .isEqualTo(readsOnly72Bytes(vector) && utf8(vector.password()).length >= 72);
  }

  /** The preflight inventory reads the store without passwords: every tool's hash passes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void checkEncoded_toolWrittenHash_passes(LegacyVectors vector) {
    PasswordHasher hasher = HASHERS.forEncodedHash(vector.encoded()).orElseThrow();

    org.assertj.core.api.Assertions.assertThatCode(
            () -> hasher.checkEncoded(vector.encoded(), CAPS))
        .doesNotThrowAnyException();
  }

  /** bcrypt keys Blowfish with the first 72 bytes: the tools stored hashes of only those. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void verify_longPassword_bcryptReadsOnlyTheFirst72Bytes(LegacyVectors vector)
      throws UnverifiableHashException {
    if (!vector.password().equals(LegacyVectors.LONG_94)) {
      return;
    }
    PasswordHasher hasher = HASHERS.forEncodedHash(vector.encoded()).orElseThrow();
    String first72 = LegacyVectors.LONG_94.substring(0, 72);

    assertThat(hasher.verify(utf8(first72), vector.encoded(), CAPS))
        .isEqualTo(readsOnly72Bytes(vector));
    assertThat(hasher.verify(utf8(first72 + "something else"), vector.encoded(), CAPS))
        .isEqualTo(readsOnly72Bytes(vector));
    assertThat(hasher.verify(utf8(first72.substring(0, 71)), vector.encoded(), CAPS)).isFalse();
  }

  @Test
  void vectors_coverEveryLegacySchemeButNoop_andNonAsciiAndLongPasswords() {
    Set<String> covered =
        vectors().map(LegacyVectors::schemeId).collect(Collectors.toCollection(java.util.TreeSet::new));

    assertThat(covered).containsAll(PasswordHashers.legacySchemeIds().stream()
        .filter(id -> !id.equals("noop")).collect(Collectors.toSet()));
    assertThat(vectors().map(LegacyVectors::password))
        .contains("pässwörd é", "emoji 🔒🐙 pass", LegacyVectors.LONG_94);
  }

  /** bcrypt, Spring's {bcrypt}; not Django's bcrypt_sha256, which hashes first. */
  private static boolean readsOnly72Bytes(LegacyVectors vector) {
    return Set.of("2a", "2b", "2y", "bcrypt").contains(vector.schemeId());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
