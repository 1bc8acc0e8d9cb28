package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetRegistryContract;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fleet registry contract on PostgreSQL, in a schema of its own, emptied per test; every
 * authenticator gets a store with its own connections, as separate service instances would.
 */
final class PostgresFleetRegistryTest extends FleetRegistryContract {
  private static @Nullable PostgresTestDatabase database;

  @BeforeAll
  static void database() {
    database = PostgresTestDatabase.createOrSkip();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected CredentialStore newStore() {
    return TestStores.emptyPostgres(Objects.requireNonNull(database));
  }

  @Override
  protected CredentialStore anotherInstanceOf(CredentialStore store) {
    return JdbcCredentialStore.create(
        Objects.requireNonNull(database).dataSource(), Duration.ofSeconds(10));
  }
}
