package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** A test backend that delegates everything; subclasses change one behaviour. */
class ForwardingArgon2Backend implements Argon2Backend {

  private final Argon2Backend delegate;

  ForwardingArgon2Backend(Argon2Backend delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean canCompute(
      Argon2Params params, int saltBytes, boolean hasSecret, boolean hasAssociatedData) {
    return delegate.canCompute(params, saltBytes, hasSecret, hasAssociatedData);
  }

  @Override
  public byte[] rawHash(
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData) {
    return delegate.rawHash(params, password, salt, secret, associatedData);
  }
}
