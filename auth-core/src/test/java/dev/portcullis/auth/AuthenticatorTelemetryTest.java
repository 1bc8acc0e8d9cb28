package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.config.TelemetryPolicy;
import dev.portcullis.auth.spi.AuthListener;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.telemetry.LifecycleEvent;
import dev.portcullis.auth.telemetry.VerificationEvent;
import dev.portcullis.auth.telemetry.VerificationMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Events, metrics, health and log rate limits, as a service wiring them would see them. */
final class AuthenticatorTelemetryTest {

  private static final String PASSWORD = "correct horse battery staple";

  private final DelegatingStore store = new DelegatingStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.sleep(5);
    }
  }

  private Authenticator create(AuthConfig config, AuthListener listener) {
    Authenticator auth = Authenticator.builder(config, store).clock(clock).listener(listener).build();
    auth.setPassword("alice", PASSWORD.toCharArray());
    return auth;
  }

  @Test
  void everyVerification_isAnEventWithoutSecretsOrUsername() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Authenticator auth = create(TestConfigs.fast(), listener)) {
      auth.verify("alice", PASSWORD.toCharArray());
      auth.verify("alice", "wrong".toCharArray());
      auth.verify("nobody", "wrong".toCharArray());
      await(() -> listener.verifications.size() == 3);

      VerificationEvent success = listener.verifications.get(0);
      assertThat(success.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(success.category()).isEqualTo(Outcome.Category.SUCCESS);
      assertThat(success.scheme()).isEqualTo("argon2id");
      assertThat(success.storeId()).isEqualTo("DelegatingStore");
      assertThat(success.configFingerprint()).isEqualTo(auth.config().fingerprint());
      assertThat(success.time()).isEqualTo(clock.instant());
      assertThat(success.duration()).isPositive();
      assertThat(success.usernameHash()).isNull();
      assertThat(success.cause()).isEmpty();
      assertThat(listener.verifications.get(1).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      assertThat(listener.verifications.get(2).outcome()).isEqualTo(Outcome.UNKNOWN_USER);
      assertThat(listener.verifications.get(2).scheme()).isEqualTo("-");
      String hash = store.find("alice").orElseThrow().encodedHash();
      for (VerificationEvent event : listener.verifications) {
        assertThat(event.toString()).doesNotContain("alice").doesNotContain(PASSWORD).doesNotContain(hash);
      }
    }
  }

  @Test
  void systemOutcomeEvents_carryTheCause() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Authenticator auth = create(TestConfigs.fast(), listener)) {
      store.put(StoredCredential.of("bob", "$argon2id$v=19$m=9999999,t=1,p=1$c29tZXNhbHQ$c29tZWhhc2hzb21laGFzaA"));
      auth.verify("bob", PASSWORD.toCharArray());
      await(() -> listener.verifications.size() == 1);

      VerificationEvent event = listener.verifications.get(0);
      assertThat(event.outcome()).isEqualTo(Outcome.HASH_PARAMS_REJECTED);
      assertThat(event.cause()).contains("m=9999999").contains("exceeds the cap");
    }
  }

  @Test
  void usernameHash_isAnOptInKeyedDigest() throws Exception {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    AuthConfig config = TestConfigs.fast().toBuilder().usernameHashKey(Secret.of(key, "test")).build();
    RecordingListener listener = new RecordingListener();
    try (Authenticator auth = create(config, listener)) {
      auth.verify("alice", PASSWORD.toCharArray());
      auth.verify("alice", "wrong".toCharArray());
      auth.verify("bob", "wrong".toCharArray());
      await(() -> listener.verifications.size() == 3);

      String alice = listener.verifications.get(0).usernameHash();
      assertThat(alice).matches("[0-9a-f]{32}");
      assertThat(listener.verifications.get(1).usernameHash()).isEqualTo(alice);
      assertThat(listener.verifications.get(2).usernameHash()).isNotEqualTo(alice);
    }
  }

  @Test
  void rehashedLogins_areFlaggedInTheirEvent() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Authenticator weak = Authenticator.create(TestConfigs.with(dev.portcullis.auth.config.HashingPolicy.argon2id(32, 1, 1)), store)) {
      weak.setPassword("carol", PASSWORD.toCharArray());
    }
    try (Authenticator auth = create(TestConfigs.fast(), listener)) {
      auth.verify("carol", PASSWORD.toCharArray());
      auth.verify("carol", PASSWORD.toCharArray());
      await(() -> listener.verifications.size() == 2);

      assertThat(listener.verifications.get(0).rehashed()).isTrue();
      assertThat(listener.verifications.get(1).rehashed()).isFalse();
    }
  }

  @Test
  void aThrowingListener_isIsolatedAndCounted() throws Exception {
    RecordingListener after = new RecordingListener();
    AuthListener throwing =
        new AuthListener() {
          @Override
          public void onVerification(VerificationEvent event) {
            throw new IllegalStateException("listener bug");
          }
        };
    try (Authenticator auth = create(TestConfigs.fast(), throwing)) {
      auth.addListener(after);
      for (int i = 0; i < 3; i++) {
        assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      }
      await(() -> after.verifications.size() == 3);

      assertThat(auth.metrics().listenerFailures()).isEqualTo(3);
    }
  }

  @Test
  void aSlowListener_neverStallsVerification_eventsAreDroppedAndCounted() throws Exception {
    AuthConfig config =
        TestConfigs.fast().toBuilder()
            .telemetry(new TelemetryPolicy(60, 12, 50, 200, 10, 10, 5, 5, 10, 2))
            .build();
    CountDownLatch release = new CountDownLatch(1);
    AuthListener stuck =
        new AuthListener() {
          @Override
          public void onVerification(VerificationEvent event) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    try (Authenticator auth = create(config, stuck)) {
      for (int i = 0; i < 20; i++) {
        assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      }

      assertThat(auth.metrics().listenerEventsDropped()).isGreaterThanOrEqualTo(17);
      release.countDown();
    }
  }

  @Test
  void lifecycle_startAndStopAreEvents() throws Exception {
    RecordingListener listener = new RecordingListener();
    Authenticator auth = create(TestConfigs.fast(), listener);
    auth.close();
    await(() -> listener.lifecycle.size() == 3);

    assertThat(listener.lifecycle)
        .extracting(LifecycleEvent::kind)
        .containsExactly(
            LifecycleEvent.Kind.PREFLIGHT, LifecycleEvent.Kind.STARTED, LifecycleEvent.Kind.STOPPED);
    assertThat(listener.lifecycle.get(0).detail()).startsWith("passed: config=warning, hashers=passed");
    assertThat(listener.lifecycle.get(1).revision()).isEqualTo("test-1");
    assertThat(listener.lifecycle.get(1).fingerprint()).isEqualTo(auth.config().fingerprint());
  }

  @Test
  void metrics_countOutcomesAndLatencies() {
    try (Authenticator auth = create(TestConfigs.fast(), new RecordingListener())) {
      auth.verify("alice", PASSWORD.toCharArray());
      auth.verify("alice", "wrong".toCharArray());
      auth.verify("", "wrong".toCharArray());

      VerificationMetrics metrics = auth.metrics();
      assertThat(metrics.count(Outcome.SUCCESS)).isEqualTo(1);
      assertThat(metrics.count(Outcome.BAD_PASSWORD)).isEqualTo(1);
      assertThat(metrics.count(Outcome.MALFORMED_INPUT)).isEqualTo(1);
      assertThat(metrics.latency().total()).isEqualTo(3);
      assertThat(metrics.latency().quantileUpperBound(1.0)).isPositive();
    }
  }

  @Test
  void systemOutcomeWarnings_areRateLimited() {
    DelegatingStore down =
        new DelegatingStore() {
          @Override
          public String probe() {
            return "answered at start-up"; // it fails from the first login on
          }

          @Override
          public Optional<StoredCredential> find(String username) {
            throw new StoreException("connection refused");
          }
        };
    try (Authenticator auth = Authenticator.builder(TestConfigs.fast(), down).clock(clock).build()) {
      for (int i = 0; i < 50; i++) {
        auth.verify("alice", PASSWORD.toCharArray());
      }
      assertThat(auth.metrics().warningsSuppressed()).isEqualTo(49);

      clock.advance(Duration.ofSeconds(11));
      auth.verify("alice", PASSWORD.toCharArray());
      assertThat(auth.metrics().warningsSuppressed()).isEqualTo(49);
    }
  }

  @Test
  void health_isDegradedWhileAnAnomalyIsActive() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Authenticator auth = create(TestConfigs.fast(), listener)) {
      assertThat(auth.health().status()).isEqualTo(dev.portcullis.auth.telemetry.Health.Status.UP);
      store.put(StoredCredential.of("dave", "{bcrypt}$2a$10$whatever"));
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofSeconds(1));
        auth.verify("dave", PASSWORD.toCharArray());
      }

      var health = auth.health();
      assertThat(health.status()).isEqualTo(dev.portcullis.auth.telemetry.Health.Status.DEGRADED);
      assertThat(health.revision()).isEqualTo("test-1");
      assertThat(health.recentOutcomes().get(Outcome.UNSUPPORTED_HASH)).isEqualTo(5);
      assertThat(health.activeAnomalies()).hasSize(1);
      await(() -> listener.anomalies.size() == 1);
      assertThat(listener.anomalies.get(0).raised()).isTrue();
      assertThat(List.of(listener.anomalies.get(0).anomaly().evidence())).allSatisfy(
          evidence -> assertThat(evidence).contains("UNSUPPORTED_HASH 5 of 5"));
      assertThat(auth.metrics().anomaliesRaised()).isEqualTo(1);
    }
  }
}
