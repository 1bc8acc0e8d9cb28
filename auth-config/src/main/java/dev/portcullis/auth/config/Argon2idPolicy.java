package dev.portcullis.auth.config;

/**
 * Argon2id (RFC 9106, version 0x13) parameters for new hashes.
 *
 * @param memoryKib memory per hash in KiB ({@code m}); at least 8 per lane
 * @param iterations passes over memory ({@code t}), at least 1
 * @param parallelism lanes ({@code p}), 1 to 16,777,215
 * @param saltBytes random salt length, 16 to 48 bytes
 * @param tagBytes output length, 16 to 64 bytes
 */
public record Argon2idPolicy(
    int memoryKib, int iterations, int parallelism, int saltBytes, int tagBytes)
    implements HashingPolicy {

  /** RFC 9106 recommends a 128-bit salt. */
  public static final int DEFAULT_SALT_BYTES = 16;

  /** RFC 9106 recommends a 256-bit tag. */
  public static final int DEFAULT_TAG_BYTES = 32;

  /** Scheme id of the hashes this policy writes. */
  public static final String SCHEME_ID = "argon2id";

  /**
   * Validates the parameters.
   *
   * @throws IllegalArgumentException naming the parameter, its value and the allowed range
   */
  public Argon2idPolicy {
    if (parallelism < 1 || parallelism > 0xFF_FFFF) {
      throw new IllegalArgumentException(
          "parallelism was " + parallelism + ", allowed is 1 to 16777215");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations was " + iterations + ", must be at least 1");
    }
    if (memoryKib < 8L * parallelism) {
      throw new IllegalArgumentException(
          "memoryKib was "
              + memoryKib
              + ", must be at least 8 per lane (8 * "
              + parallelism
              + " = "
              + 8L * parallelism
              + ")");
    }
    if (saltBytes < 16 || saltBytes > 48) {
      throw new IllegalArgumentException("saltBytes was " + saltBytes + ", allowed is 16 to 48");
    }
    if (tagBytes < 16 || tagBytes > 64) {
      throw new IllegalArgumentException("tagBytes was " + tagBytes + ", allowed is 16 to 64");
    }
  }

  /**
   * The smallest memory the OWASP Password Storage Cheat Sheet and ASVS 5.0 Appendix C accept for
   * this many passes: t=1 needs 47104 KiB, t=2 19456, t >= 3 12288. {@link AuthConfig} refuses
   * less unless a reason is given.
   */
  public static int floorMemoryKib(int iterations) {
    return iterations <= 1 ? 47_104 : iterations == 2 ? 19_456 : 12_288;
  }

  @Override
  public String schemeId() {
    return SCHEME_ID;
  }
}
