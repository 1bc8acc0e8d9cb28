package dev.portcullis.auth.spi;

import static java.util.Objects.requireNonNull;

/**
 * Stored hashes that differ only in their salt and hash: one scheme, one set of parameters, one
 * pepper key id, one length. The preflight proves a config against one example per class instead
 * of against every hash, which is what makes the check cheap enough to run at every start.
 *
 * <p>The class of a hash is its {@linkplain #prefixOf(String) prefix} (everything before the
 * salt, without the inner salt of a wrapped hash) and its length. A store that can count classes itself (a {@code GROUP BY} in SQL)
 * returns them from {@link CredentialStore#hashClasses()}.
 *
 * @param prefix the hashes' common {@linkplain #prefixOf(String) prefix}, e.g. {@code
 *     $argon2id$v=19$m=19456,t=2,p=1,keyid=k2$}; no salt, no hash
 * @param length the length of each hash, as the store measures it (characters, or bytes: the
 *     same for the ASCII hashes are)
 * @param users how many stored hashes are in the class
 * @param exampleUsername one user of the class
 * @param exampleHash that user's (or another member's) encoded hash, to classify; never logged
 */
public record HashClass(
    String prefix, int length, long users, String exampleUsername, String exampleHash) {

  /** Salt-like segments are at least this long: 8 bytes of salt are 11 base64 characters. */
  private static final int MIN_SALT_CHARS = 11;

  /** How a wrapped legacy hash starts: {@code $wrap-<legacy id>$<legacy setting>$v=19$...}. */
  private static final String WRAPPED = "$wrap-";

  /**
   * @throws NullPointerException if a string is null
   * @throws IllegalArgumentException if users is not positive, or the example is not of the class
   */
  public HashClass {
    requireNonNull(prefix, "prefix");
    requireNonNull(exampleUsername, "exampleUsername");
    requireNonNull(exampleHash, "exampleHash");
    if (users < 1) {
      throw new IllegalArgumentException("users must be positive, was " + users);
    }
    if (!prefixOf(exampleHash).equals(prefix)) {
      throw new IllegalArgumentException("the example hash is not of the class " + prefix);
    }
  }

  /**
   * The part of an encoded hash that names how to verify it, without its salt and hash: for a
   * PHC string everything up to the {@code $} before the salt ({@code
   * $argon2id$v=19$m=19456,t=2,p=1,keyid=k2$}); for other {@code $}-separated formats the text
   * without its last segment, and without the one before it when that looks like a salt (11 or
   * more characters, no {@code =}): {@code $2b$12$}, {@code pbkdf2_sha256$600000$}; for a
   * {@code {id}} prefixed value, {@code {id}}; otherwise (not a hash) the empty string. A prefix
   * of {@code encoded}, except for a wrapped legacy hash ({@code authctl migrate --wrap}): its
   * wrapper, the legacy setting's class and the Argon2 layer's parameters, without either salt
   * ({@code $wrap-6$$6$rounds=20000$v=19$m=19456,t=2,p=1$}), so that wrapped users of one
   * setting share one class.
   *
   * @throws NullPointerException if encoded is null
   */
  public static String prefixOf(String encoded) {
    if (encoded.startsWith(WRAPPED)) {
      int wrapperEnd = encoded.indexOf('$', WRAPPED.length());
      int argon2Layer = encoded.lastIndexOf("$v=");
      if (wrapperEnd > 0 && argon2Layer > wrapperEnd) {
        // salts are base64 without '=': "$v=" can only start the Argon2 layer
        return encoded.substring(0, wrapperEnd + 1)
            + literalPrefixOf(encoded.substring(wrapperEnd + 1, argon2Layer))
            + literalPrefixOf(encoded.substring(argon2Layer)).substring(1);
      }
    }
    return literalPrefixOf(encoded);
  }

  /** The prefix rule for formats that keep their salt in one segment before the hash. */
  private static String literalPrefixOf(String encoded) {
    int last = encoded.lastIndexOf('$');
    if (last < 0) {
      int brace = encoded.indexOf('}');
      return encoded.startsWith("{") && brace > 0 ? encoded.substring(0, brace + 1) : "";
    }
    int previous = encoded.lastIndexOf('$', last - 1);
    if (previous < 0) {
      return encoded.substring(0, last + 1);
    }
    String salt = encoded.substring(previous + 1, last);
    boolean saltLike = salt.length() >= MIN_SALT_CHARS && salt.indexOf('=') < 0;
    return encoded.substring(0, (saltLike ? previous : last) + 1);
  }

  /** The class, its length and count; never the example hash. */
  @Override
  public String toString() {
    return "HashClass[" + prefix + "... (" + length + " chars), users=" + users + "]";
  }
}
