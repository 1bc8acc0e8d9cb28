package dev.portcullis.auth.internal;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.HashClass;
import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A credential store whose every call runs under a {@link StoreCallGuard}: each ends within the
 * deadline, or as a {@link dev.portcullis.auth.spi.StoreException}. {@link #scan()} and {@link
 * #hashClasses()} are the exceptions: a census of every stored hash, read outside any single
 * login's deadline (inventory and preflight, never a login).
 *
 * <p>Use {@link #guard} rather than the constructor: a store that also keeps shared throttle
 * state gets a wrapper that guards those calls too.
 */
public class GuardedCredentialStore implements CredentialStore {

  final CredentialStore delegate;
  final StoreCallGuard guard;

  GuardedCredentialStore(CredentialStore delegate, StoreCallGuard guard) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.guard = requireNonNull(guard, "guard");
  }

  /**
   * {@code store} under {@code guard}; implementing {@link SharedThrottleState} if {@code store}
   * does. The built-in in-memory store is returned as it is: it never blocks, and a hand-off to
   * another thread would only add latency to every login.
   *
   * @throws NullPointerException if an argument is null
   */
  public static CredentialStore guard(CredentialStore store, StoreCallGuard guard) {
    if (store instanceof InMemoryCredentialStore) {
      return store;
    }
    return store instanceof SharedThrottleState shared
        ? new GuardedSharedStore(store, shared, guard)
        : new GuardedCredentialStore(store, guard);
  }

  @Override
  public String storeId() {
    return delegate.storeId();
  }

  @Override
  public Optional<StoredCredential> find(String username) {
    return guard.call("find", () -> delegate.find(username));
  }

  @Override
  public void put(StoredCredential credential) {
    guard.run("put", () -> delegate.put(credential));
  }

  @Override
  public boolean create(StoredCredential credential) {
    return guard.call("create", () -> delegate.create(credential));
  }

  @Override
  public boolean replaceHash(String username, String expectedHash, String newHash) {
    return guard.call("replaceHash", () -> delegate.replaceHash(username, expectedHash, newHash));
  }

  @Override
  public boolean delete(String username) {
    return guard.call("delete", () -> delegate.delete(username));
  }

  @Override
  public String probe() {
    return guard.call("probe", delegate::probe);
  }

  @Override
  public List<String> configurationWarnings() {
    return delegate.configurationWarnings();
  }

  @Override
  public Optional<String> metadata(String name) {
    return guard.call("metadata", () -> delegate.metadata(name));
  }

  @Override
  public Optional<String> putMetadataIfAbsent(String name, String value) {
    return guard.call("putMetadataIfAbsent", () -> delegate.putMetadataIfAbsent(name, value));
  }

  @Override
  public Set<String> metadataNames(String prefix) {
    return guard.call("metadataNames", () -> delegate.metadataNames(prefix));
  }

  /** Not under the login deadline, like {@link #scan()}: only the preflight asks for it. */
  @Override
  public Optional<List<HashClass>> hashClasses() {
    return delegate.hashClasses();
  }

  @Override
  public Stream<StoredCredential> scan() {
    return delegate.scan();
  }

  @Override
  public String toString() {
    return "guarded " + delegate.storeId();
  }

  /** The guarded store of a store that keeps shared throttle counters: those are guarded too. */
  static final class GuardedSharedStore extends GuardedCredentialStore
      implements SharedThrottleState {
    private final SharedThrottleState counters;

    GuardedSharedStore(CredentialStore delegate, SharedThrottleState counters, StoreCallGuard guard) {
      super(delegate, guard);
      this.counters = counters;
    }

    @Override
    public int recordFailure(String key, long nowMillis, long expiredBeforeMillis) {
      // a charge that lands after its login was answered STORE_UNAVAILABLE is refunded
      return guard.call(
          "throttle recordFailure",
          () -> counters.recordFailure(key, nowMillis, expiredBeforeMillis),
          count -> counters.refund(key));
    }

    @Override
    public Optional<FailureCount> failures(String key) {
      return guard.call("throttle failures", () -> counters.failures(key));
    }

    @Override
    public void refund(String key) {
      guard.run("throttle refund", () -> counters.refund(key));
    }

    @Override
    public void reset(String key) {
      guard.run("throttle reset", () -> counters.reset(key));
    }
  }
}
