package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.internal.Throttle;
import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import dev.portcullis.auth.spi.StoredCredential;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** throttle.shared-state = store: counters in the store, one limit across instances, fail closed. */
final class AuthenticatorSharedThrottleTest {

  private static final char[] GOOD = "correct horse battery staple".toCharArray();
  private static final char[] BAD = "wrong horse battery staple".toCharArray();

  private static AuthConfig shared() {
    return TestConfigs.fast().toBuilder()
        .throttle(ThrottlePolicy.defaults().withSharedState(true))
        .build();
  }

  @Test
  void create_sharedStateOnAStoreThatCannotKeepIt_isAPreflightFailure() {
    assertThatThrownBy(() -> Authenticator.create(shared(), new DelegatingStore()))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("throttle.shared-state = store")
        .hasMessageContaining("cannot keep shared throttle state");
  }

  @Test
  void verify_twoInstancesOnOneStore_shareTheAccountLimit() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    int free = ThrottlePolicy.defaults().accountFreeFailures();
    try (Authenticator a = Authenticator.create(shared(), store);
        Authenticator b = Authenticator.create(shared(), store)) {
      a.setPassword("alice", GOOD);
      for (int i = 0; i < free; i++) {
        Authenticator instance = i % 2 == 0 ? a : b;
        assertThat(instance.verify("alice", BAD).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      }
      assertThat(store.failures(Throttle.sharedKeyFor(store, "a:alice")).orElseThrow().failures()).isEqualTo(free);
      assertThat(b.verify("alice", BAD).outcome()).isEqualTo(Outcome.BAD_PASSWORD); // free + 1

      assertThat(a.verify("alice", GOOD).outcome()).isEqualTo(Outcome.THROTTLED);
      assertThat(b.verify("alice", GOOD).outcome()).isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void verify_successOnOneInstance_resetsTheCountForAll() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    try (Authenticator a = Authenticator.create(shared(), store);
        Authenticator b = Authenticator.create(shared(), store)) {
      a.setPassword("alice", GOOD);
      a.verify("alice", BAD, AttemptContext.fromSource("10.0.0.1"));
      b.verify("alice", BAD, AttemptContext.fromSource("10.0.0.1"));
      assertThat(store.failures(Throttle.sharedKeyFor(store, "a:alice")).orElseThrow().failures()).isEqualTo(2);

      assertThat(b.verify("alice", GOOD, AttemptContext.fromSource("10.0.0.1")).succeeded()).isTrue();

      assertThat(store.failures(Throttle.sharedKeyFor(store, "a:alice"))).isEmpty();
    }
  }

  private static final ThrottlePolicy LOCKOUT_AFTER_5 =
      new ThrottlePolicy(true, 5, 5, true, 1_000, 900, 1_000, 600, 1_000, 3_600)
          .withSharedState(true);

  @Test
  void verify_aBurstOverTwoInstances_getsNoMoreThanTheFreeFailures() throws Exception {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    AuthConfig config = TestConfigs.fast().toBuilder().throttle(LOCKOUT_AFTER_5).build();
    CountingHasher slow = Bursts.slowArgon2();
    try (Authenticator a = Authenticator.builder(config, store).hasher(slow).build();
        Authenticator b = Authenticator.builder(config, store).hasher(slow).build()) {
      a.setPassword("alice", GOOD);

      Map<Outcome, Integer> outcomes =
          Bursts.run(40, i -> (i % 2 == 0 ? a : b).verify("alice", ("guess-" + i).toCharArray()));

      assertThat(outcomes.getOrDefault(Outcome.BAD_PASSWORD, 0)).as("%s", outcomes).isEqualTo(5);
      assertThat(outcomes.getOrDefault(Outcome.THROTTLED, 0)).as("%s", outcomes).isEqualTo(35);
      assertThat(store.failures(Throttle.sharedKeyFor(store, "a:alice")).orElseThrow().failures()).isEqualTo(5);
      assertThat(b.verify("alice", GOOD).outcome()).isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void verify_credentialsUnreachableMidAttempt_leavesNoChargeInTheSharedState() {
    FlakyThrottleStore store = new FlakyThrottleStore();
    AuthConfig config = TestConfigs.fast().toBuilder().throttle(LOCKOUT_AFTER_5).build();
    try (Authenticator auth = Authenticator.create(config, store)) {
      auth.setPassword("alice", GOOD);
      auth.verify("alice", BAD, AttemptContext.fromSource("10.0.0.1"));
      store.findDown.set(true);

      for (int i = 0; i < 10; i++) {
        assertThat(auth.verify("alice", BAD, AttemptContext.fromSource("10.0.0.1")).outcome())
            .isEqualTo(Outcome.STORE_UNAVAILABLE);
      }

      store.findDown.set(false);
      assertThat(store.delegate.failures(Throttle.sharedKeyFor(store.delegate, "a:alice")).orElseThrow().failures()).isEqualTo(1);
      assertThat(store.delegate.failures(Throttle.sharedKeyFor(store.delegate, "p:5:alice|10.0.0.1")).orElseThrow().failures()).isEqualTo(1);
    }
  }

  @Test
  void verify_whileAConfigurationAnomalyIsActive_theSharedAccountCountsUntilAReloadForgivesIt() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    AuthConfig config = TestConfigs.fast().toBuilder().throttle(LOCKOUT_AFTER_5).build();
    try (Authenticator auth = Authenticator.create(config, store)) {
      auth.setPassword("alice", GOOD);
      store.put(StoredCredential.of("bob", "{noop}" + new String(GOOD)));
      for (int i = 0; i < 5; i++) {
        auth.verify("bob", GOOD); // raises a configuration anomaly
      }
      assertThat(auth.health().activeAnomalies()).isNotEmpty();

      for (int i = 0; i < 5; i++) {
        assertThat(auth.verify("alice", BAD).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      }
      assertThat(store.failures(Throttle.sharedKeyFor(store, "a:alice")).orElseThrow().failures()).isEqualTo(5);
      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.THROTTLED);

      // the fix: the unverifiable row goes (the preflight refuses a reload while it is there), and
      // a config that verifies differently (only such a change can be the fix of a configuration
      // anomaly; one that verifies alike forgives nothing: ConfigurationAnomalyThrottleTest)
      store.delete("bob");
      auth.reload(config.toBuilder().revision("test-2")
          .hashing(dev.portcullis.auth.config.HashingPolicy.argon2id(128, 1, 1)).build());

      assertThat(store.failures(Throttle.sharedKeyFor(store, "a:alice")).map(c -> c.failures()).orElse(0)).isZero();
      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.SUCCESS);
    }
  }

  @Test
  void verify_sharedStateFailingAtTheReset_theVerifiedLoginStandsAndTheFailureIsCounted() {
    FlakyThrottleStore store = new FlakyThrottleStore();
    try (Authenticator auth = Authenticator.create(shared(), store)) {
      auth.setPassword("alice", GOOD);
      store.downAfterCharge.set(true);

      // failing to forget failures cannot let anyone in: the password was verified
      VerificationResult result = auth.verify("alice", GOOD);

      assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.metrics().throttleResetFailures()).isEqualTo(1);
      assertThat(auth.metrics().count(Outcome.STORE_UNAVAILABLE)).isZero();
    }
  }

  @Test
  void verify_sharedStateFailingAtTheRefund_isStoreUnavailableNeverTheOutcome() {
    FlakyThrottleStore store = new FlakyThrottleStore();
    try (Authenticator auth = Authenticator.create(shared(), store)) {
      auth.setPassword("alice", GOOD);
      store.put(new StoredCredential("alice", store.find("alice").orElseThrow().encodedHash(), true));
      store.downAfterCharge.set(true);

      // DISABLED refunds its charge; a refund that cannot be written fails closed
      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.STORE_UNAVAILABLE);
      assertThat(auth.metrics().throttleResetFailures()).isZero();
    }
  }

  /** An in-memory store whose throttle state can be switched off, like a database going away. */
  static final class FlakyThrottleStore extends DelegatingStore implements SharedThrottleState {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicBoolean findDown = new AtomicBoolean();
    /** The throttle state goes down right after the next charge (before the outcome is settled). */
    final AtomicBoolean downAfterCharge = new AtomicBoolean();

    private void ensureUp() {
      if (down.get()) {
        throw new StoreException("throttle table unreachable (test)");
      }
    }

    @Override
    public Optional<StoredCredential> find(String username) {
      if (findDown.get()) {
        throw new StoreException("credentials table unreachable (test)");
      }
      return super.find(username);
    }

    @Override
    public int recordFailure(String key, long nowMillis, long expiredBeforeMillis) {
      ensureUp();
      int count = delegate.recordFailure(key, nowMillis, expiredBeforeMillis);
      if (downAfterCharge.getAndSet(false)) {
        down.set(true);
      }
      return count;
    }

    @Override
    public Optional<FailureCount> failures(String key) {
      ensureUp();
      return delegate.failures(key);
    }

    @Override
    public void refund(String key) {
      ensureUp();
      delegate.refund(key);
    }

    @Override
    public void reset(String key) {
      ensureUp();
      delegate.reset(key);
    }
  }

  @Test
  void verify_sharedStateUnavailable_isStoreUnavailableNeverSuccessAndNotCounted() {
    FlakyThrottleStore store = new FlakyThrottleStore();
    try (Authenticator auth = Authenticator.create(shared(), store)) {
      auth.setPassword("alice", GOOD);
      auth.verify("alice", BAD);
      store.down.set(true);

      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.STORE_UNAVAILABLE);
      assertThat(auth.verify("alice", BAD).outcome()).isEqualTo(Outcome.STORE_UNAVAILABLE);
      assertThat(auth.verify("nobody", BAD).outcome()).isEqualTo(Outcome.STORE_UNAVAILABLE);

      store.down.set(false);
      assertThat(store.delegate.failures(Throttle.sharedKeyFor(store.delegate, "a:alice")).orElseThrow().failures()).isEqualTo(1);
      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.SUCCESS);
    }
  }
}
