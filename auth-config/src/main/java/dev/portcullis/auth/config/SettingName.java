package dev.portcullis.auth.config;

import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tells a well-formed setting name from text that only sits where a name should be, and
 * describes the latter by its shape, never by its content.
 *
 * <p>Why: a line {@code pepper.keys.k1: c2VjcmV0...=} (a colon for the equals sign) or a bare
 * base64 key appended by a script parses as a "key" ending at the key's own padding {@code =}.
 * Echoing that "key" as an unknown setting would print the secret in the error, in the deployment
 * log and in every tool that parses the problems. A real setting name is short, lower-case-ish
 * words joined by dots, so anything else is reported as "not a setting name (44 characters,
 * looks like base64)".
 */
final class SettingName {

  /** Dot-separated words of letters, digits, {@code -} and {@code _}; at least two words. */
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z0-9_-]{1,40}(\\.[A-Za-z0-9_-]{1,40}){1,7}");

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
  private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");

  private SettingName() {}

  /**
   * True if {@code text} has the shape of a setting name: dot-separated words, or within two
   * edits of a known key (which covers the one-word keys {@code revision} and {@code pepper}). Whether the setting exists is another
   * question, answered (with a "did you mean") by the loader.
   */
  static boolean isWellFormed(String text, Set<String> knownKeys) {
    return text.length() <= 128
        && (DOTTED.matcher(text).matches() || knownKeys.stream().anyMatch(key -> isNear(text, key)));
  }

  /**
   * A misspelling of a key ({@code revison}, {@code configschema}), which deserves a "did you
   * mean"; a secret is never within two edits of a setting name.
   */
  private static boolean isNear(String text, String knownKey) {
    return text.length() <= knownKey.length() + 2
        && AuthConfigLoader.editDistance(text, knownKey) <= 2;
  }

  /**
   * The shape of text that is not a setting name, e.g. {@code 44 characters, looks like base64},
   * safe to print because it holds none of the text's characters.
   */
  static String shapeOf(String text) {
    StringBuilder shape = new StringBuilder().append(text.length())
        .append(text.length() == 1 ? " character" : " characters");
    if (text.length() >= 16 && HEX.matcher(text).matches()) {
      shape.append(", looks like hex");
    } else if (text.length() >= 16 && BASE64.matcher(text).matches()) {
      shape.append(", looks like base64");
    } else if (text.chars().anyMatch(Character::isWhitespace)) {
      shape.append(", contains spaces");
    }
    return shape.toString();
  }

  /**
   * The setting a line like {@code pepper.keys.k1: value} meant, when the text before the first
   * {@code :} is a well-formed name; null otherwise. That part is a name, not the secret, so it
   * may be shown.
   */
  static @Nullable String beforeColon(String text, Set<String> knownKeys) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String name = text.substring(0, colon).strip();
    return isWellFormed(name, knownKeys) ? name : null;
  }
}
