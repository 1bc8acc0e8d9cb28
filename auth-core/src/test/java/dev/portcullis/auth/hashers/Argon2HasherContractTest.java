package dev.portcullis.auth.hashers;

import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PasswordHasherContract;

/** The Argon2 hasher on the real native library against the shared hasher contract. */
final class Argon2HasherContractTest extends PasswordHasherContract {

  private static final Argon2Hasher HASHER = new Argon2Hasher();

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  /** Refused as documented: argon2-jvm's advanced call cannot pass an empty password. */
  @Override
  protected boolean acceptsEmptyPassword() {
    return false;
  }

  /** Cheap, but with two lanes so that parallelism is exercised. */
  @Override
  protected HashingPolicy policy() {
    return HashingPolicy.argon2id(256, 1, 2);
  }
}
