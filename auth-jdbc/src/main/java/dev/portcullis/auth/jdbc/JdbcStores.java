package dev.portcullis.auth.jdbc;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the JDBC store a configuration names ({@code store.type = h2} or {@code jdbc}), with an
 * unpooled connection per operation: what {@code authctl} and small tools need. A service that
 * handles traffic should build its own pooled {@link javax.sql.DataSource} and call {@link
 * JdbcCredentialStore#create}.
 */
public final class JdbcStores {

  /** The file name (without H2's {@code .mv.db}) of the embedded database in its directory. */
  public static final String H2_DATABASE_NAME = "portcullis";

  private JdbcStores() {}

  /**
   * Opens the store of {@code policy}; the schema is not created ({@link
   * JdbcCredentialStore#createSchema()} does that). For H2, creates the directory and keeps the
   * database open until the store is closed. For a PostgreSQL URL, {@code connectTimeout} and
   * {@code socketTimeout} default to the policy's timeouts unless the URL sets them ({@code
   * loginTimeout} is not set: pgjdbc enforces it with a connect thread per attempt, which a
   * stall would pile up).
   *
   * @throws NullPointerException if policy is null
   * @throws IllegalArgumentException if the policy names no JDBC store ({@code none}, {@code
   *     memory})
   * @throws StoreException if the database cannot be opened or reached, or its driver is missing
   */
  public static JdbcCredentialStore open(StorePolicy policy) {
    requireNonNull(policy, "policy");
    return switch (policy.kind()) {
      case H2 -> openH2(requireNonNull(policy.h2Directory(), "h2Directory"), policy);
      case JDBC -> openUrl(requireNonNull(policy.jdbcUrl(), "jdbcUrl"), policy);
      default -> throw new IllegalArgumentException(
          "policy must name an h2 or jdbc store, was "
              + policy.kind().name().toLowerCase(java.util.Locale.ROOT));
    };
  }

  /** The JDBC URL of the embedded database in {@code directory}. */
  public static String h2Url(Path directory, int lockTimeoutSeconds) {
    Path database = directory.toAbsolutePath().normalize().resolve(H2_DATABASE_NAME);
    if (database.toString().contains(";")) {
      throw new IllegalArgumentException(
          "the H2 directory must not contain ';', was " + directory);
    }
    // LOCK_TIMEOUT: a row locked by another connection waits as long as a query may take
    return "jdbc:h2:file:" + database + ";LOCK_TIMEOUT=" + lockTimeoutSeconds * 1000L;
  }

  private static JdbcCredentialStore openH2(Path directory, StorePolicy policy) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StoreException(
          "cannot create the H2 directory " + directory + ": " + e.getClass().getSimpleName());
    }
    String url = h2Url(directory, policy.queryTimeoutSeconds());
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(url, null, null, policy.connectTimeoutSeconds(), new Properties());
    Connection keepOpen;
    try {
      // an embedded H2 database closes with its last connection: this one keeps it open (and its
      // caches warm) while the store lives, and closing it closes the database
      keepOpen = dataSource.getConnection();
    } catch (SQLException e) {
      throw JdbcCredentialStore.failure("open", "h2:" + directory.toAbsolutePath().normalize(), e);
    }
    return JdbcCredentialStore.owning(dataSource, policy.queryTimeoutSeconds(), keepOpen, url);
  }

  private static JdbcCredentialStore openUrl(String url, StorePolicy policy) {
    Properties options = new Properties();
    if (url.startsWith("jdbc:postgresql:")) {
      String connect = Integer.toString(policy.connectTimeoutSeconds());
      if (!url.contains("connectTimeout=")) {
        options.setProperty("connectTimeout", connect);
      }
      if (!url.contains("socketTimeout=")) {
        // a connection cut without a reset must not hang a login for ever: the query timeout
        // cancels through a second connection, which fails too when the network is gone
        options.setProperty(
            "socketTimeout",
            Integer.toString(policy.queryTimeoutSeconds() + policy.connectTimeoutSeconds()));
      }
    }
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(
            url, policy.jdbcUser(), policy.jdbcPassword(), policy.connectTimeoutSeconds(), options);
    return new JdbcCredentialStore(
        dataSource, policy.queryTimeoutSeconds(), null, policy.redactedUrl().orElse(url));
  }
}
