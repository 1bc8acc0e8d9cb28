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
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger log = LoggerFactory.getLogger(GuardedCredentialStore.class);

  final CredentialStore delegate;
  private final LongAdder lateWrites = new LongAdder();
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
    guard.call("put", () -> {
      delegate.put(credential);
      return true;
    }, landed -> landedLate("put"));
  }

  @Override
  public boolean create(StoredCredential credential) {
    return guard.call("create", () -> delegate.create(credential),
        created -> landedLate(created ? "create" : null));
  }

  @Override
  public boolean replaceHash(String username, String expectedHash, String newHash) {
    return guard.call("replaceHash", () -> delegate.replaceHash(username, expectedHash, newHash),
        replaced -> landedLate(replaced ? "replaceHash" : null));
  }

  @Override
  public boolean delete(String username) {
    return guard.call("delete", () -> delegate.delete(username),
        deleted -> landedLate(deleted ? "delete" : null));
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

  /**
   * A credential write whose caller was told it failed (its deadline passed) took effect after
   * all, once the stall ended: nothing can take a password change back safely, so the operator is
   * told (without the username, which stays out of logs) and the count is kept; a {@code null}
   * operation means the write changed nothing.
   */
  private void landedLate(@Nullable String operation) {
    if (operation != null) {
      lateWrites.increment();
      log.warn("store {}: a {} took effect after its caller was told it failed"
          + " (store.call-timeout-millis passed first): that account did change",
          delegate.storeId(), operation);
    }
  }

  /** Credential writes that took effect after their caller was told they failed. */
  public long writesLandedLate() {
    return lateWrites.sum();
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
