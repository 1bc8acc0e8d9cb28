package dev.portcullis.auth.config;

/**
 * How new passwords are hashed: the scheme and every parameter, chosen explicitly.
 *
 * <p>A policy is a plain value (no secret, value equality). Structural impossibilities (zero
 * iterations, a 4-byte salt) are refused by the constructors with an {@link
 * IllegalArgumentException}; whether the parameters are <em>strong enough</em> is checked by
 * {@link AuthConfig.Builder#build()}, which reports it together with every other problem.
 */
public interface HashingPolicy {

  /** The scheme id that hashes written under this policy carry, e.g. {@code argon2id}. */
  String schemeId();

  /**
   * Argon2id with a 16-byte salt and a 32-byte tag, the shape RFC 9106 recommends.
   *
   * @param memoryKib memory per hash in KiB (OWASP's usual minimum is 19456 with 2 iterations)
   * @param iterations passes over memory ({@code t})
   * @param parallelism lanes ({@code p})
   * @throws IllegalArgumentException if the parameters cannot describe an Argon2id hash
   */
  static Argon2idPolicy argon2id(int memoryKib, int iterations, int parallelism) {
    return new Argon2idPolicy(
        memoryKib,
        iterations,
        parallelism,
        Argon2idPolicy.DEFAULT_SALT_BYTES,
        Argon2idPolicy.DEFAULT_TAG_BYTES);
  }

  /**
   * PBKDF2-HMAC-SHA256 with a 16-byte salt and a 32-byte key (OWASP: 600,000 iterations).
   *
   * @throws IllegalArgumentException if {@code iterations} is not positive
   */
  static Pbkdf2Policy pbkdf2Sha256(int iterations) {
    return new Pbkdf2Policy(
        Pbkdf2Policy.Digest.SHA256, iterations, Pbkdf2Policy.DEFAULT_SALT_BYTES, 32);
  }

  /**
   * PBKDF2-HMAC-SHA512 with a 16-byte salt and a 64-byte key (ASVS floor: 210,000 iterations).
   *
   * @throws IllegalArgumentException if {@code iterations} is not positive
   */
  static Pbkdf2Policy pbkdf2Sha512(int iterations) {
    return new Pbkdf2Policy(
        Pbkdf2Policy.Digest.SHA512, iterations, Pbkdf2Policy.DEFAULT_SALT_BYTES, 64);
  }
}
