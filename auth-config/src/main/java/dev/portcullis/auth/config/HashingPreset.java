package dev.portcullis.auth.config;

import java.util.Optional;

/**
 * Named hashing policies from the OWASP Password Storage Cheat Sheet and ASVS 5.0. A preset is
 * an explicit choice (configuration key {@code hashing.preset}), never a fallback.
 */
public enum HashingPreset {
  /** Argon2id m=47104 KiB, t=1, p=1. */
  OWASP_ARGON2ID_M47104_T1("owasp-argon2id-m47104-t1", HashingPolicy.argon2id(47_104, 1, 1)),
  /** Argon2id m=19456 KiB, t=2, p=1: OWASP's usual minimum. */
  OWASP_ARGON2ID_M19456_T2("owasp-argon2id-m19456-t2", HashingPolicy.argon2id(19_456, 2, 1)),
  /** Argon2id m=12288 KiB, t=3, p=1. */
  OWASP_ARGON2ID_M12288_T3("owasp-argon2id-m12288-t3", HashingPolicy.argon2id(12_288, 3, 1)),
  /** PBKDF2-HMAC-SHA256, 600,000 iterations (OWASP), for FIPS deployments. */
  OWASP_PBKDF2_SHA256("owasp-pbkdf2-sha256", HashingPolicy.pbkdf2Sha256(600_000)),
  /** PBKDF2-HMAC-SHA512, 210,000 iterations (ASVS 5.0 floor), for FIPS deployments. */
  ASVS_PBKDF2_SHA512("asvs-pbkdf2-sha512", HashingPolicy.pbkdf2Sha512(210_000));

  private final String id;
  private final HashingPolicy policy;

  HashingPreset(String id, HashingPolicy policy) {
    this.id = id;
    this.policy = policy;
  }

  /** The name used in configuration files, e.g. {@code owasp-argon2id-m19456-t2}. */
  public String id() {
    return id;
  }

  /** The policy this preset stands for. */
  public HashingPolicy policy() {
    return policy;
  }

  /** The preset with this configuration name. */
  public static Optional<HashingPreset> byId(String id) {
    for (HashingPreset preset : values()) {
      if (preset.id.equals(id)) {
        return Optional.of(preset);
      }
    }
    return Optional.empty();
  }
}
