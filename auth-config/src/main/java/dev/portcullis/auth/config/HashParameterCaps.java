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
 * @param maxCostFactor the most a stored hash's estimated verification may cost, as a multiple
 *     of the live policy's own verification (or of OWASP's minimum Argon2id m=19456 t=2 p=1, if
 *     that is higher); default {@value #DEFAULT_MAX_COST_FACTOR}: the heaviest hashes real systems
 *     write (bcrypt 13, about 24x) verify, a hash at every cap at once (hundreds of times) does not
 */
public record HashParameterCaps(
    int maxArgon2MemoryKib,
    int maxArgon2Iterations,
    int maxArgon2Parallelism,
    int maxPbkdf2Iterations,
    int maxSaltBytes,
    int maxHashBytes,
    int maxCostFactor) {

  /** The default {@code hashing.caps.max-cost-factor}. */
  public static final int DEFAULT_MAX_COST_FACTOR = 32;

  /** The largest {@code hashing.caps.max-cost-factor}. */
  public static final int MAX_COST_FACTOR = 1_000_000;

  private static final HashParameterCaps DEFAULTS =
      new HashParameterCaps(262_144, 64, 16, 10_000_000, 64, 64, DEFAULT_MAX_COST_FACTOR);

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
    requirePositive("maxCostFactor", maxCostFactor);
    if (maxCostFactor > MAX_COST_FACTOR) {
      throw new IllegalArgumentException(
          "maxCostFactor was " + maxCostFactor + ", must be at most " + MAX_COST_FACTOR);
    }
  }

  /** Caps with the default {@code maxCostFactor}. */
  public HashParameterCaps(
      int maxArgon2MemoryKib,
      int maxArgon2Iterations,
      int maxArgon2Parallelism,
      int maxPbkdf2Iterations,
      int maxSaltBytes,
      int maxHashBytes) {
    this(maxArgon2MemoryKib, maxArgon2Iterations, maxArgon2Parallelism, maxPbkdf2Iterations,
        maxSaltBytes, maxHashBytes, DEFAULT_MAX_COST_FACTOR);
  }

  /** These caps with another {@code maxCostFactor}. */
  public HashParameterCaps withMaxCostFactor(int factor) {
    return new HashParameterCaps(maxArgon2MemoryKib, maxArgon2Iterations, maxArgon2Parallelism,
        maxPbkdf2Iterations, maxSaltBytes, maxHashBytes, factor);
  }

  /**
   * The default caps: Argon2 m up to 262144 KiB (256 MiB), t up to 64, p up to 16; PBKDF2 up to
   * 10,000,000 iterations; salt and hash up to 64 bytes; estimated cost up to 32 times the live
   * policy's.
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
