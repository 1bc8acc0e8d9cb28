package dev.portcullis.auth.jdbc;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.FleetRegistry;
import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CredentialStore} and {@link SharedThrottleState} in a relational database reached
 * through a {@link DataSource}: H2 (embedded, the default for trying Portcullis out) or
 * PostgreSQL (production, several service instances on one database). The dialect is detected
 * from the database's metadata; any other database is refused.
 *
 * <p><b>Schema.</b> The tables ({@code portcullis_credentials}, {@code portcullis_metadata},
 * {@code portcullis_throttle} and {@code portcullis_schema_version}) are created only by an
 * explicit {@link #createSchema()}, which is idempotent; services that run their own migrations
 * apply the same SQL file instead: {@code dev/portcullis/auth/jdbc/schema/postgresql.sql} or
 * {@code h2.sql} in this jar ({@link #schemaSql(String)}). {@link #probe()} checks the schema
 * version, so a store pointed at the wrong database fails the preflight rather than every login.
 *
 * <p><b>Behaviour.</b> Every statement has the query timeout given at creation. {@link
 * #replaceHash} is a single conditional {@code UPDATE}; {@link #putMetadataIfAbsent} and {@link
 * #recordFailure} are atomic across connections and instances. {@link #scan()} streams with a
 * fetch size, holding one connection until the stream is closed. Every {@link SQLException}
 * becomes a {@link StoreException} naming the operation, the {@link #storeId()} and the
 * SQLState, never a username's hash, a password or the database password (driver messages,
 * which can echo bound values, are kept only for connection failures).
 *
 * <p><b>Connections.</b> Pass a pooled {@link DataSource} in a service (HikariCP or your
 * container's): the store opens one connection per operation and closes it at once. {@link
 * JdbcStores#open} builds an unpooled one from a config for the command line.
 */
public final class JdbcCredentialStore
    implements CredentialStore, SharedThrottleState, FleetRegistry, AutoCloseable {

  /** The schema version this code reads and writes. */
  public static final int SCHEMA_VERSION = 1;

  private static final Logger log = LoggerFactory.getLogger(JdbcCredentialStore.class);
  private static final int SCAN_FETCH_SIZE = 500;
  private static final int MAX_ATTEMPTS = 20;
  private static final String SCHEMA_RESOURCE_PREFIX = "/dev/portcullis/auth/jdbc/";

  private final DataSource dataSource;
  private final int queryTimeoutSeconds;
  private final Dialect dialect;
  private final String storeId;
  private final String product;
  private final @Nullable AutoCloseable resources;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final JdbcFleetRegistry fleet;

  JdbcCredentialStore(
      DataSource dataSource,
      int queryTimeoutSeconds,
      @Nullable AutoCloseable resources,
      String where) {
    this.dataSource = dataSource;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    this.resources = resources;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      this.dialect = Dialect.of(metaData.getDatabaseProductName());
      this.storeId = storeId(dialect, String.valueOf(metaData.getURL()));
      this.product = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
    } catch (SQLException e) {
      throw failure("connect", where, e);
    }
    this.fleet = new JdbcFleetRegistry(dataSource, queryTimeoutSeconds, dialect, storeId);
  }

  /**
   * A store over {@code dataSource}; connects once to detect the database.
   *
   * @param queryTimeout how long one statement may take, at least 1 s (whole seconds, rounded
   *     up: JDBC's unit)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if queryTimeout is under 1 s
   * @throws StoreException if the database cannot be reached or is neither H2 nor PostgreSQL
   */
  public static JdbcCredentialStore create(DataSource dataSource, Duration queryTimeout) {
    requireNonNull(dataSource, "dataSource");
    requireNonNull(queryTimeout, "queryTimeout");
    if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "queryTimeout must be at least 1 second, was " + queryTimeout);
    }
    long seconds = queryTimeout.toSeconds() + (queryTimeout.toNanosPart() > 0 ? 1 : 0);
    return new JdbcCredentialStore(
        dataSource, (int) Math.min(seconds, Integer.MAX_VALUE), null, "the database");
  }

  /** A store that closes {@code resources} (for example an embedded database) when closed. */
  static JdbcCredentialStore owning(
      DataSource dataSource, int queryTimeoutSeconds, AutoCloseable resources, String where) {
    try {
      return new JdbcCredentialStore(dataSource, queryTimeoutSeconds, resources, where);
    } catch (RuntimeException e) {
      try {
        resources.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * The schema of a database as SQL statements ending with {@code ;}, for services that apply it
   * with their own migration tool.
   *
   * @param database {@code h2} or {@code postgresql}
   * @throws IllegalArgumentException for another database
   */
  public static String schemaSql(String database) {
    requireNonNull(database, "database");
    Dialect dialect;
    try {
      dialect = Dialect.of(database);
    } catch (StoreException e) {
      throw new IllegalArgumentException(
          "database must be h2 or postgresql, was \"" + database + "\"", e);
    }
    String resource = SCHEMA_RESOURCE_PREFIX + dialect.schemaResource();
    try (InputStream in = JdbcCredentialStore.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing from the jar: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + resource, e);
    }
  }

  /**
   * Creates the tables if they do not exist and records the schema version; idempotent. Run by
   * {@code authctl init}, or by a service at start-up if it owns its database.
   *
   * @return what {@link #probe()} says afterwards
   * @throws StoreException if the database refuses, or holds another schema version
   */
  public String createSchema() {
    List<String> statements = statements(schemaSql(dialect.id));
    try (Connection connection = connection()) {
      connection.setAutoCommit(false);
      try {
        for (String sql : statements) {
          try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            statement.execute(sql);
          }
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("createSchema", e);
    }
    log.info("Portcullis schema {} present in {}", SCHEMA_VERSION, storeId);
    return probe();
  }

  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (stripped.endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  /** {@code h2:/path/to/portcullis} or {@code postgresql:database@host:port}: no user or password. */
  @Override
  public String storeId() {
    return storeId;
  }

  /**
   * A round trip that reads the schema version.
   *
   * @return e.g. {@code PostgreSQL 16.4, Portcullis schema 1 in postgresql:auth@db1:5432}
   * @throws StoreException if the database cannot answer, has no Portcullis tables ("no
   *     Portcullis schema in ...: wrong database, or run createSchema()/authctl init"), or holds
   *     another schema version (the message says which it found and which it needs)
   */
  @Override
  public String probe() {
    int version;
    try (Connection connection = connection();
        PreparedStatement statement =
            prepare(connection, "SELECT version FROM portcullis_schema_version WHERE id = 1");
        ResultSet result = statement.executeQuery()) {
      if (!result.next()) {
        throw new StoreException(
            "the Portcullis schema in " + storeId + " has no version row: run createSchema() or"
                + " apply the schema SQL again");
      }
      version = result.getInt(1);
    } catch (SQLException e) {
      throw failure("probe", e);
    }
    if (version != SCHEMA_VERSION) {
      throw new StoreException(
          storeId + " holds Portcullis schema version " + version + ", this Portcullis needs"
              + " version " + SCHEMA_VERSION);
    }
    return product + ", Portcullis schema " + version + " in " + storeId;
  }

  @Override
  public Optional<StoredCredential> find(String username) {
    requireNonNull(username, "username");
    try (Connection connection = connection();
        PreparedStatement statement =
            prepare(
                connection,
                "SELECT username, password_hash, disabled FROM portcullis_credentials"
                    + " WHERE username = ?")) {
      statement.setString(1, username);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(credential(result)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("find", e);
    }
  }

  @Override
  public void put(StoredCredential credential) {
    requireNonNull(credential, "credential");
    withRetry(
        "put",
        connection -> {
          try (PreparedStatement statement = prepare(connection, dialect.upsertCredential)) {
            statement.setString(1, credential.username());
            statement.setString(2, credential.encodedHash());
            statement.setBoolean(3, credential.disabled());
            statement.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            statement.executeUpdate();
          }
          return Boolean.TRUE;
        });
  }

  /** A plain {@code INSERT}: the primary key refuses a taken username, in any dialect. */
  @Override
  public boolean create(StoredCredential credential) {
    requireNonNull(credential, "credential");
    try (Connection connection = connection();
        PreparedStatement statement = prepare(connection,
            "INSERT INTO portcullis_credentials (username, password_hash, disabled, updated_at)"
                + " VALUES (?, ?, ?, ?)")) {
      statement.setString(1, credential.username());
      statement.setString(2, credential.encodedHash());
      statement.setBoolean(3, credential.disabled());
      statement.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
      statement.executeUpdate();
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // unique violation: the username is taken
      }
      throw failure("create", e);
    }
  }

  /** One conditional {@code UPDATE ... WHERE username = ? AND password_hash = ?}. */
  @Override
  public boolean replaceHash(String username, String expectedHash, String newHash) {
    requireNonNull(username, "username");
    requireNonNull(expectedHash, "expectedHash");
    requireNonNull(newHash, "newHash");
    return update(
            "replaceHash",
            "UPDATE portcullis_credentials SET password_hash = ?, updated_at = ?"
                + " WHERE username = ? AND password_hash = ?",
            newHash, OffsetDateTime.now(ZoneOffset.UTC), username, expectedHash)
        == 1;
  }


  @Override
  public boolean delete(String username) {
    requireNonNull(username, "username");
    return update("delete", "DELETE FROM portcullis_credentials WHERE username = ?", username)
        == 1;
  }


  /**
   * Streams every credential with a fetch size, in constant memory, over one connection held
   * (in a read-only transaction, which PostgreSQL needs for a cursor) until the stream is closed.
   */
  @Override
  public Stream<StoredCredential> scan() {
    Connection connection = connection();
    PreparedStatement statement = null;
    try {
      connection.setAutoCommit(false);
      statement =
          connection.prepareStatement(
              "SELECT username, password_hash, disabled FROM portcullis_credentials",
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY);
      statement.setQueryTimeout(queryTimeoutSeconds);
      statement.setFetchSize(SCAN_FETCH_SIZE);
      ResultSet result = statement.executeQuery();
      PreparedStatement open = statement;
      Spliterator<StoredCredential> rows =
          new Spliterators.AbstractSpliterator<StoredCredential>(
              Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super StoredCredential> action) {
              try {
                if (!result.next()) {
                  return false;
                }
                action.accept(credential(result));
                return true;
              } catch (SQLException e) {
                throw failure("scan", e);
              }
            }
          };
      return StreamSupport.stream(rows, false)
          .onClose(() -> closeScan(result, open, connection));
    } catch (SQLException e) {
      StoreException failure = failure("scan", e);
      closeScan(null, statement, connection);
      throw failure;
    }
  }

  private void closeScan(
      @Nullable ResultSet result, @Nullable Statement statement, Connection connection) {
    try (connection) {
      try {
        if (result != null) {
          result.close();
        }
        if (statement != null) {
          statement.close();
        }
        connection.rollback(); // read-only: nothing to commit, ends the cursor's transaction
      } finally {
        connection.setAutoCommit(true); // a pooled connection goes back as it came
      }
    } catch (SQLException e) {
      // the rows were read; a connection that fails while closing is the pool's business
      log.debug("closing a scan of {} failed: SQLState {}", storeId, e.getSQLState());
    }
  }

  @Override
  public Optional<String> metadata(String name) {
    requireNonNull(name, "name");
    try (Connection connection = connection()) {
      return readMetadata(connection, name);
    } catch (SQLException e) {
      throw failure("metadata", e);
    }
  }

  private Optional<String> readMetadata(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement =
        prepare(connection, "SELECT value_text FROM portcullis_metadata WHERE name = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
      }
    }
  }

  /** Names are filtered here too: {@code LIKE} treats {@code _} in a prefix as a wildcard. */
  @Override
  public java.util.Set<String> metadataNames(String prefix) {
    requireNonNull(prefix, "prefix");
    java.util.Set<String> names = new java.util.TreeSet<>();
    try (Connection connection = connection();
        PreparedStatement statement =
            prepare(connection, "SELECT name FROM portcullis_metadata WHERE name LIKE ?")) {
      statement.setString(1, prefix.replace("%", "_") + "%");
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          String name = result.getString(1);
          if (name.startsWith(prefix)) {
            names.add(name);
          }
        }
      }
    } catch (SQLException e) {
      throw failure("metadataNames", e);
    }
    return java.util.Collections.unmodifiableSet(names);
  }

  /** Two aggregate queries in one read-only transaction (see {@link HashClassQuery}). */
  @Override
  public Optional<java.util.List<dev.portcullis.auth.spi.HashClass>> hashClasses() {
    try (Connection connection = connection()) {
      return new HashClassQuery(dialect, queryTimeoutSeconds).run(connection);
    } catch (SQLException e) {
      throw failure("hashClasses", e);
    }
  }

  /** An insert that does nothing if the name exists (rows are never updated), then a read. */
  @Override
  public Optional<String> putMetadataIfAbsent(String name, String value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    String insert =
        dialect == Dialect.POSTGRESQL
            ? "INSERT INTO portcullis_metadata (name, value_text) VALUES (?, ?)"
                + " ON CONFLICT (name) DO NOTHING"
            : "INSERT INTO portcullis_metadata (name, value_text) SELECT ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM portcullis_metadata WHERE name = ?)";
    return withRetry(
        "putMetadataIfAbsent",
        connection -> {
          try (PreparedStatement statement = prepare(connection, insert)) {
            statement.setString(1, name);
            statement.setString(2, value);
            if (dialect == Dialect.H2) {
              statement.setString(3, name);
            }
            statement.executeUpdate();
          }
          return readMetadata(connection, name);
        });
  }

  /**
   * One {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING} on PostgreSQL; on H2 an update,
   * an insert if there was no row, and a read of the row this transaction holds locked.
   */
  @Override
  public int recordFailure(String key, long nowMillis, long expiredBeforeMillis) {
    requireNonNull(key, "key");
    int count = countFailure(key, nowMillis, expiredBeforeMillis);
    purgeExpiredThrottleRows(nowMillis, expiredBeforeMillis);
    return count;
  }

  /**
   * Deletes the throttle rows whose last failure is older than the engine's expiry, at most once
   * per {@value #THROTTLE_PURGE_INTERVAL_MILLIS} ms of its clock per store object, so that a
   * credential-stuffing run of distinct usernames and addresses cannot grow the table beyond
   * what is still live. Best effort: a failed purge is logged and tried again a minute later.
   */
  private void purgeExpiredThrottleRows(long nowMillis, long expiredBeforeMillis) {
    long last = lastThrottlePurgeMillis.get();
    if (last != Long.MIN_VALUE && nowMillis - last < THROTTLE_PURGE_INTERVAL_MILLIS
        || !lastThrottlePurgeMillis.compareAndSet(last, nowMillis)) {
      return;
    }
    try (Connection connection = connection();
        PreparedStatement statement =
            prepare(connection, "DELETE FROM portcullis_throttle WHERE last_failure_millis < ?")) {
      statement.setLong(1, expiredBeforeMillis);
      int purged = statement.executeUpdate();
      log.debug("purged {} expired throttle rows from {}", purged, storeId);
    } catch (SQLException e) {
      log.warn("purging expired throttle rows from {} failed: SQLState {}", storeId, e.getSQLState());
    } catch (StoreException e) {
      log.warn("purging expired throttle rows from {} failed: {}", storeId, e.getMessage());
    }
  }

  static final long THROTTLE_PURGE_INTERVAL_MILLIS = 60_000;
  private final java.util.concurrent.atomic.AtomicLong lastThrottlePurgeMillis =
      new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

  private int countFailure(String key, long nowMillis, long expiredBeforeMillis) {
    String upsert = dialect.recordFailure;
    if (upsert != null) {
      try (Connection connection = connection();
          PreparedStatement statement = prepare(connection, upsert)) {
        statement.setString(1, key);
        statement.setLong(2, nowMillis);
        statement.setLong(3, expiredBeforeMillis);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          return result.getInt(1);
        }
      } catch (SQLException e) {
        throw failure("recordFailure", e);
      }
    }
    return withRetry(
        "recordFailure",
        connection -> {
          connection.setAutoCommit(false);
          try {
            int count = recordFailureInTransaction(connection, key, nowMillis, expiredBeforeMillis);
            connection.commit();
            return count;
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        });
  }

  private int recordFailureInTransaction(
      Connection connection, String key, long nowMillis, long expiredBeforeMillis)
      throws SQLException {
    int updated;
    try (PreparedStatement update =
        prepare(
            connection,
            "UPDATE portcullis_throttle SET failures = CASE WHEN last_failure_millis < ? THEN 1"
                + " ELSE failures + 1 END, last_failure_millis = GREATEST(last_failure_millis, ?)"
                + " WHERE throttle_key = ?")) {
      update.setLong(1, expiredBeforeMillis);
      update.setLong(2, nowMillis);
      update.setString(3, key);
      updated = update.executeUpdate();
    }
    if (updated == 0) {
      try (PreparedStatement insert =
          prepare(
              connection,
              "INSERT INTO portcullis_throttle (throttle_key, failures, last_failure_millis)"
                  + " VALUES (?, 1, ?)")) {
        insert.setString(1, key);
        insert.setLong(2, nowMillis);
        insert.executeUpdate(); // a concurrent first insert: duplicate key, retried as an update
      }
      return 1;
    }
    return readFailures(connection, key).map(FailureCount::failures).orElse(1);
  }

  @Override
  public Optional<FailureCount> failures(String key) {
    requireNonNull(key, "key");
    try (Connection connection = connection()) {
      return readFailures(connection, key);
    } catch (SQLException e) {
      throw failure("failures", e);
    }
  }

  private Optional<FailureCount> readFailures(Connection connection, String key)
      throws SQLException {
    try (PreparedStatement statement =
        prepare(
            connection,
            // a row refunded to zero is kept (deleting it could race a concurrent charge) but
            // is no count
            "SELECT failures, last_failure_millis FROM portcullis_throttle"
                + " WHERE throttle_key = ? AND failures > 0")) {
      statement.setString(1, key);
      try (ResultSet result = statement.executeQuery()) {
        return result.next()
            ? Optional.of(new FailureCount(result.getInt(1), result.getLong(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * One conditional decrement, on every database: a count never goes below zero, and a refund
   * racing a charge loses neither (both are single-row updates under the row lock).
   */
  @Override
  public void refund(String key) {
    requireNonNull(key, "key");
    update("refund",
        "UPDATE portcullis_throttle SET failures = failures - 1"
            + " WHERE throttle_key = ? AND failures > 0",
        key);
  }


  @Override
  public void reset(String key) {
    requireNonNull(key, "key");
    update("reset", "DELETE FROM portcullis_throttle WHERE throttle_key = ?", key);
  }


  // The fleet view lives in portcullis_instances; see JdbcFleetRegistry.

  @Override
  public void heartbeat(FleetMember member) {
    fleet.heartbeat(member);
  }

  @Override
  public boolean leave(String instanceId) {
    return fleet.leave(instanceId);
  }

  @Override
  public int removeExpired(Instant heartbeatBefore) {
    return fleet.removeExpired(heartbeatBefore);
  }

  @Override
  public List<FleetMember> members() {
    return fleet.members();
  }

  /** Releases what {@link JdbcStores#open} opened (an embedded database); else nothing. */
  @Override
  public void close() {
    if (resources != null && closed.compareAndSet(false, true)) {
      try {
        resources.close();
      } catch (Exception e) {
        throw new StoreException("closing " + storeId + " failed: " + e.getClass().getSimpleName());
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcCredentialStore[" + storeId + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a fresh connection, again when it lost a race that a retry resolves (a
   * concurrent first insert of the same key): H2 reports those as errors where PostgreSQL waits.
   */
  private <T> T withRetry(String operation, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = connection()) {
        return work.run(connection);
      } catch (SQLException e) {
        if (attempt >= MAX_ATTEMPTS || !isLostRace(e)) {
          throw failure(operation, e);
        }
        Thread.onSpinWait();
      }
    }
  }

  private static boolean isLostRace(SQLException e) {
    String state = String.valueOf(e.getSQLState());
    // 23505 duplicate key, 40001 serialization failure / deadlock, H2 90131 concurrent update
    return state.equals("23505") || state.equals("40001") || state.equals("90131");
  }

  /**
   * Warns about a PostgreSQL data source without a socket timeout (or with connectTimeout=0),
   * where its configuration can be read (see {@code DataSourceTimeouts} for which can).
   */
  @Override
  public List<String> configurationWarnings() {
    return dialect == Dialect.POSTGRESQL ? DataSourceTimeouts.warnings(dataSource, storeId) : List.of();
  }

  private Connection connection() {
    try {
      Connection connection = dataSource.getConnection();
      if (connection == null) {
        throw new StoreException("the data source of " + storeId + " returned no connection");
      }
      return connection;
    } catch (SQLException e) {
      throw failure("connect", e);
    }
  }

  /** One statement with bound values on a fresh connection; the count of rows it changed. */
  private int update(String operation, String sql, Object... values) {
    try (Connection connection = connection();
        PreparedStatement statement = prepare(connection, sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      statement.setQueryTimeout(queryTimeoutSeconds);
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
    return statement;
  }

  private static StoredCredential credential(ResultSet result) throws SQLException {
    return new StoredCredential(result.getString(1), result.getString(2), result.getBoolean(3));
  }

  private StoreException failure(String operation, SQLException e) {
    return failure(operation, storeId, e);
  }

  /**
   * The StoreException for a SQLException: operation, store and SQLState always; the driver's
   * message only for connection-level failures, because statement errors can echo bound values
   * (H2 quotes the offending row, which may hold a hash).
   */
  static StoreException failure(String operation, String where, SQLException e) {
    String state = e.getSQLState();
    if (state != null && isMissingTable(state)) {
      return new StoreException(
          "no Portcullis schema in " + where + ": wrong database, or run createSchema()/authctl"
              + " init (" + operation + ": SQLState " + state + ")");
    }
    StringBuilder message = new StringBuilder(operation).append(" failed on ").append(where);
    message.append(": SQLState ").append(state == null ? "none" : state);
    message.append(", ").append(e.getClass().getSimpleName());
    if (state != null && state.startsWith("28")) {
      message.append(" (the database refused the login: check store.jdbc.user and password)");
    } else if (isSafeToQuote(state)) {
      // "No suitable driver found for <url>" and friends quote the URL, which may hold a password
      message.append(": ").append(StorePolicy.redact(String.valueOf(e.getMessage())));
    }
    SQLException cause = new SQLException(message.toString(), state, e.getErrorCode());
    cause.setStackTrace(e.getStackTrace());
    Throwable origin = e.getCause();
    if (isSafeToQuote(state) && origin != null && !(origin instanceof SQLException)) {
      cause.initCause(origin); // e.g. java.net.ConnectException: no values in it
    }
    return new StoreException(message.toString(), cause);
  }

  static boolean isMissingTable(String state) {
    // PostgreSQL undefined_table; H2 42S04 / 42S02 / 42102 table not found
    return state.equals("42P01") || state.equals("42S02") || state.equals("42S04")
        || state.equals("42102");
  }

  private static boolean isSafeToQuote(@Nullable String state) {
    if (state == null) {
      return false;
    }
    // connection exceptions, insufficient resources, operator intervention, timeouts,
    // H2's "database in use" / "not found"
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
        || state.equals("HYT00") || state.equals("90020") || state.equals("90146");
  }

  static String storeId(Dialect dialect, String url) {
    String rest = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    if (dialect == Dialect.H2) {
      rest = rest.substring(rest.indexOf(':') + 1); // after "h2:"
      int options = rest.indexOf(';');
      rest = options < 0 ? rest : rest.substring(0, options);
      if (rest.startsWith("file:")) {
        rest = rest.substring("file:".length());
      }
      return "h2:" + rest;
    }
    // jdbc:postgresql://host:port/database?options
    String afterScheme = rest.substring(rest.indexOf(':') + 1);
    int query = afterScheme.indexOf('?');
    if (query >= 0) {
      afterScheme = afterScheme.substring(0, query);
    }
    if (afterScheme.startsWith("//")) {
      afterScheme = afterScheme.substring(2);
    }
    int slash = afterScheme.indexOf('/');
    String hosts = slash < 0 ? afterScheme : afterScheme.substring(0, slash);
    String database = slash < 0 ? "" : afterScheme.substring(slash + 1);
    int userInfo = hosts.lastIndexOf('@');
    if (userInfo >= 0) {
      hosts = hosts.substring(userInfo + 1);
    }
    return dialect.id + ":" + database + "@" + hosts.toLowerCase(Locale.ROOT);
  }
}
