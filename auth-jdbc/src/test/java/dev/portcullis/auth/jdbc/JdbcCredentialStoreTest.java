package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What the contracts do not cover: schema checks, store ids, error messages, scan resources. */
final class JdbcCredentialStoreTest {

  private static final String SECRET_HASH = "$argon2id$v=19$m=64,t=1,p=1$c2VjcmV0c2FsdA$U0VDUkVULUhBU0g";

  @Test
  void probe_noPortcullisTables_saysWrongDatabase() {
    try (JdbcCredentialStore store = TestStores.freshH2WithoutSchema()) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("no Portcullis schema in " + store.storeId())
          .hasMessageContaining("wrong database, or run createSchema()/authctl init");
      assertThatThrownBy(() -> store.find("alice"))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("no Portcullis schema in ");
    }
  }

  @Test
  void probe_otherSchemaVersion_saysWhichItFoundAndNeeds() throws SQLException {
    try (JdbcCredentialStore store = TestStores.freshH2()) {
      execute(store, "UPDATE portcullis_schema_version SET version = 7");

      assertThatThrownBy(store::probe)
          .isInstanceOf(StoreException.class)
          .hasMessage(
              store.storeId() + " holds Portcullis schema version 7, this Portcullis needs version 1");
      assertThatThrownBy(store::createSchema).hasMessageContaining("version 7");
    }
  }

  @Test
  void probe_postgres_wrongDatabaseAndOtherVersion() {
    try (PostgresTestDatabase database = PostgresTestDatabase.createOrSkip()) {
      JdbcCredentialStore store =
          JdbcCredentialStore.create(database.dataSource(), Duration.ofSeconds(5));
      assertThatThrownBy(store::probe)
          .hasMessage(
              "no Portcullis schema in postgresql:test@127.0.0.1:5432: wrong database, or run"
                  + " createSchema()/authctl init (probe: SQLState 42P01)");

      assertThat(store.createSchema())
          .startsWith("PostgreSQL ")
          .endsWith(", Portcullis schema 1 in postgresql:test@127.0.0.1:5432");
      TestStores.execute(database, "UPDATE portcullis_schema_version SET version = 2");
      assertThatThrownBy(store::probe)
          .hasMessage(
              "postgresql:test@127.0.0.1:5432 holds Portcullis schema version 2, this Portcullis"
                  + " needs version 1");
    }
  }

  @Test
  void createSchema_isIdempotent() {
    try (JdbcCredentialStore store = TestStores.freshH2()) {
      store.put(StoredCredential.of("alice", SECRET_HASH));

      assertThat(store.createSchema()).startsWith("H2 ").contains("Portcullis schema 1");
      assertThat(store.find("alice")).isPresent();
    }
  }

  @Test
  void storeId_namesDatabaseAndHostNeverUserOrPassword() {
    assertThat(
            JdbcCredentialStore.storeId(
                Dialect.POSTGRESQL,
                "jdbc:postgresql://DB1.example:5432/auth?user=svc&password=hunter2&currentSchema=x"))
        .isEqualTo("postgresql:auth@db1.example:5432");
    assertThat(JdbcCredentialStore.storeId(Dialect.H2, "jdbc:h2:file:/var/lib/auth/portcullis;LOCK_TIMEOUT=5000"))
        .isEqualTo("h2:/var/lib/auth/portcullis");
    assertThat(JdbcCredentialStore.storeId(Dialect.H2, "jdbc:h2:mem:abc;PASSWORD=x"))
        .isEqualTo("h2:mem:abc");
  }

  @Test
  void failure_statementError_neverQuotesTheValues() {
    try (JdbcCredentialStore store = TestStores.freshH2()) {
      String tooLong = SECRET_HASH + "x".repeat(3000);

      assertThatThrownBy(() -> store.put(StoredCredential.of("alice", tooLong)))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("put failed on h2:mem:portcullis-")
          .hasMessageContaining("SQLState 22001")
          .satisfies(
              e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                  assertThat(String.valueOf(t.getMessage())).doesNotContain("SECRET").doesNotContain("c2VjcmV0");
                }
              });
    }
  }

  @Test
  void scan_closingTheStream_releasesTheConnection() throws SQLException {
    try (JdbcCredentialStore store = TestStores.freshH2()) {
      for (int i = 0; i < 1200; i++) {
        store.put(StoredCredential.of("user-" + i, SECRET_HASH));
      }
      int before = sessions(store);
      try (Stream<StoredCredential> all = store.scan()) {
        Iterator<StoredCredential> rows = all.iterator();
        rows.next();
        assertThat(sessions(store)).isEqualTo(before + 1);
      }
      assertThat(sessions(store)).isEqualTo(before);
      try (Stream<StoredCredential> all = store.scan()) {
        assertThat(all.count()).isEqualTo(1200);
      }
      assertThat(sessions(store)).isEqualTo(before);
    }
  }

  @Test
  void create_unreachableDatabase_isAStoreExceptionWithoutPassword() {
    DataSource unreachable =
        new DriverManagerDataSource(
            "jdbc:postgresql://127.0.0.1:1/test",
            "svc",
            dev.portcullis.auth.config.Secret.of("hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8), "env:DB_PASSWORD"),
            2,
            new java.util.Properties());

    assertThatThrownBy(() -> JdbcCredentialStore.create(unreachable, Duration.ofSeconds(2)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("SQLState 08001")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void create_queryTimeoutUnderOneSecond_isRefused() {
    try (JdbcCredentialStore store = TestStores.freshH2()) {
      assertThatThrownBy(
              () -> JdbcCredentialStore.create(new DriverManagerDataSource("jdbc:h2:mem:x", null, null, 1, new java.util.Properties()), Duration.ofMillis(500)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("queryTimeout must be at least 1 second, was PT0.5S");
      assertThat(store.toString()).isEqualTo("JdbcCredentialStore[" + store.storeId() + "]");
    }
  }

  @Test
  void schemaSql_isTheShippedFile() {
    assertThat(JdbcCredentialStore.statements(JdbcCredentialStore.schemaSql("postgresql")))
        .hasSize(6) // five tables (portcullis_instances the newest) and the version row
        .allSatisfy(sql -> assertThat(sql).doesNotEndWith(";"));
    assertThat(JdbcCredentialStore.schemaSql("h2")).contains("CREATE TABLE IF NOT EXISTS portcullis_credentials");
    assertThatThrownBy(() -> JdbcCredentialStore.schemaSql("mysql"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("database must be h2 or postgresql, was \"mysql\"");
  }

  private static int sessions(JdbcCredentialStore store) throws SQLException {
    try (Connection connection = dataSourceOf(store).getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
      result.next();
      return result.getInt(1) - 1; // not this one
    }
  }

  private static void execute(JdbcCredentialStore store, String sql) throws SQLException {
    try (Connection connection = dataSourceOf(store).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static DataSource dataSourceOf(JdbcCredentialStore store) {
    String id = store.storeId(); // h2:mem:portcullis-<uuid>
    return new DriverManagerDataSource(
        "jdbc:" + id.replace("h2:", "h2:") , null, null, 5, new java.util.Properties());
  }
}
