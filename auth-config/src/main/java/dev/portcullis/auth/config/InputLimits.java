package dev.portcullis.auth.config;

/**
 * Limits on what a caller may submit for verification. Input over a limit is refused as
 * malformed before any hashing, which keeps a megabyte "password" from becoming a denial of
 * service.
 *
 * @param maxPasswordChars longest password in UTF-16 chars; ASVS 6.2.9 asks that at least 64 be
 *     allowed, and the builder refuses less
 * @param maxUsernameChars longest username in UTF-16 chars
 */
public record InputLimits(int maxPasswordChars, int maxUsernameChars) {

  /** The ASVS 6.2.9 minimum for {@link #maxPasswordChars()}. */
  public static final int MIN_ALLOWED_PASSWORD_CHARS = 64;

  private static final InputLimits DEFAULTS = new InputLimits(1024, 256);

  /**
   * Validates that both limits are positive.
   *
   * @throws IllegalArgumentException naming the limit that is not
   */
  public InputLimits {
    if (maxPasswordChars < 1) {
      throw new IllegalArgumentException(
          "maxPasswordChars was " + maxPasswordChars + ", must be at least 1");
    }
    if (maxUsernameChars < 1) {
      throw new IllegalArgumentException(
          "maxUsernameChars was " + maxUsernameChars + ", must be at least 1");
    }
  }

  /** 1024 chars of password, 256 chars of username. */
  public static InputLimits defaults() {
    return DEFAULTS;
  }
}
