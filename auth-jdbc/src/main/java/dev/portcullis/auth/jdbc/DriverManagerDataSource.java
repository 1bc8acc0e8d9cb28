package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.config.Secret;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Arrays;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The smallest {@link DataSource}: a new driver connection per call, no pool. Enough for authctl
 * and tests; services pass their own pooled one. The password is read from its {@link Secret}
 * for each connection and never kept as a string.
 */
final class DriverManagerDataSource implements DataSource {
  private final String url;
  private final @Nullable String user;
  private final @Nullable Secret password;
  private final Properties driverOptions;
  private volatile int loginTimeoutSeconds;

  DriverManagerDataSource(
      String url,
      @Nullable String user,
      @Nullable Secret password,
      int connectTimeoutSeconds,
      Properties driverOptions) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.loginTimeoutSeconds = connectTimeoutSeconds;
    this.driverOptions = driverOptions;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    properties.putAll(driverOptions);
    if (url.startsWith("jdbc:postgresql:")) {
      // connectTimeout, not loginTimeout: pgjdbc enforces a loginTimeout by connecting on a
      // thread of its own and abandoning it at the timeout, so under a stall every attempt would
      // leave one behind. connectTimeout (the TCP connect) and socketTimeout (every read, the
      // handshake's included) bound the connection on the caller's thread.
      properties.putIfAbsent("connectTimeout", Integer.toString(loginTimeoutSeconds));
    }
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      byte[] bytes = password.exposeBytes();
      try {
        properties.setProperty("password", new String(bytes, StandardCharsets.UTF_8));
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    return DriverManager.getConnection(url, properties);
  }

  /** The JDBC URL (it never holds a password: the config loader refuses one that does). */
  String url() {
    return url;
  }

  /** The options passed to the driver, for {@link DataSourceTimeouts}. */
  Properties driverOptions() {
    return driverOptions;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the user and password come from the config");
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(@Nullable PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  /** Shows the URL only: never the password. */
  @Override
  public String toString() {
    return "DriverManagerDataSource[" + url + "]";
  }
}
