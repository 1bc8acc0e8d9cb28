package dev.portcullis.auth.cli;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.PreflightPolicy;
import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The store a config names ({@code store.type}), opened for one command, with an engine over it.
 *
 * <p>Schema creation: {@code authctl init} creates it, and so does {@code user add} on an
 * embedded H2 store (which Portcullis owns: adding the first user to a new directory just works).
 * Every other command, and every command on a {@code store.type = jdbc} database (which its
 * administrators own), only probes it, so that pointing a config at the wrong database fails with
 * "no Portcullis schema in ..." instead of creating tables there. The dry run of a command that
 * would create it ({@code import --dry-run}) creates nothing, not even the H2 files, and reads such
 * a store as empty.
 */
final class ConfiguredStore implements AutoCloseable {

  /** Whether a command may create the schema. */
  enum Schema {
    PROBE,
    CREATE_IF_EMBEDDED,
    /**
     * The dry run of a {@link #CREATE_IF_EMBEDDED} command: writes nothing, and an embedded store
     * without a schema (or without its database file) is read as empty, see {@link
     * #schemaWouldBeCreated}.
     */
    DRY_RUN_OF_CREATE_IF_EMBEDDED
  }

  /** What a management command checks before it touches the store. */
  private static final Set<PreflightPolicy.Check> MANAGEMENT_CHECKS =
      EnumSet.of(
          PreflightPolicy.Check.CONFIG,
          PreflightPolicy.Check.HASHERS,
          PreflightPolicy.Check.PEPPER,
          PreflightPolicy.Check.STORE);

  final CredentialStore store;
  final Authenticator engine;
  /** A dry run stands in an empty store for an embedded one whose schema it would create. */
  final boolean schemaWouldBeCreated;
  private final @Nullable JdbcCredentialStore jdbc;

  private ConfiguredStore(
      CredentialStore store, @Nullable JdbcCredentialStore jdbc, Authenticator engine) {
    this.store = store;
    this.jdbc = jdbc;
    this.engine = engine;
    this.schemaWouldBeCreated = false;
  }

  private ConfiguredStore(CredentialStore store, Authenticator engine, boolean schemaWouldBeCreated) {
    this.store = store;
    this.jdbc = null;
    this.engine = engine;
    this.schemaWouldBeCreated = schemaWouldBeCreated;
  }

  /**
   * Opens the store of {@code config} and an engine over it.
   *
   * @throws CommandFailure if the config names no store, or the store cannot be opened, has no
   *     Portcullis schema or another version, or a hasher fails its self-test
   */
  static ConfiguredStore open(AuthConfig config, Schema schema) {
    requireStore(config);
    StorePolicy policy = config.store();
    // store.type = memory: nothing persists, so only useful to try the commands out
    JdbcCredentialStore jdbc =
        policy.kind() == StorePolicy.Kind.MEMORY ? null : openJdbc(policy, schema);
    boolean schemaWouldBeCreated = jdbc == null && policy.kind() == StorePolicy.Kind.H2;
    CredentialStore store = jdbc == null ? new InMemoryCredentialStore() : jdbc;
    try {
      // Canaries and the inventory are authctl check's business: user add must work before the
      // canary account exists, and must not scan a million users first.
      Authenticator engine =
          Authenticator.builder(config, store).preflightOnCreate(MANAGEMENT_CHECKS)
              .joinFleet(false) // a tool is not an instance of the service
              .build();
      return schemaWouldBeCreated
          ? new ConfiguredStore(store, engine, true)
          : new ConfiguredStore(store, jdbc, engine);
    } catch (PreflightException e) {
      if (jdbc != null) {
        jdbc.close();
      }
      throw new CommandFailure(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Opens the store of {@code config} without probing it, and an engine over it that ran no
   * preflight check, for {@code authctl check} and {@code inventory}, which run the checks
   * themselves and report every result (a store that does not answer is one of them). A config
   * that names no store gets an empty in-memory store: {@link #configured} is then false.
   *
   * @throws StoreException if the store cannot even be opened (a missing driver, say)
   * @throws PreflightException if a hasher fails its self-test or cannot load
   */
  static ConfiguredStore openForPreflight(AuthConfig config) {
    StorePolicy policy = config.store();
    JdbcCredentialStore jdbc = null;
    CredentialStore store;
    if (policy.kind() == StorePolicy.Kind.NONE || policy.kind() == StorePolicy.Kind.MEMORY) {
      store = new InMemoryCredentialStore();
    } else {
      if (embeddedDatabaseMissing(policy)) {
        // opening it would create an empty database where the config wrongly points
        throw new StoreException(noEmbeddedDatabase(policy));
      }
      jdbc = JdbcStores.open(policy);
      store = jdbc;
    }
    try {
      Authenticator engine =
          Authenticator.builder(config, store).preflightOnCreate(Set.of())
              .joinFleet(false) // a tool is not an instance of the service
              .build();
      return new ConfiguredStore(store, jdbc, engine);
    } catch (RuntimeException e) {
      if (jdbc != null) {
        jdbc.close();
      }
      throw e;
    }
  }

  /** Whether the config names a store (rather than leaving it to the application's code). */
  static boolean configured(AuthConfig config) {
    return config.store().kind() != StorePolicy.Kind.NONE;
  }

  /**
   * For the commands that only make sense against a store.
   *
   * @throws CommandFailure naming the settings to add if the config names no store
   */
  static void requireStore(AuthConfig config) {
    if (!configured(config)) {
      throw new CommandFailure(
          "the config names no store: set store.type = h2 (with store.h2.directory = data) or"
              + " store.type = jdbc (with store.jdbc.url), or run authctl init");
    }
  }

  /** Whether the config names an embedded H2 database whose file does not exist (yet). */
  private static boolean embeddedDatabaseMissing(StorePolicy policy) {
    Path directory = policy.h2Directory();
    return policy.kind() == StorePolicy.Kind.H2
        && directory != null
        && !Files.exists(directory.resolve(JdbcStores.H2_DATABASE_NAME + ".mv.db"));
  }

  private static String noEmbeddedDatabase(StorePolicy policy) {
    return "no embedded H2 database in " + policy.h2Directory()
        + ": wrong store.h2.directory, or run authctl init";
  }

  /** The store, or null where a dry run reads an embedded store without a schema as empty. */
  private static @Nullable JdbcCredentialStore openJdbc(StorePolicy policy, Schema schema) {
    boolean dryRunOfEmbedded =
        schema == Schema.DRY_RUN_OF_CREATE_IF_EMBEDDED && policy.kind() == StorePolicy.Kind.H2;
    if (embeddedDatabaseMissing(policy)) {
      if (dryRunOfEmbedded) {
        return null; // opening it would create the database files the dry run must not write
      }
      if (schema == Schema.PROBE) {
        // a command that only reads must not create a database where the config wrongly points
        throw new CommandFailure(noEmbeddedDatabase(policy));
      }
    }
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
      String message = String.valueOf(e.getMessage());
      // JdbcCredentialStore.probe's documented message for a database without the tables
      if (dryRunOfEmbedded && message.startsWith("no Portcullis schema in ")) {
        return null;
      }
      throw new CommandFailure(message);
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
