package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a new password must satisfy when it is set or changed, after NIST SP 800-63B and OWASP
 * ASVS 5.0 V6.2: a minimum length and a blocklist, and nothing else (no composition rules, no
 * expiry). The engine applies it on enrollment and change, never on verification.
 *
 * <p>The length is counted in Unicode code points after NFC normalization, the way a person
 * counts characters: {@code é} is one whether it was typed precomposed or as {@code e} plus a
 * combining accent, and {@code 🔐} is one. The maximum is not set here: it is the engine's input
 * limit ({@link InputLimits#maxPasswordChars()}), so that every password that can be set can also
 * be verified.
 *
 * <p>The blocklist itself (the most common passwords, the username, repetitive and sequential
 * strings) is fixed by the engine; this policy adds the context words of the deployment, such as
 * the service's name, which a password may not contain.
 *
 * @param minCodePoints the shortest password accepted, in code points after NFC: from 8 (NIST
 *     SP 800-63B) to 64 (ASVS 6.2.9 asks that 64 be allowed, so a minimum above it would refuse
 *     what must be accepted); 15 is what 63B-4 asks where the password is the only factor
 * @param contextWords words specific to the deployment (the service's name, the company's),
 *     compared case-insensitively: a password containing one is refused (one shorter than four
 *     code points is refused only when it is the whole password); each 1 to 128 characters,
 *     without commas or surrounding whitespace, no two equal ignoring case, at most 256
 */
public record PasswordPolicy(int minCodePoints, List<String> contextWords) {

  /** The smallest minimum length NIST SP 800-63B allows. */
  public static final int MIN_CODE_POINTS_FLOOR = 8;

  /** The minimum length NIST SP 800-63B-4 asks for when the password is the only factor. */
  public static final int SINGLE_FACTOR_MIN_CODE_POINTS = 15;

  /** The largest minimum length: ASVS 6.2.9 requires that 64 characters be allowed. */
  public static final int MIN_CODE_POINTS_CEILING = 64;

  /** The most context words a policy holds. */
  public static final int MAX_CONTEXT_WORDS = 256;

  /** The longest context word, in chars. */
  public static final int MAX_CONTEXT_WORD_CHARS = 128;

  private static final PasswordPolicy DEFAULTS =
      new PasswordPolicy(MIN_CODE_POINTS_FLOOR, List.of());

  /**
   * Validates the minimum length and every context word, and copies the list.
   *
   * @throws NullPointerException if {@code contextWords} or one of them is null
   * @throws IllegalArgumentException naming the first value out of range, with the range
   */
  public PasswordPolicy {
    if (minCodePoints < MIN_CODE_POINTS_FLOOR || minCodePoints > MIN_CODE_POINTS_CEILING) {
      throw new IllegalArgumentException(
          "minCodePoints was " + minCodePoints + ", allowed is " + MIN_CODE_POINTS_FLOOR + " to "
              + MIN_CODE_POINTS_CEILING);
    }
    contextWords = List.copyOf(requireNonNull(contextWords, "contextWords"));
    if (contextWords.size() > MAX_CONTEXT_WORDS) {
      throw new IllegalArgumentException(
          "contextWords has " + contextWords.size() + " words, at most " + MAX_CONTEXT_WORDS
              + " are allowed");
    }
    Set<String> seen = new HashSet<>();
    for (String word : contextWords) {
      String problem = contextWordProblem(word);
      if (problem != null) {
        throw new IllegalArgumentException("context word \"" + word + "\" " + problem);
      }
      if (!seen.add(word.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "context word \"" + word + "\" is given twice (ignoring case)");
      }
    }
  }

  /** At least 8 code points, no context words. */
  public static PasswordPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * This policy with another minimum length.
   *
   * @throws IllegalArgumentException if it is outside 8 to 64
   */
  public PasswordPolicy withMinCodePoints(int minCodePoints) {
    return new PasswordPolicy(minCodePoints, contextWords);
  }

  /**
   * This policy with other context words.
   *
   * @throws NullPointerException if the list or a word is null
   * @throws IllegalArgumentException if a word is invalid or given twice
   */
  public PasswordPolicy withContextWords(List<String> contextWords) {
    return new PasswordPolicy(minCodePoints, contextWords);
  }

  /** Why a context word is invalid, lower-case, or null if it is valid. */
  static @Nullable String contextWordProblem(String word) {
    requireNonNull(word, "context word");
    if (word.isBlank()) {
      return "is blank";
    }
    if (word.length() > MAX_CONTEXT_WORD_CHARS) {
      return "is " + word.length() + " characters, at most " + MAX_CONTEXT_WORD_CHARS
          + " are allowed";
    }
    if (word.indexOf(',') >= 0) {
      return "contains a comma, which separates words in password.context-words";
    }
    if (!word.equals(word.strip())) {
      return "has surrounding whitespace";
    }
    return null;
  }
}
