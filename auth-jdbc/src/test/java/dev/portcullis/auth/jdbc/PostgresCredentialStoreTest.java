package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.CredentialStoreContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The credential store contract on PostgreSQL, in a schema of its own, emptied per test. */
final class PostgresCredentialStoreTest extends CredentialStoreContract {
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
    return TestStores.emptyPostgres(java.util.Objects.requireNonNull(database));
  }
}
