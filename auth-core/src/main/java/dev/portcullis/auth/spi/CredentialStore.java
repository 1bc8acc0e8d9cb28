package dev.portcullis.auth.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where users' credentials live. Implementations must be thread-safe; every infrastructure
 * failure is a {@link StoreException}. Every implementation should pass the shared {@code
 * CredentialStoreContract} test suite.
 */
public interface CredentialStore {

  /**
   * A short, stable id for telemetry, e.g. {@code postgres:auth@db1}; never a password or a URL
   * with credentials. Defaults to the class's simple name.
   */
  default String storeId() {
    return getClass().getSimpleName();
  }

  /**
   * Looks a user up by exact username.
   *
   * @throws StoreException if the store cannot answer
   */
  Optional<StoredCredential> find(String username);

  /**
   * Creates the user or replaces their credential (a password set or reset).
   *
   * @throws StoreException if the store cannot answer
   */
  void put(StoredCredential credential);

  /**
   * Creates the user only if no user of that name exists, atomically (an import or an
   * enrollment must never overwrite an account created meanwhile). The default checks, then
   * writes, which is not atomic: stores should override it (the built-in stores do).
   *
   * @return true if created, false if the username was taken
   * @throws StoreException if the store cannot answer
   */
  default boolean create(StoredCredential credential) {
    if (find(credential.username()).isPresent()) {
      return false;
    }
    put(credential);
    return true;
  }

  /**
   * Compare-and-set of a user's hash: replaces it only if it is still exactly {@code
   * expectedHash}. This is how rehash-on-login writes, so that a password changed in between is
   * never overwritten and two concurrent logins never both write.
   *
   * @return true if replaced, false if the user is gone or the hash has changed
   * @throws StoreException if the store cannot answer
   */
  boolean replaceHash(String username, String expectedHash, String newHash);

  /**
   * Deletes a user.
   *
   * @return true if the user existed
   * @throws StoreException if the store cannot answer
   */
  boolean delete(String username);

  /**
   * Proves the store can answer, for the preflight's store check: for example a round trip to
   * the database and a check of its schema version. The default looks up a username that cannot
   * exist.
   *
   * @return a one-line description for the preflight report, e.g. {@code PostgreSQL 16.4,
   *     schema 1}; never a password or a URL with credentials
   * @throws StoreException if the store cannot answer, or answers with the wrong schema (the
   *     message says what was found and what is needed)
   */
  default String probe() {
    find("\u0000portcullis-probe");
    return storeId() + " answers";
  }

  /**
   * Problems in how this store is set up that do not stop it answering now but would hurt in an
   * outage, for the preflight's store check to report as warnings: for example a JDBC data source
   * with no connect or socket timeout, whose calls would hang for as long as the network stalls
   * (the engine's {@code store.call-timeout-millis} still bounds every login, but each stuck call
   * holds a helper thread). The default has none.
   *
   * @return one line per problem, naming the setting to add; never a password or a URL with
   *     credentials
   */
  default List<String> configurationWarnings() {
    return List.of();
  }

  /**
   * A value the engine recorded in this store, such as a pepper key's check value; empty if none
   * was recorded or the store keeps no metadata.
   *
   * @throws StoreException if the store cannot answer
   */
  default Optional<String> metadata(String name) {
    return Optional.empty();
  }

  /**
   * Records {@code value} under {@code name} unless a value is already recorded, atomically
   * (several instances may race to record the first use of a pepper key).
   *
   * @return the value now recorded: {@code value}, or the one recorded before; empty if the
   *     store keeps no metadata (the default)
   * @throws StoreException if the store cannot answer
   */
  default Optional<String> putMetadataIfAbsent(String name, String value) {
    return Optional.empty();
  }

  /**
   * The names of every value recorded with {@link #putMetadataIfAbsent} that start with {@code
   * prefix}: the preflight lists the pepper key ids the store has recorded this way, so a key
   * that stored hashes use is never dropped from a keyring unnoticed. The default, for stores
   * that keep no metadata, is empty.
   *
   * @throws StoreException if the store cannot answer
   */
  default Set<String> metadataNames(String prefix) {
    return Set.of();
  }

  /**
   * Every {@linkplain HashClass class} of stored hash with its count, computed by the store
   * itself (for example one {@code GROUP BY} in SQL), so that the preflight can prove at every
   * start that each class still verifies without reading every hash. The default is empty: the
   * preflight then scans (see {@code preflight.inventory-sample}).
   *
   * @return every class, with exact counts; empty if the store cannot aggregate, or if the
   *     stored hashes fall into too many classes to be worth it (the caller then scans)
   * @throws StoreException if the store cannot answer
   */
  default Optional<List<HashClass>> hashClasses() {
    return Optional.empty();
  }

  /**
   * Streams every credential, for inventory and preflight. The caller must close the stream; an
   * implementation over a database streams rather than loading everything.
   *
   * @throws StoreException if the store cannot answer
   */
  Stream<StoredCredential> scan();
}
