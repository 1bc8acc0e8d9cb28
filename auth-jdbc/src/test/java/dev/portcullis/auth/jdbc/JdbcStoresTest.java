package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JdbcStoresTest {

  @TempDir Path directory;

  @Test
  void open_h2_createsTheDirectoryAndPersists() {
    Path data = directory.resolve("nested/data");
    try (JdbcCredentialStore store = JdbcStores.open(StorePolicy.h2(data))) {
      assertThat(store.storeId()).isEqualTo("h2:" + data.toAbsolutePath().resolve("portcullis"));
      store.createSchema();
      store.put(StoredCredential.of("alice", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"));
    }
    assertThat(Files.exists(data.resolve("portcullis.mv.db"))).isTrue();

    try (JdbcCredentialStore reopened = JdbcStores.open(StorePolicy.h2(data))) {
      assertThat(reopened.probe()).contains("Portcullis schema 1");
      assertThat(reopened.find("alice")).isPresent();
    }
  }

  @Test
  void open_h2_withoutSchema_probeSaysSo() {
    try (JdbcCredentialStore store = JdbcStores.open(StorePolicy.h2(directory))) {
      assertThatThrownBy(store::probe).hasMessageStartingWith("no Portcullis schema in h2:");
    }
  }

  @Test
  void open_postgresUrl_reachesTheDatabase() {
    try (PostgresTestDatabase database = PostgresTestDatabase.createOrSkip();
        JdbcCredentialStore store = JdbcStores.open(database.policy())) {
      assertThat(store.storeId()).isEqualTo("postgresql:test@127.0.0.1:5432");
      assertThat(store.createSchema()).startsWith("PostgreSQL");
    }
  }

  @Test
  void open_unreachableUrl_namesTheRedactedUrlNeverThePassword() {
    StorePolicy policy =
        StorePolicy.jdbc("jdbc:postgresql://127.0.0.1:1/auth?ssl=false", "svc", null)
            .withTimeouts(1, 1);

    assertThatThrownBy(() -> JdbcStores.open(policy))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("connect failed on jdbc:postgresql://127.0.0.1:1/auth?ssl=false: SQLState 08001");
  }

  @Test
  void open_memoryOrNone_isRefused() {
    assertThatThrownBy(() -> JdbcStores.open(StorePolicy.memory()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy must name an h2 or jdbc store, was memory");
  }
}
