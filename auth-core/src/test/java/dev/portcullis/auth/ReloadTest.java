package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.CachePolicy;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.PreflightPolicy;
import dev.portcullis.auth.config.PreflightPolicy.Canary;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.config.StoreCallPolicy;
import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.telemetry.LifecycleEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@link Authenticator#reload}: validate, preflight, swap atomically, or keep the old config. */
final class ReloadTest {

  private static final String PASSWORD = "zebra quartz lantern orbit";
  private static final Secret K1 = key(0x11, "env:PEPPER_K1");
  private static final Secret K2 = key(0x22, "env:PEPPER_K2");

  private final DelegatingStore store = new DelegatingStore();

  private static Secret key(int fill, String reference) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return Secret.of(bytes, reference);
  }

  private static AuthConfig configA() {
    return TestConfigs.fast().toBuilder()
        .revision("A")
        .pepper(PepperPolicy.keyring("k1", Map.of("k1", K1)))
        .preflight(PreflightPolicy.defaults().withCanaries(
            List.of(new Canary("main", "alice", Secret.of(PASSWORD.getBytes(UTF_8), "env:C")))))
        .build();
  }

  private Authenticator startWithAlice(AuthConfig config, RecordingListener listener) {
    try (Authenticator provisioning =
        Authenticator.builder(config, store).preflightOnCreate(java.util.Set.of()).build()) {
      assertThat(provisioning.setPassword("alice", PASSWORD.toCharArray()).changed()).isTrue();
    }
    return Authenticator.builder(config, store).listener(listener).build();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void validConfig_isSwappedInAndReported() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Authenticator auth = startWithAlice(configA(), listener)) {
      AuthConfig b = configA().toBuilder().revision("B")
          .pepper(PepperPolicy.keyring("k2", Map.of("k1", K1, "k2", K2))).build();

      PreflightReport report = auth.reload(b);

      assertThat(report.passed()).isTrue();
      assertThat(auth.config().revision()).isEqualTo("B");
      assertThat(auth.health().revision()).isEqualTo("B");
      assertThat(auth.health().lastReload()).startsWith("reloaded revision B")
          .contains("replacing revision A");
      // the new keyring is live: alice's login rehashes her under k2
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(PhcString.parse(store.find("alice").orElseThrow().encodedHash()).param("keyid"))
          .contains("k2");
      await(() -> listener.lifecycle.stream()
          .anyMatch(event -> event.kind() == LifecycleEvent.Kind.RELOADED));
      LifecycleEvent reloaded = listener.lifecycle.stream()
          .filter(event -> event.kind() == LifecycleEvent.Kind.RELOADED).findFirst().orElseThrow();
      assertThat(reloaded.revision()).isEqualTo("B");
      assertThat(reloaded.fingerprint()).isEqualTo(b.fingerprint());
    }
  }

  @Test
  void failingPreflight_keepsServingTheOldConfigAndSaysWhy() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (Authenticator auth = startWithAlice(configA(), listener)) {
      AuthConfig broken = configA().toBuilder().revision("B")
          .pepper(PepperPolicy.keyring("k2", Map.of("k2", K2))).build(); // k1 dropped

      assertThatThrownBy(() -> auth.reload(broken))
          .isInstanceOf(PreflightException.class)
          .hasMessageContaining("preflight of revision B failed, revision A stays live")
          .hasMessageContaining("PEPPER_KEY_MISSING");

      assertThat(auth.config().revision()).isEqualTo("A");
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.health().lastReload()).startsWith("FAILED at ")
          .contains("revision B").contains("revision A stays live");
      await(() -> listener.lifecycle.stream()
          .anyMatch(event -> event.kind() == LifecycleEvent.Kind.RELOAD_FAILED));
      LifecycleEvent failed = listener.lifecycle.stream()
          .filter(event -> event.kind() == LifecycleEvent.Kind.RELOAD_FAILED)
          .findFirst().orElseThrow();
      assertThat(failed.revision()).isEqualTo("A");
      assertThat(failed.detail()).startsWith("revision B refused");
    }
  }

  @Test
  void aChangedStore_isRefused() {
    try (Authenticator auth = startWithAlice(configA(), new RecordingListener())) {
      AuthConfig elsewhere = configA().toBuilder().revision("B").store(StorePolicy.memory()).build();

      assertThatThrownBy(() -> auth.reload(elsewhere))
          .isInstanceOf(PreflightException.class)
          .hasMessageContaining("store.* cannot change by reload");
      assertThat(auth.config().revision()).isEqualTo("A");
    }
  }

  @Test
  void aVerificationInFlight_finishesOnTheConfigItStartedWith() throws Exception {
    CountDownLatch inFind = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // the store call runs on a helper thread of the engine: the next lookup of alice is marked
    AtomicBoolean nextFindWaits = new AtomicBoolean();
    DelegatingStore slow = new DelegatingStore(store.delegate) {
      @Override
      public Optional<StoredCredential> find(String username) {
        if (username.equals("alice") && nextFindWaits.getAndSet(false)) {
          inFind.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.find(username);
      }
    };
    startWithAlice(configA(), new RecordingListener()).close();
    // a deadline longer than the reload this login waits for
    AuthConfig a = configA().toBuilder().storeCalls(new StoreCallPolicy(60_000, 8)).build();
    try (Authenticator auth = Authenticator.create(a, slow)) {
      CompletableFuture<VerificationResult> inFlight = new CompletableFuture<>();
      nextFindWaits.set(true);
      Thread thread = new Thread(
          () -> inFlight.complete(auth.verify("alice", PASSWORD.toCharArray())), "in-flight");
      thread.start();
      assertThat(inFind.await(10, TimeUnit.SECONDS)).isTrue();
      // B drops k1 (forced through, so the swap happens while alice's login waits)
      AuthConfig b = a.toBuilder().revision("B")
          .pepper(PepperPolicy.keyring("k2", Map.of("k2", K2)))
          .preflight(PreflightPolicy.defaults().withChecks(PreflightPolicy.defaults().onCreate(),
              java.util.EnumSet.of(PreflightPolicy.Check.PEPPER,
                  PreflightPolicy.Check.STORED_HASHES))).build();
      auth.reload(b);
      release.countDown();

      assertThat(inFlight.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.PEPPER_KEY_MISSING);
    }
  }

  @Test
  void throttleCounters_surviveAReloadThatChangesTheThrottlePolicy() {
    ThrottlePolicy three = new ThrottlePolicy(true, 3, 3, false, 60_000, 900, 100, 600, 1_000, 3_600);
    AuthConfig a = configA().toBuilder().throttle(three).build();
    try (Authenticator auth = startWithAlice(a, new RecordingListener())) {
      for (int i = 0; i < 3; i++) {
        assertThat(auth.verify("alice", "wrong password".toCharArray()).outcome())
            .isEqualTo(Outcome.BAD_PASSWORD);
      }
      assertThat(auth.verify("alice", "wrong password".toCharArray()).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD); // the fourth failure starts the delay
      ThrottlePolicy longer =
          new ThrottlePolicy(true, 3, 3, false, 120_000, 900, 100, 600, 1_000, 3_600);

      auth.reload(a.toBuilder().revision("B").throttle(longer).build());

      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void cachedVerifications_areDroppedWhenHashingChanges() {
    AuthConfig a = configA().toBuilder().cache(new CachePolicy(true, 300, 1_000)).build();
    try (Authenticator auth = startWithAlice(a, new RecordingListener())) {
      auth.verify("alice", PASSWORD.toCharArray());
      auth.verify("alice", PASSWORD.toCharArray());
      assertThat(auth.metrics().cacheHits()).isEqualTo(1);

      auth.reload(a.toBuilder().revision("B").hashing(HashingPolicy.argon2id(128, 1, 1)).build());
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);

      // not answered from the cache: the login was checked and rehashed under the new policy
      assertThat(auth.metrics().cacheHits()).isEqualTo(1);
      assertThat(auth.metrics().rehashWritten()).isEqualTo(1);
      assertThat(store.find("alice").orElseThrow().encodedHash()).contains("m=128,");
    }
  }

  @Test
  void cachedVerifications_areKeptWhenOnlyTheRevisionChanges() {
    AuthConfig a = configA().toBuilder().cache(new CachePolicy(true, 300, 1_000)).build();
    try (Authenticator auth = startWithAlice(a, new RecordingListener())) {
      auth.verify("alice", PASSWORD.toCharArray());

      auth.reload(a.toBuilder().revision("B").build());
      auth.verify("alice", PASSWORD.toCharArray());

      assertThat(auth.metrics().cacheHits()).isEqualTo(1);
    }
  }

  @Test
  void aReloadIsAConfigChangeTheDetectorCanBlame() throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-26T12:00:00Z"));
    try (Authenticator provisioning = Authenticator.builder(configA(), store)
        .preflightOnCreate(java.util.Set.of()).build()) {
      provisioning.setPassword("alice", PASSWORD.toCharArray());
      for (int i = 0; i < 20; i++) {
        provisioning.setPassword("user-" + i, PASSWORD.toCharArray());
      }
    }
    RecordingListener listener = new RecordingListener();
    try (Authenticator auth =
        Authenticator.builder(configA(), store).clock(clock).listener(listener).build()) {
      for (int i = 0; i < 200; i++) {
        clock.advance(Duration.ofMillis(100));
        auth.verify("user-" + (i % 20), (i % 10 == 0 ? "typo" : PASSWORD).toCharArray());
      }
      // B points at a store "where nobody exists": here, usernames with a new prefix
      auth.reload(configA().toBuilder().revision("B").preflight(PreflightPolicy.defaults()).build());
      for (int i = 0; i < 300 && auth.health().activeAnomalies().isEmpty(); i++) {
        clock.advance(Duration.ofMillis(100));
        auth.verify(i % 4 == 0 ? "user-" + (i % 20) : "tenant-user-" + i, PASSWORD.toCharArray());
      }

      assertThat(auth.health().activeAnomalies()).singleElement().satisfies(anomaly -> {
        assertThat(anomaly.cause()).isEqualTo(dev.portcullis.auth.telemetry.AnomalyCause.CONFIGURATION);
        assertThat(anomaly.evidence()).contains("after the configuration changed")
            .contains("revision B");
      });
    }
  }

  @Test
  void theSameFileLoadedAgain_reloadsAndKeepsTheCache(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path directory) throws Exception {
    java.nio.file.Files.writeString(directory.resolve("k1.key"),
        java.util.Base64.getEncoder().encodeToString(K1.exposeBytes()) + "\n");
    java.nio.file.Files.writeString(directory.resolve("db.secret"), "db password\n");
    java.nio.file.Path file = directory.resolve("auth.properties");
    java.nio.file.Files.writeString(file, String.join("\n",
        "config.schema = 1", "revision = A",
        "hashing.scheme = argon2id", "hashing.argon2id.memory-kib = 64",
        "hashing.argon2id.iterations = 1", "hashing.argon2id.parallelism = 1",
        "hashing.allow-weak-reason = tests need fast hashes",
        "pepper = keyring", "pepper.current-key = k1", "pepper.keys.k1 = file:k1.key",
        "store.type = jdbc", "store.jdbc.url = jdbc:postgresql://db.internal/auth",
        "store.jdbc.password = file:db.secret",
        "cache.enabled = true", ""));
    dev.portcullis.auth.config.AuthConfigLoader loader = dev.portcullis.auth.config.AuthConfigLoader
        .create().file(file).environment(Map.of()).systemProperties(Map.of());
    AuthConfig first = loader.load();
    try (Authenticator auth = startWithAlice(first, new RecordingListener())) {
      auth.verify("alice", PASSWORD.toCharArray());

      auth.reload(loader.load()); // a file re-read: equal settings, other objects

      auth.verify("alice", PASSWORD.toCharArray());
      assertThat(auth.metrics().cacheHits()).isEqualTo(1);
    }
  }
}
