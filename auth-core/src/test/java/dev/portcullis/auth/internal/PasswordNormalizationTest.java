package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class PasswordNormalizationTest {

  @Test
  void nfcIfDifferent_composesADecomposedAccent() {
    char[] decomposed = "cafe\u0301".toCharArray();

    assertThat(PasswordNormalization.nfcIfDifferent(decomposed))
        .containsExactly("caf\u00e9".toCharArray());
    assertThat(decomposed).as("the argument is untouched")
        .containsExactly("cafe\u0301".toCharArray());
  }

  @Test
  void nfcIfDifferent_isNullForTextAlreadyInNfc() {
    assertThat(PasswordNormalization.nfcIfDifferent("correct horse".toCharArray())).isNull();
    assertThat(PasswordNormalization.nfcIfDifferent("caf\u00e9 пароль 🔐".toCharArray())).isNull();
    assertThat(PasswordNormalization.nfcIfDifferent(new char[0])).isNull();
  }

  @Test
  void nfc_returnsTheSameArrayWhenNothingChanges() {
    char[] ascii = "  Spaces And CASE kept  ".toCharArray();

    assertThat(PasswordNormalization.nfc(ascii)).isSameAs(ascii);
  }

  @Test
  void nfc_changesNothingButTheNormalForm() {
    // Hangul jamo compose into a syllable; the Angstrom sign is a singleton that NFC replaces
    assertThat(PasswordNormalization.nfc(" \u1100\u1161 \u212B X ".toCharArray()))
        .containsExactly(" \uAC00 \u00C5 X ".toCharArray());
  }

  @Test
  void isValidUnicode_refusesUnpairedSurrogates() {
    assertThat(PasswordNormalization.isValidUnicode("a🔐b".toCharArray())).isTrue();
    assertThat(PasswordNormalization.isValidUnicode(new char[] {'a', '\uD800'})).isFalse();
    assertThat(PasswordNormalization.isValidUnicode(new char[] {'\uDC00', 'a'})).isFalse();
    assertThat(PasswordNormalization.isValidUnicode(new char[] {'\uD800', 'a'})).isFalse();
  }

  @Test
  void nfcIfDifferent_invalidUnicode_isRefusedWithoutTheText() {
    assertThatThrownBy(() -> PasswordNormalization.nfcIfDifferent(new char[] {'s', 'e', '\uDC00'}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password is not valid Unicode (unpaired surrogate)");
  }
}
