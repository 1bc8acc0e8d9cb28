package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.SharedThrottleStateContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared throttle state contract on PostgreSQL, in a schema of its own, emptied per test. */
final class PostgresSharedThrottleStateTest extends SharedThrottleStateContract {
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
  protected SharedThrottleState newState() {
    return TestStores.emptyPostgres(java.util.Objects.requireNonNull(database));
  }
}
