package dev.portcullis.auth.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The least a connection pool does, for tests: closed connections go back to an idle queue
 * and are handed out again, so that a test of many statements opens a few connections rather
 * than one per statement (which runs a shared PostgreSQL out of connection slots). Not for
 * production.
 */
final class ReusingDataSource implements DataSource, AutoCloseable {
  private final String url;
  private final Properties properties;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

  ReusingDataSource(String url, @Nullable String user) {
    this.url = url;
    this.properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = idle.poll();
    if (connection == null || connection.isClosed()) {
      connection = DriverManager.getConnection(url, properties);
    }
    Connection real = connection;
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                if (!real.isClosed() && real.getAutoCommit()) {
                  idle.offer(real);
                } else {
                  real.close();
                }
                return null;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public void close() throws SQLException {
    for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
      connection.close();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("one user per benchmark");
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(@Nullable PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
