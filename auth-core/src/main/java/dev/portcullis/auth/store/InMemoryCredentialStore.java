package dev.portcullis.auth.store;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.FleetRegistry;
import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.StoredCredential;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * A thread-safe credential store in memory, for tests, demos and services that load their users
 * at start-up. Nothing is persisted.
 *
 * <p>{@link #replaceHash} is atomic per user, so rehash-on-login never overwrites a password
 * changed concurrently. {@link #scan()} streams a snapshot ordered by username.
 */
public final class InMemoryCredentialStore
    implements CredentialStore, SharedThrottleState, FleetRegistry {

  private final ConcurrentMap<String, StoredCredential> users = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> metadata = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, FailureCount> failures = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, FleetMember> fleet = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryCredentialStore() {}

  @Override
  public Optional<StoredCredential> find(String username) {
    requireNonNull(username, "username");
    return Optional.ofNullable(users.get(username));
  }

  @Override
  public void put(StoredCredential credential) {
    requireNonNull(credential, "credential");
    users.put(credential.username(), credential);
  }

  @Override
  public boolean create(StoredCredential credential) {
    requireNonNull(credential, "credential");
    return users.putIfAbsent(credential.username(), credential) == null;
  }

  @Override
  public boolean replaceHash(String username, String expectedHash, String newHash) {
    requireNonNull(username, "username");
    requireNonNull(expectedHash, "expectedHash");
    requireNonNull(newHash, "newHash");
    boolean[] replaced = {false};
    users.computeIfPresent(
        username,
        (name, current) -> {
          if (current.encodedHash().equals(expectedHash)) {
            replaced[0] = true;
            return current.withHash(newHash);
          }
          return current;
        });
    return replaced[0];
  }

  @Override
  public boolean delete(String username) {
    requireNonNull(username, "username");
    return users.remove(username) != null;
  }

  @Override
  public Stream<StoredCredential> scan() {
    List<StoredCredential> snapshot = List.copyOf(users.values());
    return snapshot.stream().sorted(Comparator.comparing(StoredCredential::username));
  }

  @Override
  public Optional<String> metadata(String name) {
    requireNonNull(name, "name");
    return Optional.ofNullable(metadata.get(name));
  }

  @Override
  public Optional<String> putMetadataIfAbsent(String name, String value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    String previous = metadata.putIfAbsent(name, value);
    return Optional.of(previous == null ? value : previous);
  }

  @Override
  public java.util.Set<String> metadataNames(String prefix) {
    requireNonNull(prefix, "prefix");
    java.util.Set<String> names = new java.util.TreeSet<>();
    metadata.keySet().stream().filter(name -> name.startsWith(prefix)).forEach(names::add);
    return java.util.Collections.unmodifiableSet(names);
  }

  @Override
  public int recordFailure(String key, long nowMillis, long expiredBeforeMillis) {
    requireNonNull(key, "key");
    return failures
        .compute(
            key,
            (k, count) ->
                count == null || count.lastFailureMillis() < expiredBeforeMillis
                    ? new FailureCount(1, nowMillis)
                    : new FailureCount(count.failures() + 1, nowMillis))
        .failures();
  }

  @Override
  public Optional<FailureCount> failures(String key) {
    requireNonNull(key, "key");
    return Optional.ofNullable(failures.get(key));
  }

  @Override
  public void refund(String key) {
    requireNonNull(key, "key");
    failures.computeIfPresent(
        key,
        (k, count) ->
            count.failures() <= 1
                ? null
                : new FailureCount(count.failures() - 1, count.lastFailureMillis()));
  }

  @Override
  public void reset(String key) {
    requireNonNull(key, "key");
    failures.remove(key);
  }

  /** Number of users. */
  public int size() {
    return users.size();
  }

  @Override
  public String toString() {
    return "InMemoryCredentialStore[users=" + users.size() + "]";
  }

  @Override
  public void heartbeat(FleetMember member) {
    requireNonNull(member, "member");
    fleet.put(member.instanceId(), member);
  }

  @Override
  public boolean leave(String instanceId) {
    return fleet.remove(requireNonNull(instanceId, "instanceId")) != null;
  }

  @Override
  public int removeExpired(Instant heartbeatBefore) {
    requireNonNull(heartbeatBefore, "heartbeatBefore");
    int removed = 0;
    for (FleetMember member : List.copyOf(fleet.values())) {
      if (member.heartbeatAt().isBefore(heartbeatBefore) && fleet.remove(member.instanceId(), member)) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public List<FleetMember> members() {
    return fleet.values().stream()
        .sorted(Comparator.comparing(FleetMember::instanceId))
        .toList();
  }
}
