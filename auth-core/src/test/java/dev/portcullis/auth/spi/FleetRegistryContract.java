package dev.portcullis.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.telemetry.Anomaly;
import dev.portcullis.auth.telemetry.AnomalyCause;
import dev.portcullis.auth.telemetry.FleetView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FleetRegistry}, and the fleet view that several authenticators sharing
 * one store build from it. A store's test class extends this and supplies a fresh store whose
 * registry is empty; {@link #anotherInstanceOf} gives a second instance's view of the same data
 * (its own connections, for a database).
 */
public abstract class FleetRegistryContract {

  private static final String HEARTBEAT_THREAD = "portcullis-fleet-heartbeat";
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  private CredentialStore store;
  private final List<Authenticator> opened = new ArrayList<>();

  /** A fresh store that implements {@link FleetRegistry}, with no instance recorded. */
  protected abstract CredentialStore newStore();

  /** Another instance's store on the same data (default: the same object). */
  protected CredentialStore anotherInstanceOf(CredentialStore store) {
    return store;
  }

  @BeforeEach
  void freshStore() {
    store = newStore();
    assertThat(store).isInstanceOf(FleetRegistry.class);
  }

  @AfterEach
  void closeAuthenticators() {
    opened.forEach(Authenticator::close);
  }

  private FleetRegistry registry() {
    return (FleetRegistry) store;
  }

  private static FleetMember member(String id, String revision, Instant heartbeat) {
    return new FleetMember(id, revision, "fp-" + revision, T0, heartbeat);
  }

  @Test
  void heartbeat_recordsTheMember_andASecondBeatReplacesIt() {
    registry().heartbeat(member("b", "r-1", T0));
    registry().heartbeat(member("a", "r-1", T0.plusSeconds(1)));
    registry().heartbeat(member("a", "r-2", T0.plusSeconds(2)));

    assertThat(registry().members())
        .containsExactly(member("a", "r-2", T0.plusSeconds(2)), member("b", "r-1", T0));
  }

  @Test
  void leave_removesOnlyThatInstance() {
    registry().heartbeat(member("a", "r-1", T0));
    registry().heartbeat(member("b", "r-1", T0));

    assertThat(registry().leave("a")).isTrue();
    assertThat(registry().leave("a")).isFalse();
    assertThat(registry().members()).extracting(FleetMember::instanceId).containsExactly("b");
  }

  @Test
  void removeExpired_removesOnlyEntriesOlderThanTheLimit() {
    registry().heartbeat(member("old", "r-1", T0));
    registry().heartbeat(member("edge", "r-1", T0.plusSeconds(30)));
    registry().heartbeat(member("new", "r-1", T0.plusSeconds(31)));

    assertThat(registry().removeExpired(T0.plusSeconds(30))).isEqualTo(1);
    assertThat(registry().members()).extracting(FleetMember::instanceId)
        .containsExactly("edge", "new");
  }

  @Test
  void concurrentBeats_ofManyInstances_areAllRecorded() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> beats = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "i-" + (i % 10); // each instance beats four times, some concurrently
        Instant at = T0.plusSeconds(i);
        beats.add(pool.submit(() -> registry().heartbeat(member(id, "r-1", at))));
      }
      for (Future<?> beat : beats) {
        beat.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(registry().members()).hasSize(10);
  }

  private static AuthConfig config(String revision) {
    return AuthConfig.builder()
        .revision(revision)
        .hashing(HashingPolicy.argon2id(64, 1, 1))
        .pepper(PepperPolicy.none())
        .allowWeakHashing("fleet tests verify a handful of passwords; strength is not under test")
        .build();
  }

  private Authenticator start(String instanceId, String revision) {
    Authenticator auth = Authenticator.builder(config(revision), anotherInstanceOf(store))
        .instanceId(instanceId)
        .build();
    opened.add(auth);
    return auth;
  }

  private FleetView fleetNow() {
    return FleetView.read(store, config("any").fleet(), Instant.now());
  }

  private static Set<Thread> heartbeatThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(HEARTBEAT_THREAD) && thread.isAlive())
        .collect(Collectors.toSet());
  }

  @Test
  void fiveInstancesOnTwoRevisions_theSplitIsSeen_andNamedInAConfigurationAnomaly() {
    for (int i = 1; i <= 3; i++) {
      start("web-" + i, "r-18");
    }
    start("web-4", "r-17");
    Authenticator last = start("web-5", "r-17");
    String fingerprint17 = config("r-17").fingerprint();

    // the last one's first beat, synchronous at creation, saw every instance
    FleetView view = last.health().fleet();
    assertThat(view.status()).isEqualTo(FleetView.Status.RECORDED);
    assertThat(view.members()).extracting(FleetMember::instanceId)
        .containsExactly("web-1", "web-2", "web-3", "web-4", "web-5");
    assertThat(view.groups()).extracting(FleetView.Group::revision, FleetView.Group::instances)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r-18", 3),
            org.assertj.core.groups.Tuple.tuple("r-17", 2));
    assertThat(view.describe()).startsWith("5 live instances: 3 run revision r-18");

    // stored hashes this config cannot verify: a configuration anomaly on this instance
    store.put(StoredCredential.of("dave", "{noop}a password"));
    for (int i = 0; i < 10; i++) {
      assertThat(last.verify("dave", "a password".toCharArray()).outcome())
          .isEqualTo(Outcome.UNSUPPORTED_HASH);
    }
    Anomaly anomaly = last.health().activeAnomalies().get(0);
    assertThat(anomaly.cause()).isEqualTo(AnomalyCause.CONFIGURATION);
    assertThat(anomaly.evidence()).contains("fleet split: 3 of 5 instances run revision r-18,"
        + " fingerprint " + config("r-18").fingerprint().substring(0, 8) + "..; 2 of 5 instances"
        + " run revision r-17, fingerprint " + fingerprint17.substring(0, 8) + "..");
  }

  @Test
  void cleanClose_removesTheEntryAtOnce_andStopsTheHeartbeatThread() throws InterruptedException {
    Set<Thread> before = heartbeatThreads();
    Authenticator a = start("web-a", "r-1");
    Authenticator b = start("web-b", "r-1");
    assertThat(fleetNow().members()).hasSize(2);

    a.close();
    assertThat(fleetNow().members()).extracting(FleetMember::instanceId).containsExactly("web-b");
    b.close();
    assertThat(fleetNow().members()).isEmpty();

    for (Thread thread : heartbeatThreads()) {
      if (!before.contains(thread)) {
        thread.join(5_000); // a terminated executor's thread is gone within moments
      }
    }
    Set<Thread> leaked = heartbeatThreads();
    leaked.removeAll(before);
    assertThat(leaked).isEmpty();
  }

  @Test
  void anInstanceThatStoppedWithoutClosing_expires_andTheNextBeatRemovesIt() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // a pod killed 31 s ago, with the default 30 s expiry
    registry().heartbeat(new FleetMember("killed-pod", "r-0", "fp-0",
        now.minusSeconds(600), now.minusSeconds(31)));
    assertThat(fleetNow().members()).isEmpty(); // not live, though still recorded
    assertThat(registry().members()).extracting(FleetMember::instanceId).contains("killed-pod");

    Authenticator auth = start("web-1", "r-1"); // its first beat expires the entry

    assertThat(registry().members()).extracting(FleetMember::instanceId).containsExactly("web-1");
    assertThat(auth.health().fleet().members()).extracting(FleetMember::revision)
        .containsExactly("r-1");
  }

  @Test
  void reload_recordsTheNewRevisionWithoutWaitingForTheNextBeat() throws InterruptedException {
    Authenticator auth = start("web-1", "r-1");

    auth.reload(config("r-2"));

    // the reload's beat runs on the heartbeat thread, at once (the interval is 10 s)
    awaitUpTo10Seconds(() -> fleetNow().members().stream()
        .anyMatch(member -> member.revision().equals("r-2")));
    FleetMember recorded = fleetNow().members().get(0);
    assertThat(recorded.fingerprint()).isEqualTo(config("r-2").fingerprint());
  }

  @Test
  void anAuthenticatorThatDoesNotJoin_isNotRecorded() {
    Authenticator tool = Authenticator.builder(config("r-1"), store).joinFleet(false).build();
    opened.add(tool);

    assertThat(registry().members()).isEmpty();
    assertThat(tool.health().fleet().status()).isEqualTo(FleetView.Status.NOT_SUPPORTED);
  }

  private static void awaitUpTo10Seconds(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
