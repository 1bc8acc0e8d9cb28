package dev.portcullis.auth.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/** Fresh stores for tests. */
final class TestStores {
  private TestStores() {}

  /** A fresh in-memory H2 database with the schema, closed with the store. */
  static JdbcCredentialStore freshH2() {
    JdbcCredentialStore store = freshH2WithoutSchema();
    store.createSchema();
    return store;
  }

  /** A fresh in-memory H2 database without any table. */
  static JdbcCredentialStore freshH2WithoutSchema() {
    String url = "jdbc:h2:mem:portcullis-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(url, null, null, 5, new Properties());
    try {
      Connection keepOpen = dataSource.getConnection();
      return JdbcCredentialStore.owning(dataSource, 10, keepOpen, url);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** A store on the PostgreSQL test schema with the schema created and every table emptied. */
  static JdbcCredentialStore emptyPostgres(PostgresTestDatabase database) {
    JdbcCredentialStore store =
        JdbcCredentialStore.create(database.dataSource(), Duration.ofSeconds(10));
    store.createSchema();
    execute(
        database,
        "DELETE FROM portcullis_credentials",
        "DELETE FROM portcullis_metadata",
        "DELETE FROM portcullis_throttle",
        "DELETE FROM portcullis_instances");
    return store;
  }

  static void execute(PostgresTestDatabase database, String... statements) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
