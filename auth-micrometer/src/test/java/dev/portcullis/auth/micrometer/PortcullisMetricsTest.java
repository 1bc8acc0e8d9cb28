package dev.portcullis.auth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class PortcullisMetricsTest {

  private static final String PASSWORD = "correct horse battery staple";

  private final InMemoryCredentialStore store = new InMemoryCredentialStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Authenticator auth =
      Authenticator.create(
          AuthConfig.builder()
              .revision("metrics-test")
              .hashing(HashingPolicy.argon2id(64, 1, 1))
              .pepper(PepperPolicy.none())
              .allowWeakHashing("unit tests need fast hashes")
              .build(),
          store);

  @AfterEach
  void close() {
    auth.close();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.sleep(5);
    }
  }

  private long timerCount(String outcome) {
    Timer timer = registry.find("portcullis.verifications").tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void verifications_areTimedByOutcomeCategoryAndScheme() throws Exception {
    new PortcullisMetrics(auth).bindTo(registry);
    auth.setPassword("alice", PASSWORD.toCharArray());

    auth.verify("alice", PASSWORD.toCharArray());
    auth.verify("alice", "wrong".toCharArray());
    auth.verify("alice", "wrong again".toCharArray());
    auth.verify("mallory", "wrong".toCharArray());
    await(() -> timerCount("SUCCESS") == 1 && timerCount("BAD_PASSWORD") == 2 && timerCount("UNKNOWN_USER") == 1);

    Timer bad = registry.get("portcullis.verifications").tag("outcome", "BAD_PASSWORD").timer();
    assertThat(bad.getId().getTag("category")).isEqualTo("CLIENT");
    assertThat(bad.getId().getTag("scheme")).isEqualTo("argon2id");
    assertThat(bad.totalTime(TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void tags_neverCarryUsernamesOrInventedSchemes() throws Exception {
    new PortcullisMetrics(auth).bindTo(registry);
    store.put(StoredCredential.of("erin", "$made-up-scheme-123$abc"));

    auth.verify("erin", PASSWORD.toCharArray());
    auth.verify("user-with-a-unique-name", PASSWORD.toCharArray());
    await(() -> timerCount("UNSUPPORTED_HASH") == 1 && timerCount("UNKNOWN_USER") == 1);

    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTags().toString())
          .doesNotContain("erin")
          .doesNotContain("user-with-a-unique-name")
          .doesNotContain("made-up-scheme");
    }
    assertThat(registry.get("portcullis.verifications").tag("outcome", "UNSUPPORTED_HASH").timer()
            .getId().getTag("scheme"))
        .isEqualTo("unsupported");
  }

  @Test
  void rehashAndAnomalies_areCounted() throws Exception {
    new PortcullisMetrics(auth).bindTo(registry);
    try (Authenticator weak =
        Authenticator.create(
            auth.config().toBuilder().hashing(HashingPolicy.argon2id(32, 1, 1)).build(), store)) {
      weak.setPassword("carol", PASSWORD.toCharArray());
    }
    auth.verify("carol", PASSWORD.toCharArray());
    store.put(StoredCredential.of("dave", "{noop}" + PASSWORD));
    for (int i = 0; i < 5; i++) {
      auth.verify("dave", PASSWORD.toCharArray());
    }

    assertThat(registry.get("portcullis.rehash").tag("result", "written").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("portcullis.anomalies.active").gauge().value()).isEqualTo(1);
    await(() -> registry.get("portcullis.anomalies").tag("cause", "configuration").counter().count() == 1);
    assertThat(registry.get("portcullis.anomalies").tag("cause", "store").counter().count()).isZero();
    assertThat(registry.get("portcullis.listener.failures").functionCounter().count()).isZero();
  }

  @Test
  void admissionAndCacheGauges_areRegistered() {
    new PortcullisMetrics(auth).bindTo(registry);

    assertThat(registry.get("portcullis.admission.memory.inflight").gauge().value()).isZero();
    assertThat(registry.get("portcullis.admission.queue").gauge().value()).isZero();
    assertThat(registry.get("portcullis.cache.requests").tag("result", "hit").functionCounter().count())
        .isZero();
    assertThat(registry.get("portcullis.cache.size").gauge().value()).isZero();
  }

  @Test
  void storeCallAndThrottleResetMeters_arePresentAtZero() {
    new PortcullisMetrics(auth).bindTo(registry);

    assertThat(registry.get("portcullis.store.calls.inflight").gauge().value()).isZero();
    assertThat(registry.get("portcullis.store.calls.overdue").gauge().value()).isZero();
    assertThat(registry.get("portcullis.store.calls.overdue.oldest").gauge().value()).isZero();
    assertThat(registry.get("portcullis.store.calls.abandoned").tag("reason", "timeout")
        .functionCounter().count()).isZero();
    assertThat(registry.get("portcullis.store.calls.abandoned").tag("reason", "refused")
        .functionCounter().count()).isZero();
    assertThat(registry.get("portcullis.throttle.reset.failures").functionCounter().count())
        .isZero();
  }
}
