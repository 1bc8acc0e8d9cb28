package dev.portcullis.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.CredentialStoreContract;
import dev.portcullis.auth.spi.StoredCredential;
import org.junit.jupiter.api.Test;

final class InMemoryCredentialStoreTest extends CredentialStoreContract {

  @Override
  protected CredentialStore newStore() {
    return new InMemoryCredentialStore();
  }

  @Test
  void toString_showsNoHash() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    StoredCredential credential = StoredCredential.of("alice", "$argon2id$secret-hash");
    store.put(credential);

    assertThat(store.toString()).isEqualTo("InMemoryCredentialStore[users=1]");
    assertThat(credential.toString()).doesNotContain("secret-hash");
  }
}
