package dev.portcullis.auth.password;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.PasswordRefusal;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.InputLimits;
import dev.portcullis.auth.config.PasswordPolicy;
import dev.portcullis.auth.internal.PasswordNormalization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a new password against a {@link PasswordPolicy} and the engine's input limit, as NIST
 * SP 800-63B and OWASP ASVS 5.0 V6.2 ask, and returns every reason to refuse it. Nothing else is
 * asked of a password: no composition rules, no expiry.
 *
 * <ul>
 *   <li><b>Length:</b> at least {@code password.min-code-points} code points after NFC
 *       normalization ({@link PasswordRefusal#TOO_SHORT}); at most {@code
 *       input.max-password-chars} UTF-16 chars as submitted and after NFC ({@link
 *       PasswordRefusal#TOO_LONG}), the limit {@code verify} applies, so that every password that
 *       can be set can be verified. A password over the limit is not checked further.
 *   <li><b>Common passwords:</b> exactly one of {@link CommonPasswords}, as a whole and ignoring
 *       case ({@link PasswordRefusal#BLOCKLISTED}).
 *   <li><b>Username and context words:</b> the password contains the username (or the part of an
 *       e-mail username before the {@code @}), or one of {@code password.context-words}, ignoring
 *       case ({@link PasswordRefusal#CONTAINS_USERNAME}, {@link
 *       PasswordRefusal#CONTAINS_CONTEXT_WORD}). A name or word shorter than {@value
 *       #MIN_CONTAINED_CODE_POINTS} code points only counts when it is the whole password, so that
 *       a user called "al" may still choose "totally-algebraic".
 *   <li><b>Repetitive or sequential:</b> the whole password is one character or a group of up
 *       to three repeated ({@code aaaaaaaa}, {@code abababab}), or is made only of runs of at least
 *       three characters, each a repetition, a sequence up or down the alphabet or the digits, or a
 *       stretch of a keyboard row ({@code 12345678}, {@code 1234abcd}, {@code aaaa1111}, {@code
 *       qwertyui}, {@code 87654321}). Only repetitions is {@link PasswordRefusal#REPETITIVE}; any
 *       sequence makes it {@link PasswordRefusal#SEQUENTIAL}.
 * </ul>
 *
 * <p>Comparisons ignore case by mapping each code point to lower case ({@link
 * Character#toLowerCase(int)}), after NFC; the password itself is never changed. The copies made
 * while checking are wiped; the caller owns and should wipe its array. Thread-safe and immutable.
 */
public final class PasswordPolicyChecker {

  /** Names and context words shorter than this only count when they are the whole password. */
  public static final int MIN_CONTAINED_CODE_POINTS = 4;

  /** A run must be this long to count as repetitive or sequential. */
  private static final int MIN_RUN = 3;

  /** A group of up to this many code points, repeated, is repetitive. */
  private static final int MAX_REPEATED_GROUP = 3;

  /** US keyboard rows, unshifted and lower case (the password is folded to lower case). */
  private static final List<int[]> KEYBOARD_ROWS =
      List.of(
          "`1234567890-=".codePoints().toArray(),
          "qwertyuiop[]\\".codePoints().toArray(),
          "asdfghjkl;'".codePoints().toArray(),
          "zxcvbnm,./".codePoints().toArray());

  private final int minCodePoints;
  private final int maxChars;
  private final CommonPasswords commonPasswords;
  private final List<int[]> contextWords;

  /**
   * A checker for this policy, input limit and list of common passwords.
   *
   * @throws NullPointerException if an argument is null
   */
  public PasswordPolicyChecker(
      PasswordPolicy policy, InputLimits inputLimits, CommonPasswords commonPasswords) {
    requireNonNull(policy, "policy");
    this.minCodePoints = policy.minCodePoints();
    this.maxChars = requireNonNull(inputLimits, "inputLimits").maxPasswordChars();
    this.commonPasswords = requireNonNull(commonPasswords, "commonPasswords");
    List<int[]> words = new ArrayList<>();
    for (String word : policy.contextWords()) {
      words.add(foldedCodePoints(word));
    }
    this.contextWords = Collections.unmodifiableList(words);
  }

  /**
   * The checker of a configuration: its password policy and input limit, with the bundled list
   * of common passwords.
   *
   * @throws NullPointerException if config is null
   * @throws PreflightException if the list of common passwords cannot be read
   */
  public static PasswordPolicyChecker of(AuthConfig config) {
    requireNonNull(config, "config");
    CommonPasswords common;
    try {
      common = CommonPasswords.bundled();
    } catch (RuntimeException e) {
      throw new PreflightException("password policy: " + e.getMessage(), e);
    }
    return new PasswordPolicyChecker(config.passwordPolicy(), config.inputLimits(), common);
  }

  /**
   * Every reason to refuse {@code password} as the new password of {@code username}; empty if it
   * is acceptable.
   *
   * @param username the user it is for, matched ignoring case
   * @param password the new password as typed; not modified
   * @return a new, modifiable set in {@link PasswordRefusal} order
   * @throws NullPointerException if an argument is null
   */
  public Set<PasswordRefusal> check(String username, char[] password) {
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    EnumSet<PasswordRefusal> refusals = EnumSet.noneOf(PasswordRefusal.class);
    if (password.length > maxChars) {
      refusals.add(PasswordRefusal.TOO_LONG);
    }
    if (!PasswordNormalization.isValidUnicode(password)) {
      refusals.add(PasswordRefusal.INVALID_UNICODE);
      return refusals;
    }
    if (refusals.contains(PasswordRefusal.TOO_LONG)) {
      return refusals; // bounded work: nothing more is read of an over-long input
    }
    char[] normalized = PasswordNormalization.nfc(password);
    int[] folded = null;
    try {
      if (normalized.length > maxChars) {
        refusals.add(PasswordRefusal.TOO_LONG);
        return refusals;
      }
      folded = foldedCodePoints(normalized);
      if (folded.length < minCodePoints) {
        refusals.add(PasswordRefusal.TOO_SHORT);
      }
      if (isCommon(folded)) {
        refusals.add(PasswordRefusal.BLOCKLISTED);
      }
      if (containsUsername(folded, username)) {
        refusals.add(PasswordRefusal.CONTAINS_USERNAME);
      }
      for (int[] word : contextWords) {
        if (containsName(folded, word)) {
          refusals.add(PasswordRefusal.CONTAINS_CONTEXT_WORD);
          break;
        }
      }
      if (isRepeatedGroup(folded)) {
        refusals.add(PasswordRefusal.REPETITIVE);
      }
      Runs runs = runs(folded);
      if (runs == Runs.REPETITIONS) {
        refusals.add(PasswordRefusal.REPETITIVE);
      } else if (runs == Runs.WITH_SEQUENCE) {
        refusals.add(PasswordRefusal.SEQUENTIAL);
      }
      return refusals;
    } finally {
      if (normalized != password) {
        Arrays.fill(normalized, '\0');
      }
      if (folded != null) {
        Arrays.fill(folded, 0);
      }
    }
  }

  /** The minimum length in code points after NFC. */
  public int minCodePoints() {
    return minCodePoints;
  }

  /** The maximum length in UTF-16 chars, the engine's input limit. */
  public int maxChars() {
    return maxChars;
  }

  private boolean isCommon(int[] folded) {
    char[] chars = new char[folded.length * 2];
    int length = 0;
    try {
      for (int codePoint : folded) {
        length += Character.toChars(codePoint, chars, length);
      }
      return commonPasswords.containsFolded(chars, length);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static boolean containsUsername(int[] folded, String username) {
    int[] name = foldedCodePoints(username);
    if (containsName(folded, name)) {
      return true;
    }
    int at = username.lastIndexOf('@');
    return at > 0 && containsName(folded, foldedCodePoints(username.substring(0, at)));
  }

  /** Contains the name; a short name only counts as the whole password. */
  private static boolean containsName(int[] folded, int[] name) {
    if (name.length == 0) {
      return false;
    }
    if (name.length < MIN_CONTAINED_CODE_POINTS) {
      return Arrays.equals(folded, name);
    }
    return indexOf(folded, name) >= 0;
  }

  private static int indexOf(int[] text, int[] part) {
    outer:
    for (int start = 0; start <= text.length - part.length; start++) {
      for (int i = 0; i < part.length; i++) {
        if (text[start + i] != part[i]) {
          continue outer;
        }
      }
      return start;
    }
    return -1;
  }

  /** One character, or a group of up to three, repeated over the whole password. */
  private static boolean isRepeatedGroup(int[] folded) {
    if (folded.length < MIN_RUN) {
      return false;
    }
    for (int group = 1; group <= MAX_REPEATED_GROUP && group * 2 <= folded.length; group++) {
      if (folded.length % group != 0) {
        continue;
      }
      boolean repeated = true;
      for (int i = group; i < folded.length && repeated; i++) {
        repeated = folded[i] == folded[i - group];
      }
      if (repeated) {
        return true;
      }
    }
    return false;
  }

  /** What the password is made of, if it is made only of runs. */
  private enum Runs {
    NOT_ONLY_RUNS,
    REPETITIONS,
    WITH_SEQUENCE
  }

  /**
   * Splits the password greedily into the longest runs from left to right: a repetition ({@code
   * aaa}), a sequence up or down ({@code abc}, {@code 321}), or a stretch of a keyboard row,
   * forwards or backwards. Only runs of at least {@value #MIN_RUN} count.
   */
  private static Runs runs(int[] folded) {
    if (folded.length < MIN_RUN) {
      return Runs.NOT_ONLY_RUNS;
    }
    boolean sequence = false;
    int start = 0;
    while (start < folded.length) {
      int stepRun = stepRunLength(folded, start);
      int keyboardRun = keyboardRunLength(folded, start);
      int length = Math.max(stepRun, keyboardRun);
      if (length < MIN_RUN) {
        return Runs.NOT_ONLY_RUNS;
      }
      boolean repetition = stepRun == length && folded[start + 1] == folded[start];
      sequence |= !repetition;
      start += length;
    }
    return sequence ? Runs.WITH_SEQUENCE : Runs.REPETITIONS;
  }

  /** Length of the run from {@code start} whose code points differ by one constant step of -1, 0 or 1. */
  private static int stepRunLength(int[] folded, int start) {
    if (start + 1 >= folded.length) {
      return 1;
    }
    int step = folded[start + 1] - folded[start];
    if (step < -1 || step > 1) {
      return 1;
    }
    int end = start + 1;
    while (end + 1 < folded.length && folded[end + 1] - folded[end] == step) {
      end++;
    }
    return end - start + 1;
  }

  /** Length of the longest stretch of a keyboard row, either way, starting at {@code start}. */
  private static int keyboardRunLength(int[] folded, int start) {
    int best = 1;
    for (int[] row : KEYBOARD_ROWS) {
      for (int column = 0; column < row.length; column++) {
        if (row[column] != folded[start]) {
          continue;
        }
        for (int direction = -1; direction <= 1; direction += 2) {
          int length = 1;
          int at = column + direction;
          while (start + length < folded.length && at >= 0 && at < row.length
              && row[at] == folded[start + length]) {
            length++;
            at += direction;
          }
          best = Math.max(best, length);
        }
      }
    }
    return best;
  }

  private static int[] foldedCodePoints(String text) {
    return PasswordNormalization.nfc(text).codePoints().map(Character::toLowerCase).toArray();
  }

  private static int[] foldedCodePoints(char[] normalized) {
    int count = Character.codePointCount(normalized, 0, normalized.length);
    int[] folded = new int[count];
    int index = 0;
    for (int at = 0; at < normalized.length; ) {
      int codePoint = Character.codePointAt(normalized, at);
      folded[index++] = Character.toLowerCase(codePoint);
      at += Character.charCount(codePoint);
    }
    return folded;
  }
}
