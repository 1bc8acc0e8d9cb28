package dev.portcullis.auth.store;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetRegistryContract;

final class InMemoryFleetRegistryTest extends FleetRegistryContract {
  @Override
  protected CredentialStore newStore() {
    return new InMemoryCredentialStore();
  }
}
