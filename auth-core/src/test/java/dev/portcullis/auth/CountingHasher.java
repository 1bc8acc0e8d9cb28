package dev.portcullis.auth;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real hasher with call counters, to observe whether the engine hashed at all (for example the
 * dummy verification of an unknown user). All work is done by the real delegate.
 */
class CountingHasher implements PasswordHasher {
  private final PasswordHasher delegate;
  final AtomicInteger verifications = new AtomicInteger();
  final AtomicInteger hashes = new AtomicInteger();

  CountingHasher(PasswordHasher delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return "counting " + delegate.name();
  }

  @Override
  public Set<String> schemeIds() {
    return delegate.schemeIds();
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    verifications.incrementAndGet();
    return delegate.verify(password, encodedHash, caps);
  }

  @Override
  public int memoryCostKib(String encodedHash, HashParameterCaps caps) {
    return delegate.memoryCostKib(encodedHash, caps);
  }

  @Override
  public int memoryCostKib(HashingPolicy policy) {
    return delegate.memoryCostKib(policy);
  }

  @Override
  public boolean supports(HashingPolicy policy) {
    return delegate.supports(policy);
  }

  @Override
  public String hash(byte[] password, HashingPolicy policy) {
    hashes.incrementAndGet();
    return delegate.hash(password, policy);
  }

  @Override
  public boolean needsRehash(String encodedHash, HashingPolicy policy) {
    return delegate.needsRehash(encodedHash, policy);
  }

  @Override
  public void selfTest() {
    delegate.selfTest();
  }

  void reset() {
    verifications.set(0);
    hashes.set(0);
  }
}
