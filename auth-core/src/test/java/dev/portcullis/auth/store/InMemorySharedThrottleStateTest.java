package dev.portcullis.auth.store;

import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.SharedThrottleStateContract;

final class InMemorySharedThrottleStateTest extends SharedThrottleStateContract {

  @Override
  protected SharedThrottleState newState() {
    return new InMemoryCredentialStore();
  }
}
