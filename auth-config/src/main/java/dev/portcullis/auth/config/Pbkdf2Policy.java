package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

/**
 * PBKDF2-HMAC (RFC 8018) parameters for new hashes, for deployments that need a FIPS-approved
 * function. Argon2id is preferred everywhere else.
 *
 * @param digest the HMAC digest
 * @param iterations iteration count, at least 1
 * @param saltBytes random salt length, 16 to 64 bytes
 * @param keyBytes derived key length, 16 bytes up to the digest's output length (longer keys cost
 *     the defender more than the attacker)
 */
public record Pbkdf2Policy(Digest digest, int iterations, int saltBytes, int keyBytes)
    implements HashingPolicy {

  /** A 128-bit salt, as NIST SP 800-132 recommends. */
  public static final int DEFAULT_SALT_BYTES = 16;

  /** The HMAC digest of a PBKDF2 hash, with the scheme id its hashes carry. */
  public enum Digest {
    /** HMAC-SHA-256, scheme id {@code pbkdf2-sha256}. */
    SHA256("pbkdf2-sha256", "HmacSHA256", 32),
    /** HMAC-SHA-512, scheme id {@code pbkdf2-sha512}. */
    SHA512("pbkdf2-sha512", "HmacSHA512", 64);

    private final String schemeId;
    private final String macAlgorithm;
    private final int outputBytes;

    Digest(String schemeId, String macAlgorithm, int outputBytes) {
      this.schemeId = schemeId;
      this.macAlgorithm = macAlgorithm;
      this.outputBytes = outputBytes;
    }

    /** The PHC id, e.g. {@code pbkdf2-sha256}. */
    public String schemeId() {
      return schemeId;
    }

    /** The JCA name of the HMAC, e.g. {@code HmacSHA256}. */
    public String macAlgorithm() {
      return macAlgorithm;
    }

    /** The smallest iteration count accepted: OWASP's 600,000 for SHA-256, ASVS's 210,000 for SHA-512. */
    public int floorIterations() {
      return this == SHA256 ? 600_000 : 210_000;
    }

    /** The digest's output length in bytes. */
    public int outputBytes() {
      return outputBytes;
    }
  }

  /**
   * Validates the parameters.
   *
   * @throws NullPointerException if digest is null
   * @throws IllegalArgumentException naming the parameter, its value and the allowed range
   */
  public Pbkdf2Policy {
    requireNonNull(digest, "digest");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations was " + iterations + ", must be at least 1");
    }
    if (saltBytes < 16 || saltBytes > 64) {
      throw new IllegalArgumentException("saltBytes was " + saltBytes + ", allowed is 16 to 64");
    }
    if (keyBytes < 16 || keyBytes > digest.outputBytes()) {
      throw new IllegalArgumentException(
          "keyBytes was " + keyBytes + ", allowed is 16 to " + digest.outputBytes());
    }
  }

  @Override
  public String schemeId() {
    return digest.schemeId();
  }
}
