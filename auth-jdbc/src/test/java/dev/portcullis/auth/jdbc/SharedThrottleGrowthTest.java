package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.internal.Throttle;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A credential-stuffing run through the shared throttle table, on H2 and PostgreSQL: 100,000
 * distinct (user, address) pairs over ten hours of the engine's clock, one failure each. The
 * table holds keyed digests only (no username, no address), and expired rows are purged, so it
 * holds what is live (the last hour's pairs, plus the purge interval), not all 200,000 rows.
 */
final class SharedThrottleGrowthTest {

  private static final int PAIRS = 100_000;
  private static final long START = 1_800_000_000_000L;
  private static final long STEP_MILLIS = 360; // 100,000 pairs over 10 hours
  private static final ThrottlePolicy POLICY = ThrottlePolicy.defaults().withSharedState(true);

  @Test
  void stuffingRun_onH2_keepsTheTableBoundedAndFreeOfNames() throws Exception {
    String url = "jdbc:h2:mem:portcullis-growth-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url, null, null, 5, new Properties());
    Connection keepOpen = dataSource.getConnection();
    try (JdbcCredentialStore store = JdbcCredentialStore.owning(dataSource, 10, keepOpen, url)) {
      store.createSchema();
      run(store, dataSource);
    }
  }

  @Test
  void stuffingRun_onPostgres_keepsTheTableBoundedAndFreeOfNames() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.createOrSkip();
        HikariDataSource pooled = pool(database)) {
      JdbcCredentialStore store = JdbcCredentialStore.create(pooled, Duration.ofSeconds(10));
      store.createSchema();
      run(store, pooled);
    }
  }

  /** A small pool: a connection per statement would run the shared server out of slots. */
  private static HikariDataSource pool(PostgresTestDatabase database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.url());
    config.setUsername(database.user());
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }

  private static void run(JdbcCredentialStore store, DataSource dataSource) throws Exception {
    Throttle throttle = Throttle.forStore(POLICY, store);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          for (int i = first; i < PAIRS; i += threads) {
            throttle.recordFailure("user-" + i, address(i), START + i * STEP_MILLIS);
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    long live = (POLICY.expirySeconds() * 1_000L + JdbcCredentialStore.THROTTLE_PURGE_INTERVAL_MILLIS)
        / STEP_MILLIS;
    long rows = count(dataSource, "SELECT COUNT(*) FROM portcullis_throttle");
    // the threads' clocks drift apart under load, so a purge by one thread leaves a few rows of
    // another's recent past: 20% slack over the live rows, against 200,000 rows never purged
    assertThat(rows).as("account and pair rows of the live pairs only")
        .isBetween(2 * (live / 2), 2 * live + 2 * live / 5);
    assertThat(count(dataSource,
            "SELECT COUNT(*) FROM portcullis_throttle WHERE throttle_key LIKE '%user-%'"
                + " OR throttle_key LIKE '%198.%' OR throttle_key NOT LIKE 'k:%'"))
        .isZero();
    int last = PAIRS - 1;
    assertThat(throttle.accountFailures("user-" + last)).isEqualTo(1);
  }

  private static String address(int i) {
    return "198." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff);
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
