package dev.portcullis.auth.password;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.internal.PasswordNormalization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The most common passwords, matched exactly on the whole password and ignoring case (OWASP ASVS
 * 6.2.4 asks for at least the top 3000).
 *
 * <p>The data is not typed by hand: it is the first {@value #RANKED_ENTRIES} lines of the ranked
 * list {@value #RESOURCE} that the {@code me.gosimple:nbvcxz} library ships (MIT licence), most
 * common first, as nbvcxz itself uses it. (nbvcxz appends two unranked entries after its ranked
 * list; they are not part of the ranking and are not taken.) The list is read once per class
 * loader, folded (NFC, then each code point to lower case) and de-duplicated, and kept as one
 * sorted {@code char[]} with its offsets, about 1.7 MB; a lookup is a binary search of 17 steps,
 * a fraction of a microsecond (see {@code PasswordPolicyBenchmark}).
 *
 * <p>Reading the list takes about 0.2 s on a cold JVM; an {@code Authenticator} does it when it
 * is created (once per class loader), so that a missing list stops start-up rather than the
 * first enrollment. Thread-safe and immutable.
 */
public final class CommonPasswords {

  /** The class-path resource the list is read from, in nbvcxz's jar. */
  public static final String RESOURCE = "dictionaries/passwords.txt";

  /** How many of the ranked list's lines are taken: all of its ranked entries. */
  public static final int RANKED_ENTRIES = 100_000;

  private static volatile @Nullable CommonPasswords bundled;

  /** Every entry, folded, sorted as {@link String#compareTo} sorts, back to back. */
  private final char[] chars;

  /** Where entry {@code i} starts in {@link #chars}; {@code offsets[size]} is the end. */
  private final int[] offsets;

  private final String source;

  private CommonPasswords(List<String> sortedFolded, String source) {
    int total = 0;
    for (String entry : sortedFolded) {
      total += entry.length();
    }
    this.chars = new char[total];
    this.offsets = new int[sortedFolded.size() + 1];
    int at = 0;
    for (int index = 0; index < sortedFolded.size(); index++) {
      String entry = sortedFolded.get(index);
      offsets[index] = at;
      entry.getChars(0, entry.length(), chars, at);
      at += entry.length();
    }
    offsets[sortedFolded.size()] = at;
    this.source = source;
  }

  /**
   * The list from nbvcxz's jar, read on first use and shared.
   *
   * @throws IllegalStateException if the resource is not on the class path or holds fewer than
   *     {@value #RANKED_ENTRIES} lines (nbvcxz missing or changed)
   */
  public static CommonPasswords bundled() {
    CommonPasswords local = bundled;
    if (local == null) {
      synchronized (CommonPasswords.class) {
        local = bundled;
        if (local == null) {
          local = readBundled();
          bundled = local;
        }
      }
    }
    return local;
  }

  private static CommonPasswords readBundled() {
    ClassLoader loader = CommonPasswords.class.getClassLoader();
    InputStream stream = loader == null ? null : loader.getResourceAsStream(RESOURCE);
    if (stream == null) {
      throw new IllegalStateException(
          "the common-password list " + RESOURCE + " is not on the class path; it comes with"
              + " the dependency me.gosimple:nbvcxz, which must not be excluded");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, UTF_8))) {
      return fromRankedList(reader, RANKED_ENTRIES, "nbvcxz " + RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the common-password list " + RESOURCE, e);
    }
  }

  /**
   * The first {@code top} entries of a ranked list, one password per line, most common first
   * (line endings {@code \n} or {@code \r\n}; empty lines are skipped).
   *
   * @throws IllegalStateException if the list holds fewer than {@code top} entries
   */
  static CommonPasswords fromRankedList(BufferedReader reader, int top, String source)
      throws IOException {
    List<String> folded = new ArrayList<>(top);
    String line;
    while (folded.size() < top && (line = reader.readLine()) != null) {
      if (!line.isEmpty()) {
        folded.add(fold(line));
      }
    }
    if (folded.size() < top) {
      throw new IllegalStateException(
          "the common-password list " + source + " holds " + folded.size() + " entries, "
              + top + " were expected");
    }
    Collections.sort(folded);
    List<String> unique = new ArrayList<>(folded.size());
    for (String entry : folded) {
      if (unique.isEmpty() || !unique.get(unique.size() - 1).equals(entry)) {
        unique.add(entry);
      }
    }
    return new CommonPasswords(unique, source + ", top " + top);
  }

  /**
   * True if the password, as a whole and ignoring case, is one of the common passwords. It is
   * normalized to NFC first, like every password Portcullis hashes.
   *
   * @throws NullPointerException if password is null
   */
  public boolean contains(CharSequence password) {
    requireNonNull(password, "password");
    String folded = fold(password);
    return containsFolded(folded.toCharArray(), folded.length());
  }

  /** The lookup on an already folded password, the first {@code length} chars of the array. */
  boolean containsFolded(char[] folded, int length) {
    int low = 0;
    int high = offsets.length - 2;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int comparison = compareEntry(middle, folded, length);
      if (comparison < 0) {
        low = middle + 1;
      } else if (comparison > 0) {
        high = middle - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** Compares entry {@code index} with the key, as {@link String#compareTo} would. */
  private int compareEntry(int index, char[] key, int keyLength) {
    int start = offsets[index];
    int entryLength = offsets[index + 1] - start;
    int common = Math.min(entryLength, keyLength);
    for (int i = 0; i < common; i++) {
      char a = chars[start + i];
      char b = key[i];
      if (a != b) {
        return a - b;
      }
    }
    return entryLength - keyLength;
  }

  /** Distinct entries after folding (fewer than the lines read: "Password" is "password"). */
  public int size() {
    return offsets.length - 1;
  }

  /** Where the list came from and how much of it was taken, for logs and reports. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "CommonPasswords[" + source + ", " + size() + " distinct]";
  }

  /** NFC, then each code point to lower case, as the policy checker folds a password. */
  static String fold(CharSequence text) {
    String plain = text.toString();
    if (isBelowCombining(plain)) {
      // the common case (the whole bundled list): already NFC, no surrogates, so the loop is
      // what the general path below computes, without its allocations
      char[] folded = new char[plain.length()];
      for (int i = 0; i < folded.length; i++) {
        folded[i] = Character.toLowerCase(plain.charAt(i));
      }
      return new String(folded);
    }
    String normalized = PasswordNormalization.nfc(plain);
    StringBuilder folded = new StringBuilder(normalized.length());
    normalized.codePoints().map(Character::toLowerCase).forEach(folded::appendCodePoint);
    return folded.toString();
  }

  /** Text below U+0300 is NFC as it is (see {@link PasswordNormalization}). */
  private static boolean isBelowCombining(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= '\u0300') {
        return false;
      }
    }
    return true;
  }
}
