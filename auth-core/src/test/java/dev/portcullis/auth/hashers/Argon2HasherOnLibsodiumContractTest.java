package dev.portcullis.auth.hashers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PasswordHasherContract;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The Argon2 hasher against the shared hasher contract with a policy libsodium computes (one
 * lane, 16-byte salt), so that the libsodium path (NUL bytes, concurrency, untouched input) is
 * held to the same contract as the argon2-jvm one in {@link Argon2HasherContractTest}.
 */
final class Argon2HasherOnLibsodiumContractTest extends PasswordHasherContract {

  private static final Argon2idPolicy POLICY = HashingPolicy.argon2id(64, 1, 1);
  private static final LibsodiumArgon2Backend LIBSODIUM = new LibsodiumArgon2Backend();
  private static final Argon2Hasher HASHER =
      new Argon2Hasher(
          new DispatchingArgon2Backend(LIBSODIUM, new Argon2JvmBackend()), new SecureRandom());

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  /** Refused on every backend alike, though libsodium could hash one. */
  @Override
  protected boolean acceptsEmptyPassword() {
    return false;
  }

  @Override
  protected HashingPolicy policy() {
    return POLICY;
  }

  @Test
  void policy_isOneLibsodiumComputes() {
    assertThat(LIBSODIUM.canCompute(Argon2Params.of(POLICY), POLICY.saltBytes(), false, false))
        .isTrue();
  }
}
