package dev.portcullis.auth;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.Optional;
import java.util.stream.Stream;

/** A real in-memory store that tests subclass to inject a failure or a race at one point. */
class DelegatingStore implements CredentialStore {
  final InMemoryCredentialStore delegate;

  DelegatingStore() {
    this(new InMemoryCredentialStore());
  }

  DelegatingStore(InMemoryCredentialStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<String> metadata(String name) {
    return delegate.metadata(name);
  }

  @Override
  public java.util.Set<String> metadataNames(String prefix) {
    return delegate.metadataNames(prefix);
  }

  @Override
  public Optional<String> putMetadataIfAbsent(String name, String value) {
    return delegate.putMetadataIfAbsent(name, value);
  }

  @Override
  public Optional<StoredCredential> find(String username) {
    return delegate.find(username);
  }

  @Override
  public void put(StoredCredential credential) {
    delegate.put(credential);
  }

  @Override
  public boolean replaceHash(String username, String expectedHash, String newHash) {
    return delegate.replaceHash(username, expectedHash, newHash);
  }

  @Override
  public boolean delete(String username) {
    return delegate.delete(username);
  }

  @Override
  public Stream<StoredCredential> scan() {
    return delegate.scan();
  }
}
