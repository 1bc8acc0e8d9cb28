package dev.portcullis.auth.benchmarks;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Milliseconds per successful {@link Authenticator#verify} at OWASP's Argon2id row (m=19456 KiB,
 * t=2, p=1) through each store, so that a store's cost is a ratio to {@code memory} from one run:
 *
 * <ul>
 *   <li>{@code memory}: {@link InMemoryCredentialStore}, the baseline;
 *   <li>{@code h2}: the embedded H2 file database of {@code store.type = h2}, opened by {@link
 *       JdbcStores#open} as authctl does (a new connection per operation to an open database);
 *   <li>{@code postgresql}: PostgreSQL through a reusing data source, as a service with a pool
 *       sees it;
 *   <li>{@code postgresql-unpooled}: PostgreSQL through {@link JdbcStores#open}, a new connection
 *       (TCP and login) per operation, as authctl does: why services pass a pool.
 * </ul>
 *
 * <p>PostgreSQL: {@code -Dportcullis.bench.pg.url} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}) and {@code -Dportcullis.bench.pg.user} (default {@code
 * postgres}); a fresh schema is created and dropped. Throttling is off, as in {@link
 * AuthenticatorBenchmark}.
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar JdbcStoreBenchmark -f 1 -wi 2 -i 3 -r 2s -w 2s
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class JdbcStoreBenchmark {

  private static final String USERNAME = "alice";

  /** Where the credential lives; see the class documentation. */
  @Param({"memory", "h2", "postgresql", "postgresql-unpooled"})
  @SuppressWarnings("NullAway.Init") // JMH sets every @Param field before the first @Setup runs
  public String store;

  private @Nullable Authenticator authenticator;
  private @Nullable CredentialStore credentialStore;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private @Nullable Runnable cleanUp;
  private final char[] password = HasherBenchmark.PASSWORD.toCharArray();

  /**
   * Opens the store, adds the user and proves a login succeeds.
   *
   * @throws IllegalStateException if it does not
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    CredentialStore credentials =
        switch (store) {
          case "memory" -> new InMemoryCredentialStore();
          case "h2" -> {
            Path directory = Files.createTempDirectory("portcullis-bench-h2");
            JdbcCredentialStore h2 = JdbcStores.open(StorePolicy.h2(directory));
            resources.add(h2);
            h2.createSchema();
            yield h2;
          }
          case "postgresql", "postgresql-unpooled" -> postgres(store.equals("postgresql"));
          default -> throw new IllegalArgumentException(
              "store was " + store + ", expected memory, h2, postgresql or postgresql-unpooled");
        };
    AuthConfig config =
        AuthConfig.builder()
            .revision("bench-jdbc")
            .hashing(HashingPolicy.argon2id(19_456, 2, 1))
            .pepper(PepperPolicy.none())
            .throttle(new ThrottlePolicy(false, 5, 20, false, 1_000, 900, 100, 600, 100_000, 3_600))
            .build();
    credentialStore = credentials;
    Authenticator auth = Authenticator.create(config, credentials);
    authenticator = auth;
    HasherBenchmark.check(auth.setPassword(USERNAME, password).changed(), "setPassword refused");
    check("setup");
  }

  private CredentialStore postgres(boolean pooled) throws SQLException {
    String base = System.getProperty("portcullis.bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    String user = System.getProperty("portcullis.bench.pg.user", "postgres");
    String schema = "portcullis_bench_" + UUID.randomUUID().toString().replace("-", "");
    Properties properties = new Properties();
    properties.setProperty("user", user);
    try (Connection connection = DriverManager.getConnection(base, properties);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    cleanUp =
        () -> {
          try (Connection connection = DriverManager.getConnection(base, properties);
              Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
          } catch (SQLException e) {
            throw new IllegalStateException("cannot drop benchmark schema " + schema, e);
          }
        };
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    JdbcCredentialStore jdbc;
    if (pooled) {
      ReusingDataSource dataSource = new ReusingDataSource(url, user);
      resources.add(dataSource);
      jdbc = JdbcCredentialStore.create(dataSource, Duration.ofSeconds(5));
    } else {
      jdbc = JdbcStores.open(StorePolicy.jdbc(url, user, null));
    }
    jdbc.createSchema();
    return jdbc;
  }

  @Benchmark
  public Outcome verify() {
    return java.util.Objects.requireNonNull(authenticator).verify(USERNAME, password).outcome();
  }

  /**
   * The store's part of a login alone: one {@code find}. Divided by {@code verify} on the
   * in-memory store, it is the store's share of a verification, a ratio much less exposed to a
   * noisy machine than the difference of two multi-millisecond verifications.
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public java.util.Optional<dev.portcullis.auth.spi.StoredCredential> find() {
    return java.util.Objects.requireNonNull(credentialStore).find(USERNAME);
  }

  /** Proves logins still succeed, then closes everything and drops the PostgreSQL schema. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      check("tear-down");
    } finally {
      Authenticator auth = authenticator;
      if (auth != null) {
        auth.close();
        authenticator = null;
      }
      for (AutoCloseable resource : resources) {
        resource.close();
      }
      resources.clear();
      Runnable drop = cleanUp;
      if (drop != null) {
        drop.run();
      }
    }
  }

  private void check(String when) {
    Outcome outcome = verify();
    HasherBenchmark.check(
        outcome == Outcome.SUCCESS, store + " answered " + outcome + " at " + when + ", not SUCCESS");
  }
}
