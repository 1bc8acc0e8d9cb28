package dev.portcullis.auth;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;

/** Configs for engine tests: real Argon2id at tiny parameters, so hundreds of tests stay fast. */
final class TestConfigs {
  static final HashingPolicy FAST_ARGON2ID = HashingPolicy.argon2id(64, 1, 1);

  private TestConfigs() {}

  static AuthConfig fast() {
    return with(FAST_ARGON2ID);
  }

  static AuthConfig with(HashingPolicy policy) {
    return AuthConfig.builder()
        .revision("test-1")
        .hashing(policy)
        .pepper(PepperPolicy.none())
        .allowWeakHashing("unit tests need fast hashes; strength is not under test here")
        .build();
  }
}
