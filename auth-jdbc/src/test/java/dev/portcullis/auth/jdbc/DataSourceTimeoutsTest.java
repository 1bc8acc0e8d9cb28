package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Which data sources the preflight can see without a socket or connect timeout. */
final class DataSourceTimeoutsTest {

  private static final String URL = "jdbc:postgresql://db.internal:5432/auth";

  private static DataSource own(String url, Properties options) {
    return new DriverManagerDataSource(url, "portcullis", null, 5, options);
  }

  private static Properties options(String key, String value) {
    Properties options = new Properties();
    options.setProperty(key, value);
    return options;
  }

  @Test
  void ownDataSource_withoutSocketTimeout_isWarnedNamingTheSetting() {
    assertThat(DataSourceTimeouts.warnings(own(URL, new Properties()), "postgresql:auth@db"))
        .singleElement()
        .asString()
        .startsWith("the data source of postgresql:auth@db (DriverManagerDataSource) sets no"
            + " socketTimeout")
        .contains("set socketTimeout");
  }

  @Test
  void ownDataSource_withASocketTimeoutInTheUrlOrTheOptions_isNotWarned() {
    assertThat(DataSourceTimeouts.warnings(own(URL + "?socketTimeout=10", new Properties()), "s"))
        .isEmpty();
    assertThat(DataSourceTimeouts.warnings(own(URL, options("socketTimeout", "10")), "s"))
        .isEmpty();
  }

  @Test
  void theUrlWinsOverTheOptions_asInTheDriver() {
    assertThat(DataSourceTimeouts.warnings(
            own(URL + "?ssl=true&socketTimeout=0", options("socketTimeout", "10")), "s"))
        .hasSize(1);
    assertThat(DataSourceTimeouts.warnings(
            own(URL + "?socketTimeout=10", options("socketTimeout", "0")), "s"))
        .isEmpty();
  }

  @Test
  void connectTimeoutZero_isWarned() {
    Properties options = options("socketTimeout", "10");
    options.setProperty("connectTimeout", "0");

    assertThat(DataSourceTimeouts.warnings(own(URL, options), "s"))
        .singleElement().asString().contains("connectTimeout=0 (wait for ever)");
  }

  @Test
  void driversDataSource_isReadThroughItsGetters() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(URL);
    assertThat(DataSourceTimeouts.warnings(dataSource, "s"))
        .singleElement().asString().contains("(PGSimpleDataSource) sets no socketTimeout");

    dataSource.setSocketTimeout(10);
    assertThat(DataSourceTimeouts.warnings(dataSource, "s")).isEmpty();
  }

  @Test
  void hikariPool_isReadThroughItsUrlPropertiesOrWrappedDataSource() {
    try (HikariDataSource pool = new HikariDataSource()) { // not started: no connection is made
      pool.setJdbcUrl(URL);
      assertThat(DataSourceTimeouts.warnings(pool, "s"))
          .singleElement().asString().contains("(HikariDataSource) sets no socketTimeout");

      pool.addDataSourceProperty("socketTimeout", "10");
      assertThat(DataSourceTimeouts.warnings(pool, "s")).isEmpty();
    }
    try (HikariDataSource pool = new HikariDataSource()) {
      PGSimpleDataSource wrapped = new PGSimpleDataSource();
      wrapped.setUrl(URL);
      pool.setDataSource(wrapped);
      assertThat(DataSourceTimeouts.warnings(pool, "s")).hasSize(1);
      wrapped.setSocketTimeout(10);
      assertThat(DataSourceTimeouts.warnings(pool, "s")).isEmpty();
    }
  }

  @Test
  void embeddedH2_andDataSourcesItCannotRead_areNotWarned() {
    assertThat(DataSourceTimeouts.warnings(own("jdbc:h2:mem:x", new Properties()), "s")).isEmpty();
    // a data source of a kind it does not know (a container's, another pool) is not inspected
    DataSource unknown =
        (DataSource) java.lang.reflect.Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(method.getName());
            });
    assertThat(DataSourceTimeouts.warnings(unknown, "s")).isEmpty();
  }
}
