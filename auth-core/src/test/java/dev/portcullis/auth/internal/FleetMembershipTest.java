package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.FleetRegistry;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.telemetry.FleetView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class FleetMembershipTest {

  private static final AuthConfig CONFIG = AuthConfig.builder()
      .revision("r-1")
      .hashing(HashingPolicy.argon2id(64, 1, 1))
      .pepper(PepperPolicy.none())
      .allowWeakHashing("no hashing here")
      .build();

  /** A store whose fleet registry fails until told otherwise. */
  private static final class FlakyRegistryStore implements CredentialStore, FleetRegistry {
    volatile boolean down = true;
    final List<FleetMember> beats = new ArrayList<>();

    @Override public Optional<StoredCredential> find(String username) {
      return Optional.empty();
    }

    @Override public void put(StoredCredential credential) {}

    @Override public boolean replaceHash(String username, String expectedHash, String newHash) {
      return false;
    }

    @Override public boolean delete(String username) {
      return false;
    }

    @Override public Stream<StoredCredential> scan() {
      return Stream.empty();
    }

    @Override public synchronized void heartbeat(FleetMember member) {
      if (down) {
        throw new StoreException("fleet heartbeat failed on test: SQLState 08006");
      }
      beats.add(member);
    }

    @Override public boolean leave(String instanceId) {
      return true;
    }

    @Override public int removeExpired(Instant heartbeatBefore) {
      return 0;
    }

    @Override public synchronized List<FleetMember> members() {
      return beats.isEmpty() ? List.of() : List.of(beats.get(beats.size() - 1));
    }
  }

  @Test
  void failingRegistry_isShownInTheView_neverThrown_andRecovers() {
    FlakyRegistryStore store = new FlakyRegistryStore();
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    List<FleetView> seen = new ArrayList<>();

    try (FleetMembership membership =
        FleetMembership.join(store, null, true, "web-1", CONFIG, clock, seen::add)) {
      assertThat(membership.view().status()).isEqualTo(FleetView.Status.UNAVAILABLE);
      assertThat(membership.view().detail())
          .isEqualTo("StoreException: fleet heartbeat failed on test: SQLState 08006");
      assertThat(seen).isEmpty();

      store.down = false;
      membership.beat();

      assertThat(membership.view().status()).isEqualTo(FleetView.Status.RECORDED);
      assertThat(membership.view().members()).extracting(FleetMember::instanceId)
          .containsExactly("web-1");
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void defaultInstanceId_isHostPidAndARandomSuffix_uniquePerAuthenticator() {
    String first = FleetMembership.defaultInstanceId();
    String second = FleetMembership.defaultInstanceId();

    assertThat(first).matches("[A-Za-z0-9._-]+-" + ProcessHandle.current().pid() + "-[0-9a-f]{6}");
    assertThat(first).isNotEqualTo(second);
  }
}
