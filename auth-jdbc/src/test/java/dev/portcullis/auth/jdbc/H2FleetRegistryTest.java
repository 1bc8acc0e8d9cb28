package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.telemetry.FleetView;
import dev.portcullis.auth.spi.FleetRegistryContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet registry contract on a fresh in-memory H2 database per test; every authenticator
 * gets a store of its own on that database, as separate processes would.
 */
final class H2FleetRegistryTest extends FleetRegistryContract {
  private @Nullable String url;
  private @Nullable JdbcCredentialStore store;

  @Override
  protected CredentialStore newStore() {
    url = "jdbc:h2:mem:portcullis-fleet-" + UUID.randomUUID() + ";LOCK_TIMEOUT=10000";
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(url, null, null, 5, new Properties());
    try {
      Connection keepOpen = dataSource.getConnection(); // the in-memory database lives with it
      store = JdbcCredentialStore.owning(dataSource, 10, keepOpen, url);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    store.createSchema();
    return store;
  }

  @Override
  protected CredentialStore anotherInstanceOf(CredentialStore store) {
    return new JdbcCredentialStore(
        new DriverManagerDataSource(java.util.Objects.requireNonNull(url), null, null, 5,
            new Properties()),
        10, null, "another instance");
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void schemaCreatedBeforeTheFleetTable_logsInAsBefore_andTheViewSaysHowToAddIt()
      throws SQLException {
    JdbcCredentialStore old = (JdbcCredentialStore) newStore();
    try (Connection connection = java.sql.DriverManager.getConnection(url);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE portcullis_instances");
    }
    AuthConfig config = AuthConfig.builder()
        .revision("r-1")
        .hashing(HashingPolicy.argon2id(64, 1, 1))
        .pepper(PepperPolicy.none())
        .allowWeakHashing("a schema test; strength is not under test")
        .build();

    try (Authenticator auth = Authenticator.create(config, old)) {
      auth.setPassword("alice", "a long enough password".toCharArray());

      assertThat(auth.verify("alice", "a long enough password".toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      FleetView view = auth.health().fleet();
      assertThat(view.status()).isEqualTo(FleetView.Status.UNAVAILABLE);
      assertThat(view.detail()).contains("no table portcullis_instances in h2:mem:portcullis-fleet-")
          .contains("run createSchema()/authctl init once more");
    }
  }
}
