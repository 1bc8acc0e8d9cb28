package dev.portcullis.auth.cli;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import org.jspecify.annotations.Nullable;

/**
 * The store a config names ({@code store.type}), opened for one command, with an engine over it.
 *
 * <p>Schema creation: {@code authctl init} creates it, and so does {@code user add} on an
 * embedded H2 store (which Portcullis owns: adding the first user to a new directory just works).
 * Every other command, and every command on a {@code store.type = jdbc} database (which its
 * administrators own), only probes it, so that pointing a config at the wrong database fails with
 * "no Portcullis schema in ..." instead of creating tables there.
 */
final class ConfiguredStore implements AutoCloseable {

  /** Whether a command may create the schema. */
  enum Schema {
    PROBE,
    CREATE_IF_EMBEDDED
  }

  final CredentialStore store;
  final Authenticator engine;
  private final @Nullable JdbcCredentialStore jdbc;

  private ConfiguredStore(
      CredentialStore store, @Nullable JdbcCredentialStore jdbc, Authenticator engine) {
    this.store = store;
    this.jdbc = jdbc;
    this.engine = engine;
  }

  /**
   * Opens the store of {@code config} and an engine over it.
   *
   * @throws CommandFailure if the config names no store, or the store cannot be opened, has no
   *     Portcullis schema or another version, or a hasher fails its self-test
   */
  static ConfiguredStore open(AuthConfig config, Schema schema) {
    StorePolicy policy = config.store();
    if (policy.kind() == StorePolicy.Kind.NONE) {
      throw new CommandFailure(
          "the config names no store: set store.type = h2 (with store.h2.directory = data) or"
              + " store.type = jdbc (with store.jdbc.url), or run authctl init");
    }
    // store.type = memory: nothing persists, so only useful to try the commands out
    JdbcCredentialStore jdbc =
        policy.kind() == StorePolicy.Kind.MEMORY ? null : openJdbc(policy, schema);
    CredentialStore store = jdbc == null ? new InMemoryCredentialStore() : jdbc;
    try {
      return new ConfiguredStore(store, jdbc, Authenticator.create(config, store));
    } catch (PreflightException e) {
      if (jdbc != null) {
        jdbc.close();
      }
      throw new CommandFailure(String.valueOf(e.getMessage()));
    }
  }

  private static JdbcCredentialStore openJdbc(StorePolicy policy, Schema schema) {
    JdbcCredentialStore jdbc;
    try {
      jdbc = JdbcStores.open(policy);
    } catch (StoreException e) {
      throw new CommandFailure("cannot open the store: " + e.getMessage());
    }
    try {
      if (schema == Schema.CREATE_IF_EMBEDDED && policy.kind() == StorePolicy.Kind.H2) {
        jdbc.createSchema();
      } else {
        jdbc.probe();
      }
      return jdbc;
    } catch (StoreException e) {
      jdbc.close();
      throw new CommandFailure(String.valueOf(e.getMessage()));
    }
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      if (jdbc != null) {
        jdbc.close();
      }
    }
  }
}
