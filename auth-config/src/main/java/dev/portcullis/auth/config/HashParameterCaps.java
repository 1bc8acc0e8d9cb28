package dev.portcullis.auth.config;

/**
 * Upper bounds on the parameters read from a <em>stored</em> hash, checked before any work is
 * done, so that a planted {@code m=4194304} cannot make the service allocate 4 GiB and a planted
 * {@code t=4000000} cannot pin a core for minutes.
 *
 * <p>The {@linkplain #defaults() defaults} accept what the systems users migrate from write
 * (Django's Argon2 default m=102400 KiB, t=2, p=8; RFC 9106's second recommendation m=64 MiB,
 * t=3, p=4; PBKDF2 at today's OWASP and Django iteration counts) and refuse anything an order of
 * magnitude beyond.
 *
 * @param maxArgon2MemoryKib largest Argon2 {@code m} in KiB
 * @param maxArgon2Iterations largest Argon2 {@code t}
 * @param maxArgon2Parallelism largest Argon2 {@code p}
 * @param maxPbkdf2Iterations largest PBKDF2 iteration count
 * @param maxSaltBytes longest salt
 * @param maxHashBytes longest hash output
 */
public record HashParameterCaps(
    int maxArgon2MemoryKib,
    int maxArgon2Iterations,
    int maxArgon2Parallelism,
    int maxPbkdf2Iterations,
    int maxSaltBytes,
    int maxHashBytes) {

  private static final HashParameterCaps DEFAULTS =
      new HashParameterCaps(262_144, 64, 16, 10_000_000, 64, 64);

  /**
   * Validates that every cap is positive.
   *
   * @throws IllegalArgumentException naming the first cap that is not
   */
  public HashParameterCaps {
    requirePositive("maxArgon2MemoryKib", maxArgon2MemoryKib);
    requirePositive("maxArgon2Iterations", maxArgon2Iterations);
    requirePositive("maxArgon2Parallelism", maxArgon2Parallelism);
    requirePositive("maxPbkdf2Iterations", maxPbkdf2Iterations);
    requirePositive("maxSaltBytes", maxSaltBytes);
    requirePositive("maxHashBytes", maxHashBytes);
  }

  /**
   * The default caps: Argon2 m up to 262144 KiB (256 MiB), t up to 64, p up to 16; PBKDF2 up to
   * 10,000,000 iterations; salt and hash up to 64 bytes.
   */
  public static HashParameterCaps defaults() {
    return DEFAULTS;
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " was " + value + ", must be at least 1");
    }
  }
}
