package dev.portcullis.auth.jdbc;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads the network timeouts a PostgreSQL data source will connect with, where its configuration
 * can be seen, so that the preflight can warn about one that would hang for as long as the network
 * stalls. It sees: {@link JdbcStores}' own data source (URL and driver options), the driver's data
 * sources ({@code PGSimpleDataSource} and its relatives, through their {@code getSocketTimeout} and
 * {@code getConnectTimeout}), and HikariCP pools (their {@code jdbcUrl}, {@code
 * dataSourceProperties} and wrapped {@code dataSource}), all by reflection so that neither library
 * is needed. Any other data source (a container's, another pool) is not inspected: no warning is
 * not a proof that its timeouts are set.
 *
 * <p>pgjdbc's defaults: {@code connectTimeout} 10 s, {@code socketTimeout} 0 (wait for ever).
 */
final class DataSourceTimeouts {

  private static final Pattern URL_OPTION =
      Pattern.compile("[?&](connectTimeout|socketTimeout)=([^&]*)", Pattern.CASE_INSENSITIVE);

  private DataSourceTimeouts() {}

  /** The warnings for {@code dataSource} of the store {@code storeId}; empty where none apply or it cannot tell. */
  static List<String> warnings(DataSource dataSource, String storeId) {
    Timeouts seen = inspect(dataSource, 0);
    if (seen == null) {
      return List.of();
    }
    List<String> warnings = new ArrayList<>();
    if (seen.socketSeconds == null || seen.socketSeconds <= 0) {
      warnings.add("the data source of " + storeId + " (" + dataSource.getClass().getSimpleName()
          + ") sets no socketTimeout: a stalled network holds each store call (and its helper"
          + " thread) until the operating system gives up, often many minutes; set socketTimeout"
          + " (seconds, on the URL or the data source) above the longest query");
    }
    if (seen.connectSeconds != null && seen.connectSeconds <= 0) {
      warnings.add("the data source of " + storeId + " (" + dataSource.getClass().getSimpleName()
          + ") sets connectTimeout=0 (wait for ever): set it to a few seconds");
    }
    return warnings;
  }

  /** What was found: null where this data source cannot be read (not PostgreSQL, unknown kind). */
  private static final class Timeouts {
    @Nullable Integer socketSeconds;
    @Nullable Integer connectSeconds;
  }

  private static @Nullable Timeouts inspect(DataSource dataSource, int depth) {
    if (dataSource instanceof DriverManagerDataSource own) {
      return fromUrl(own.url(), own.driverOptions());
    }
    Class<?> type = dataSource.getClass();
    if (type.getName().startsWith("org.postgresql.")) {
      Timeouts timeouts = new Timeouts();
      timeouts.socketSeconds = intGetter(dataSource, "getSocketTimeout");
      timeouts.connectSeconds = intGetter(dataSource, "getConnectTimeout");
      return timeouts.socketSeconds == null && timeouts.connectSeconds == null ? null : timeouts;
    }
    if (type.getName().startsWith("com.zaxxer.hikari.") && depth == 0) {
      Object wrapped = getter(dataSource, "getDataSource");
      if (wrapped instanceof DataSource inner) {
        return inspect(inner, depth + 1);
      }
      Object url = getter(dataSource, "getJdbcUrl");
      Object properties = getter(dataSource, "getDataSourceProperties");
      if (url instanceof String jdbcUrl) {
        return fromUrl(jdbcUrl, properties instanceof Properties p ? p : new Properties());
      }
    }
    return null;
  }

  /** A URL's timeouts, its options winning over the properties as pgjdbc does; null unless PostgreSQL. */
  private static @Nullable Timeouts fromUrl(String url, Properties properties) {
    if (!url.startsWith("jdbc:postgresql:")) {
      return null;
    }
    Timeouts timeouts = new Timeouts();
    timeouts.socketSeconds = parse(properties.getProperty("socketTimeout"));
    timeouts.connectSeconds = parse(properties.getProperty("connectTimeout"));
    Matcher option = URL_OPTION.matcher(url);
    while (option.find()) {
      Integer value = parse(option.group(2));
      if (option.group(1).toLowerCase(Locale.ROOT).startsWith("socket")) {
        timeouts.socketSeconds = value;
      } else {
        timeouts.connectSeconds = value;
      }
    }
    return timeouts;
  }

  private static @Nullable Integer parse(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null; // the driver refuses it at connect time, with its own message
    }
  }

  private static @Nullable Integer intGetter(Object target, String name) {
    return getter(target, name) instanceof Integer value ? value : null;
  }

  private static @Nullable Object getter(Object target, String name) {
    try {
      Method method = target.getClass().getMethod(name);
      return method.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // not this kind of data source after all, or it refuses: cannot tell
    }
  }
}
