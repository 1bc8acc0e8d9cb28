package dev.portcullis.auth.benchmarks;

import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.spi.HashClass;
import dev.portcullis.auth.spi.StoredCredential;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Milliseconds to count every class of stored hash in a PostgreSQL store of {@code rows} users,
 * as the {@code pepper} and {@code stored-hashes} preflight checks do at every start and reload:
 *
 * <ul>
 *   <li>{@code hashClasses}: {@link JdbcCredentialStore#hashClasses()}, two aggregate queries in
 *       the database (the default; the goal is under 1 s for a million users);
 *   <li>{@code scan}: the same census from a streamed scan of every row into the JVM, what the
 *       full inventory (and a store without aggregation) costs: the yardstick.
 * </ul>
 *
 * <p>The rows are written once per trial by one {@code INSERT ... SELECT generate_series}: 70%
 * Argon2id under pepper key k1, 29% under k2, 1% bcrypt, each with its own salt and hash.
 * PostgreSQL: {@code -Dportcullis.bench.pg.url} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}) and {@code -Dportcullis.bench.pg.user} (default {@code
 * postgres}); a fresh schema is created and dropped.
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar StoredHashClassesBenchmark -f 1 -wi 2 -i 5
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class StoredHashClassesBenchmark {

  /** How many users the store holds. */
  @Param({"1000000"})
  public int rows;

  private @Nullable JdbcCredentialStore store;
  private @Nullable Runnable dropSchema;

  @Setup(Level.Trial)
  public void loadUsers() throws SQLException {
    String base =
        System.getProperty("portcullis.bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    String user = System.getProperty("portcullis.bench.pg.user", "postgres");
    String schema = "portcullis_bench_" + UUID.randomUUID().toString().replace("-", "");
    Properties properties = new Properties();
    properties.setProperty("user", user);
    try (Connection connection = DriverManager.getConnection(base, properties);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    dropSchema = () -> {
      try (Connection connection = DriverManager.getConnection(base, properties);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop benchmark schema " + schema, e);
      }
    };
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    JdbcCredentialStore jdbc = JdbcStores.open(StorePolicy.jdbc(url, user, null));
    jdbc.createSchema();
    store = jdbc;
    try (Connection connection = DriverManager.getConnection(url, properties);
        Statement statement = connection.createStatement()) {
      String salt = "rtrim(substr(encode(sha256(('s' || g)::bytea), 'base64'), 1, 22), '=')";
      String tag = "rtrim(substr(encode(sha256(('h' || g)::bytea), 'base64'), 1, 43), '=')";
      statement.execute("INSERT INTO portcullis_credentials (username, password_hash, disabled,"
          + " updated_at) SELECT 'user-' || g, CASE WHEN g % 100 = 0 THEN '$2b$12$'"
          + " || substr(translate(" + salt + " || " + tag + ", '+=', './'), 1, 53)"
          + " WHEN g % 100 < 30 THEN '$argon2id$v=19$m=19456,t=2,p=1,keyid=k2$' || " + salt
          + " || '$' || " + tag + " ELSE '$argon2id$v=19$m=19456,t=2,p=1,keyid=k1$' || " + salt
          + " || '$' || " + tag + " END, false, now() FROM generate_series(1, " + rows + ") g");
      statement.execute("ANALYZE portcullis_credentials");
    }
  }

  /** The default: the database counts the classes. */
  @Benchmark
  public List<HashClass> hashClasses() {
    return requireStore().hashClasses().orElseThrow(
        () -> new IllegalStateException("the store did not aggregate"));
  }

  /** The yardstick: every row streamed into the JVM and classed there. */
  @Benchmark
  public Map<String, Long> scan() {
    Map<String, Long> counts = new HashMap<>();
    try (Stream<StoredCredential> all = requireStore().scan()) {
      all.forEach(credential ->
          counts.merge(HashClass.prefixOf(credential.encodedHash()), 1L, Long::sum));
    }
    return counts;
  }

  private JdbcCredentialStore requireStore() {
    JdbcCredentialStore current = store;
    if (current == null) {
      throw new IllegalStateException("setup did not run");
    }
    return current;
  }

  /** Checks the census saw every user, then drops the schema. */
  @TearDown(Level.Trial)
  public void drop() {
    try {
      long users = hashClasses().stream().mapToLong(HashClass::users).sum();
      if (users != rows) {
        throw new IllegalStateException("counted " + users + " users of " + rows);
      }
    } finally {
      if (store != null) {
        store.close();
      }
      if (dropSchema != null) {
        dropSchema.run();
      }
    }
  }
}
