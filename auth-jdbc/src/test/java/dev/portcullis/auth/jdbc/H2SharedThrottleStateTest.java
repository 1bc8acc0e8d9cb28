package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.SharedThrottleStateContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** The shared throttle state contract on a fresh in-memory H2 database per test. */
final class H2SharedThrottleStateTest extends SharedThrottleStateContract {
  private @Nullable JdbcCredentialStore store;

  @Override
  protected SharedThrottleState newState() {
    store = TestStores.freshH2();
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }
}
