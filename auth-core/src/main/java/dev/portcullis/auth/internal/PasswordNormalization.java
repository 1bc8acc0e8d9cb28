package dev.portcullis.auth.internal;

import java.nio.CharBuffer;
import java.text.Normalizer;
import org.jspecify.annotations.Nullable;

/**
 * The one place where Portcullis decides how a password's text is normalized: Unicode NFC
 * (NIST SP 800-63B-4), so that {@code é} typed precomposed (U+00E9) and typed as {@code e} plus a
 * combining acute accent (U+0065 U+0301) are the same password. Nothing else is changed: no
 * trimming, truncation or case change (OWASP ASVS 6.2.8).
 *
 * <p>Work is avoided where it can be: text below U+0300 (ASCII, Latin-1, Latin Extended) is
 * always NFC and is returned as is, without a copy. Where the text must change, {@link
 * java.text.Normalizer} produces an immutable {@code String} on the way, which cannot be wiped;
 * the arrays returned here can and should be.
 */
public final class PasswordNormalization {

  /** Below this code point no character composes, decomposes or reorders under NFC. */
  private static final char FIRST_COMBINING = '\u0300';

  private PasswordNormalization() {}

  /** True if every surrogate in the text is part of a pair, so that it has a UTF-8 form. */
  public static boolean isValidUnicode(char[] text) {
    for (int index = 0; index < text.length; index++) {
      char c = text[index];
      if (Character.isHighSurrogate(c)) {
        if (index + 1 == text.length || !Character.isLowSurrogate(text[index + 1])) {
          return false;
        }
        index++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The NFC form of a password as a new array, or null if the password already is in NFC (the
   * common case). The caller wipes the returned array.
   *
   * @throws IllegalArgumentException if the text is not valid Unicode (the message never holds it)
   */
  public static char @Nullable [] nfcIfDifferent(char[] password) {
    if (!isValidUnicode(password)) {
      throw new IllegalArgumentException("password is not valid Unicode (unpaired surrogate)");
    }
    if (isBelowCombining(password)) {
      return null;
    }
    CharBuffer view = CharBuffer.wrap(password);
    if (Normalizer.isNormalized(view, Normalizer.Form.NFC)) {
      return null;
    }
    return Normalizer.normalize(view, Normalizer.Form.NFC).toCharArray();
  }

  /**
   * The NFC form of a password: a new array when it had to change, otherwise the argument itself.
   * Compare the result with the argument by identity to know whether to wipe it.
   *
   * @throws IllegalArgumentException if the text is not valid Unicode
   */
  public static char[] nfc(char[] password) {
    char[] normalized = nfcIfDifferent(password);
    return normalized == null ? password : normalized;
  }

  /** The NFC form of a non-secret text, such as a username or a context word. */
  public static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  private static boolean isBelowCombining(char[] text) {
    for (char c : text) {
      if (c >= FIRST_COMBINING) {
        return false;
      }
    }
    return true;
  }
}
