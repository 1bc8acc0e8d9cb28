package dev.portcullis.auth.hashers;

import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PasswordHasherContract;

/** The PBKDF2 hasher against the shared hasher contract. */
final class Pbkdf2HasherContractTest extends PasswordHasherContract {

  private static final Pbkdf2Hasher HASHER = new Pbkdf2Hasher();

  @Override
  protected PasswordHasher hasher() {
    return HASHER;
  }

  /** Few iterations to keep the suite fast; SHA-512 so the longer digest is exercised. */
  @Override
  protected HashingPolicy policy() {
    return HashingPolicy.pbkdf2Sha512(100);
  }
}
