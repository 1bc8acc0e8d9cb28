package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.CredentialStoreContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** The credential store contract on a fresh in-memory H2 database per test. */
final class H2CredentialStoreTest extends CredentialStoreContract {
  private @Nullable JdbcCredentialStore store;

  @Override
  protected CredentialStore newStore() {
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
