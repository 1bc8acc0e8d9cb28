package dev.portcullis.auth.config;

/**
 * The opt-in verification cache: after a successful verification, a keyed digest of the password
 * (HMAC-SHA-256 under a random per-process key) bound to the exact stored hash is kept, so that
 * the next login of that user with that password verifies in microseconds. A changed or deleted
 * password misses; a wrong password is never accepted from the cache.
 *
 * @param enabled whether the cache is on (default false: it trades a little exposure, digests in
 *     memory, for speed, and that is the service's call)
 * @param ttlSeconds how long an entry lives after it was written (default 300)
 * @param maxEntries most users cached (default 10000)
 */
public record CachePolicy(boolean enabled, int ttlSeconds, int maxEntries) {

  private static final CachePolicy DEFAULTS = new CachePolicy(false, 300, 10_000);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting out of range
   */
  public CachePolicy {
    if (ttlSeconds < 1 || ttlSeconds > 86_400) {
      throw new IllegalArgumentException("ttlSeconds was " + ttlSeconds + ", allowed is 1 to 86400");
    }
    if (maxEntries < 1 || maxEntries > 10_000_000) {
      throw new IllegalArgumentException(
          "maxEntries was " + maxEntries + ", allowed is 1 to 10000000");
    }
  }

  /** The documented defaults (disabled). */
  public static CachePolicy defaults() {
    return DEFAULTS;
  }
}
