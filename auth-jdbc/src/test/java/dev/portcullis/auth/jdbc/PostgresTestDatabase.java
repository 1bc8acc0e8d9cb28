package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.config.StorePolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL at 127.0.0.1:5432 (database {@code test}, trust authentication), with a
 * fresh schema per test class selected through {@code currentSchema=} and dropped by {@link
 * #close()}, so that test classes never see each other's rows.
 *
 * <p>Unreachable: under {@code CI=true} the tests fail (CI must have the database); elsewhere
 * they are skipped with a message on stderr saying so.
 */
public final class PostgresTestDatabase implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String DATABASE = "test";

  private static volatile @Nullable String workingUser;

  private final String user;
  private final String schema;

  private PostgresTestDatabase(String user, String schema) {
    this.user = user;
    this.schema = schema;
  }

  /**
   * A fresh schema, or the test aborted (skipped) when PostgreSQL is unreachable outside CI.
   *
   * @throws AssertionError under CI=true when PostgreSQL is unreachable
   */
  public static PostgresTestDatabase createOrSkip() {
    String user = reachableUser();
    String schema = "portcullis_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = connect(baseUrl(HOST, PORT), user);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new AssertionError("cannot create a test schema: SQLState " + e.getSQLState(), e);
    }
    return new PostgresTestDatabase(user, schema);
  }

  private static String reachableUser() {
    String known = workingUser;
    if (known != null) {
      return known;
    }
    String osUser = System.getProperty("user.name", "postgres");
    StringBuilder tried = new StringBuilder();
    for (String candidate : List.of("postgres", osUser)) {
      try (Connection connection = connect(baseUrl(HOST, PORT), candidate)) {
        connection.getMetaData(); // reachable, and this user may log in
        workingUser = candidate;
        return candidate;
      } catch (SQLException e) {
        tried.append("\n  user ").append(candidate).append(": SQLState ").append(e.getSQLState())
            .append(' ').append(e.getMessage());
      }
    }
    String message =
        "PostgreSQL at " + HOST + ":" + PORT + "/" + DATABASE + " is unreachable, PostgreSQL"
            + " tests cannot run:" + tried;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + "\n(CI=true: PostgreSQL is required)");
    }
    System.err.println("SKIPPED: " + message + "\n(set CI=true to make this a failure)");
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  static String baseUrl(String host, int port) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE;
  }

  private static Connection connect(String url, String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(url, properties);
  }

  /** The URL of this schema, through {@code host:port} (a proxy in fault tests). */
  public String url(String host, int port) {
    return baseUrl(host, port) + "?currentSchema=" + schema;
  }

  /** The URL of this schema. */
  public String url() {
    return url(HOST, PORT);
  }

  /** The database user that connects. */
  public String user() {
    return user;
  }

  /** This schema's name. */
  public String schema() {
    return schema;
  }

  /** An unpooled data source on this schema. */
  public DataSource dataSource() {
    return dataSource(HOST, PORT, 5);
  }

  /** An unpooled data source on this schema through {@code host:port}. */
  public DataSource dataSource(String host, int port, int timeoutSeconds) {
    Properties options = new Properties();
    options.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
    options.setProperty("socketTimeout", Integer.toString(2 * timeoutSeconds));
    return new DriverManagerDataSource(url(host, port), user, null, timeoutSeconds, options);
  }

  /** The config of this schema as {@code store.type = jdbc}. */
  public StorePolicy policy() {
    return StorePolicy.jdbc(url(), user, null);
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() {
    try (Connection connection = connect(baseUrl(HOST, PORT), user);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema.toLowerCase(Locale.ROOT) + " CASCADE");
    } catch (SQLException e) {
      throw new AssertionError("cannot drop test schema " + schema, e);
    }
  }
}
