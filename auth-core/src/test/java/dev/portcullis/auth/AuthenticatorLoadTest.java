package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AdmissionPolicy;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.CachePolicy;
import dev.portcullis.auth.config.HashParameterCaps;

import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Throttling, admission, the verification cache and verifyAsync, on the real engine. */
final class AuthenticatorLoadTest {

  private static final String PASSWORD = "correct horse battery staple";

  private final Argon2Hasher argon2 = new Argon2Hasher();
  private final CountingHasher counting = new CountingHasher(argon2);
  private final DelegatingStore store = new DelegatingStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

  private Authenticator create(AuthConfig config) {
    Authenticator auth = Authenticator.builder(config, store).hasher(counting).clock(clock).build();
    auth.setPassword("alice", PASSWORD.toCharArray());
    counting.reset();
    return auth;
  }

  private static AuthConfig withThrottle(ThrottlePolicy throttle) {
    return TestConfigs.fast().toBuilder().throttle(throttle).build();
  }

  private static AuthConfig withCache() {
    return TestConfigs.fast().toBuilder().cache(new CachePolicy(true, 300, 1000)).build();
  }

  // ---- throttling

  @Test
  void throttle_afterTheFreeFailures_refusesBeforeAnyHashingWithRetryAfter() {
    try (Authenticator auth = create(TestConfigs.fast())) {
      AttemptContext from = AttemptContext.fromSource("203.0.113.7");
      for (int i = 0; i < 5; i++) {
        assertThat(auth.verify("alice", "guess".toCharArray(), from).outcome())
            .isEqualTo(Outcome.BAD_PASSWORD);
      }
      assertThat(auth.verify("alice", "guess".toCharArray(), from).outcome())
          .as("the 6th failure is counted and starts the delay")
          .isEqualTo(Outcome.BAD_PASSWORD);
      counting.reset();

      VerificationResult throttled = auth.verify("alice", PASSWORD.toCharArray(), from);

      assertThat(throttled.outcome()).isEqualTo(Outcome.THROTTLED);
      assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(1));
      assertThat(counting.verifications).as("no hashing for a throttled attempt").hasValue(0);
    }
  }

  @Test
  void throttle_delaysDoubleAndASuccessResetsThem() {
    try (Authenticator auth = create(TestConfigs.fast())) {
      AttemptContext from = AttemptContext.fromSource("203.0.113.7");
      for (int i = 0; i < 6; i++) {
        auth.verify("alice", "guess".toCharArray(), from);
      }
      clock.advance(Duration.ofSeconds(1));
      auth.verify("alice", "guess".toCharArray(), from); // 7th: 2 s
      assertThat(auth.verify("alice", PASSWORD.toCharArray(), from).retryAfter())
          .contains(Duration.ofSeconds(2));

      clock.advance(Duration.ofSeconds(2));
      assertThat(auth.verify("alice", PASSWORD.toCharArray(), from).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.verify("alice", "typo".toCharArray(), from).outcome())
          .as("the success reset the count")
          .isEqualTo(Outcome.BAD_PASSWORD);
    }
  }

  @Test
  void throttle_anAttackerFromOneSource_doesNotLockTheUserOutElsewhere() {
    try (Authenticator auth = create(TestConfigs.fast())) {
      AttemptContext attacker = AttemptContext.fromSource("198.51.100.66");
      for (int i = 0; i < 12; i++) {
        auth.verify("alice", ("guess-" + i).toCharArray(), attacker);
      }
      assertThat(auth.verify("alice", PASSWORD.toCharArray(), attacker).outcome())
          .isEqualTo(Outcome.THROTTLED);

      assertThat(auth.verify("alice", PASSWORD.toCharArray(), AttemptContext.fromSource("203.0.113.7"))
              .outcome())
          .as("the real user, from their own address")
          .isEqualTo(Outcome.SUCCESS);
    }
  }

  @Test
  void throttle_aSourceSprayingManyAccounts_isThrottledForTheWindow() {
    AuthConfig config =
        withThrottle(new ThrottlePolicy(true, 5, 20, false, 1_000, 900, 10, 600, 1_000, 3_600));
    try (Authenticator auth = create(config)) {
      AttemptContext sprayer = AttemptContext.fromSource("198.51.100.66");
      for (int i = 0; i < 10; i++) {
        auth.verify("user-" + i, "Winter2026!".toCharArray(), sprayer);
      }

      VerificationResult next = auth.verify("alice", PASSWORD.toCharArray(), sprayer);
      assertThat(next.outcome()).isEqualTo(Outcome.THROTTLED);
      assertThat(next.retryAfter()).contains(Duration.ofSeconds(600));
      clock.advance(Duration.ofSeconds(600));
      assertThat(auth.verify("alice", PASSWORD.toCharArray(), sprayer).outcome()).isEqualTo(Outcome.SUCCESS);
    }
  }

  @Test
  void throttle_manySourcesAgainstOneAccount_areSlowedAfterTheAccountLimit() {
    try (Authenticator auth = create(TestConfigs.fast())) {
      for (int i = 0; i < 21; i++) {
        auth.verify("alice", "guess".toCharArray(), AttemptContext.fromSource("10.0.0." + i));
      }

      assertThat(auth.verify("alice", PASSWORD.toCharArray(), AttemptContext.fromSource("10.9.9.9"))
              .outcome())
          .isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void throttle_hardLockout_onlyWhenConfigured() {
    AuthConfig config =
        withThrottle(new ThrottlePolicy(true, 5, 3, true, 1_000, 900, 100, 600, 1_000, 3_600));
    try (Authenticator auth = create(config)) {
      for (int i = 0; i < 3; i++) {
        auth.verify("alice", "guess".toCharArray());
      }
      clock.advance(Duration.ofHours(2)); // delays would have long passed

      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void throttle_systemOutcomes_neverCount() {
    try (Authenticator auth = create(TestConfigs.fast())) {
      store.put(StoredCredential.of("bob", "{noop}" + PASSWORD));
      for (int i = 0; i < 30; i++) {
        assertThat(auth.verify("bob", PASSWORD.toCharArray()).outcome())
            .isEqualTo(Outcome.UNSUPPORTED_HASH);
      }
    }
  }

  @Test
  void throttle_whileAConfigurationAnomalyIsActive_failuresCountUntilAReloadForgivesThem() {
    try (Authenticator auth = create(TestConfigs.fast())) {
      store.put(StoredCredential.of("bob", "{noop}" + PASSWORD));
      for (int i = 0; i < 5; i++) {
        auth.verify("bob", PASSWORD.toCharArray()); // raises a configuration anomaly
      }
      assertThat(auth.health().activeAnomalies()).isNotEmpty();
      for (int i = 0; i < 30; i++) {
        auth.verify("alice", "rejected-while-misconfigured".toCharArray());
      }
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.THROTTLED);

      // the fix: the unverifiable row goes (the preflight refuses a reload while it is there), and
      // a config that verifies differently (only such a change can be the fix of a configuration
      // anomaly; one that verifies alike forgives nothing: ConfigurationAnomalyThrottleTest)
      store.delete("bob");
      auth.reload(TestConfigs.fast().toBuilder().revision("test-2")
          .hashing(dev.portcullis.auth.config.HashingPolicy.argon2id(128, 1, 1)).build());

      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    }
  }

  @Test
  void throttle_anAttackerWhoProvokesAConfigurationAnomaly_isStillHeldPerSourceAndPerAccount() {
    AuthConfig config =
        withThrottle(new ThrottlePolicy(true, 5, 20, false, 1_000, 900, 10, 600, 1_000, 3_600));
    try (Authenticator auth = create(config)) {
      store.put(StoredCredential.of("bob", "{noop}" + PASSWORD));
      for (int i = 0; i < 5; i++) {
        auth.verify("bob", PASSWORD.toCharArray()); // raises a configuration anomaly
      }
      AttemptContext sprayer = AttemptContext.fromSource("198.51.100.66");
      for (int i = 0; i < 10; i++) {
        auth.verify("alice", ("guess-" + i).toCharArray(), sprayer);
      }

      assertThat(auth.verify("alice", PASSWORD.toCharArray(), sprayer).outcome())
          .isEqualTo(Outcome.THROTTLED);
      assertThat(auth.verify("alice", PASSWORD.toCharArray(), AttemptContext.fromSource("203.0.113.7"))
              .outcome())
          .as("the account counted 10 of its 20 free failures, as it would without the anomaly")
          .isEqualTo(Outcome.SUCCESS);
    }
  }

  // ---- throttling under concurrency: the attempt is charged before hashing

  private static final ThrottlePolicy LOCKOUT_AFTER_5 =
      new ThrottlePolicy(true, 5, 5, true, 1_000, 900, 1_000, 600, 1_000, 3_600);

  @Test
  void throttle_aBurstOfConcurrentGuesses_getsNoMoreThanTheFreeFailures() throws Exception {
    CountingHasher slow = Bursts.slowArgon2();
    try (Authenticator auth =
        Authenticator.builder(withThrottle(LOCKOUT_AFTER_5), store).hasher(slow).clock(clock).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      slow.reset();

      Map<Outcome, Integer> outcomes =
          Bursts.run(40, i -> auth.verify("alice", ("guess-" + i).toCharArray()));

      assertThat(outcomes.getOrDefault(Outcome.BAD_PASSWORD, 0))
          .as("outcomes %s", outcomes)
          .isEqualTo(5);
      assertThat(outcomes.getOrDefault(Outcome.THROTTLED, 0)).as("outcomes %s", outcomes).isEqualTo(35);
      assertThat(slow.verifications.get()).as("throttled attempts hash nothing").isEqualTo(5);
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome())
          .as("the account is locked after its 5 failures")
          .isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void throttle_aBurstFromOneSource_getsThePairsFreeFailuresAndTheOneThatStartsTheDelay()
      throws Exception {
    CountingHasher slow = Bursts.slowArgon2();
    try (Authenticator auth =
        Authenticator.builder(TestConfigs.fast(), store).hasher(slow).clock(clock).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      AttemptContext from = AttemptContext.fromSource("198.51.100.66");

      Map<Outcome, Integer> outcomes =
          Bursts.run(40, i -> auth.verify("alice", ("guess-" + i).toCharArray(), from));

      assertThat(outcomes.getOrDefault(Outcome.BAD_PASSWORD, 0))
          .as("as sequentially: 5 free failures, and the 6th that starts the delay; %s", outcomes)
          .isEqualTo(6);
      assertThat(outcomes.getOrDefault(Outcome.THROTTLED, 0)).isEqualTo(34);
    }
  }

  @Test
  void throttle_aConcurrentBurstOfSuccesses_isNotThrottledByTheirOwnCharges() throws Exception {
    CountingHasher slow = Bursts.slowArgon2();
    try (Authenticator auth =
        Authenticator.builder(withThrottle(LOCKOUT_AFTER_5), store).hasher(slow).clock(clock).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());

      Map<Outcome, Integer> outcomes = Bursts.run(4, i -> auth.verify("alice", PASSWORD.toCharArray()));

      assertThat(outcomes).containsExactly(Map.entry(Outcome.SUCCESS, 4));
      for (int i = 0; i < 5; i++) {
        assertThat(auth.verify("alice", "guess".toCharArray()).outcome())
            .as("the successes left no charge behind")
            .isEqualTo(Outcome.BAD_PASSWORD);
      }
    }
  }

  @Test
  void throttle_aStoreFailingMidAttempt_leavesNoChargeBehind() {
    AtomicBoolean down = new AtomicBoolean();
    DelegatingStore flaky =
        new DelegatingStore() {
          @Override
          public Optional<StoredCredential> find(String username) {
            if (down.get()) {
              throw new StoreException("credentials unreachable (test)");
            }
            return super.find(username);
          }
        };
    try (Authenticator auth =
        Authenticator.builder(withThrottle(LOCKOUT_AFTER_5), flaky).clock(clock).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      for (int i = 0; i < 4; i++) {
        assertThat(auth.verify("alice", "guess".toCharArray()).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      }
      down.set(true);
      for (int i = 0; i < 10; i++) {
        assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome())
            .isEqualTo(Outcome.STORE_UNAVAILABLE);
      }
      down.set(false);

      assertThat(auth.verify("alice", "guess".toCharArray()).outcome())
          .as("the 5th failure: the outage was refunded")
          .isEqualTo(Outcome.BAD_PASSWORD);
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void throttle_disabledAccount_isNotCountedAsAFailure() {
    try (Authenticator auth = create(withThrottle(LOCKOUT_AFTER_5))) {
      store.put(new StoredCredential("bob", store.find("alice").orElseThrow().encodedHash(), true));
      for (int i = 0; i < 10; i++) {
        assertThat(auth.verify("bob", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.DISABLED);
      }
      store.put(StoredCredential.of("bob", store.find("alice").orElseThrow().encodedHash()));

      assertThat(auth.verify("bob", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    }
  }

  // ---- admission

  /** A real hasher that holds its verification until released, to fill the budget. */
  private static final class HoldingHasher extends CountingHasher {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    HoldingHasher(Argon2Hasher delegate) {
      super(delegate);
    }

    @Override
    public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
        throws UnverifiableHashException {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.verify(password, encodedHash, caps);
    }
  }

  @Test
  void admission_aFullMemoryBudget_makesTheNextVerificationOverloadedNotSlow() throws Exception {
    AuthConfig config =
        TestConfigs.fast().toBuilder()
            .hashCaps(new HashParameterCaps(64, 64, 16, 10_000_000, 64, 64))
            .admission(new AdmissionPolicy(64, 50))
            .build();
    HoldingHasher holding = new HoldingHasher(argon2);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Authenticator auth = Authenticator.builder(config, store).hasher(holding).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      Future<Outcome> first = pool.submit(() -> auth.verify("alice", PASSWORD.toCharArray()).outcome());
      assertThat(holding.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(auth.metrics().admissionInFlightKib()).isEqualTo(64);

      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.OVERLOADED);
      assertThat(auth.verify("nobody", PASSWORD.toCharArray()).outcome())
          .as("an unknown user's dummy hash needs room too, and must not reveal the account")
          .isEqualTo(Outcome.OVERLOADED);

      holding.release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.metrics().admissionInFlightKib()).isZero();
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- cache

  @Test
  void cache_aRepeatedLogin_isAnsweredWithoutHashing() {
    try (Authenticator auth = create(withCache())) {
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      counting.reset();

      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);

      assertThat(counting.verifications).hasValue(0);
      assertThat(auth.metrics().cacheHits()).isEqualTo(1);
    }
  }

  @Test
  void cache_aWrongPassword_isNeverAcceptedAndIsHashed() {
    try (Authenticator auth = create(withCache())) {
      auth.verify("alice", PASSWORD.toCharArray());
      counting.reset();

      assertThat(auth.verify("alice", (PASSWORD + "!").toCharArray()).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD);
      assertThat(counting.verifications).hasValue(1);
    }
  }

  @Test
  void cache_aChangedOrDeletedPassword_misses() {
    try (Authenticator auth = create(withCache())) {
      auth.verify("alice", PASSWORD.toCharArray());
      String other = argon2.hash("new password".getBytes(UTF_8), TestConfigs.FAST_ARGON2ID);
      store.put(StoredCredential.of("alice", other)); // changed behind the engine's back

      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      assertThat(auth.verify("alice", "new password".toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);

      store.delete("alice");
      assertThat(auth.verify("alice", "new password".toCharArray()).outcome())
          .isEqualTo(Outcome.UNKNOWN_USER);
    }
  }

  @Test
  void cache_invalidate_forcesTheNextLoginToHash() {
    try (Authenticator auth = create(withCache())) {
      auth.verify("alice", PASSWORD.toCharArray());
      auth.invalidate("alice");
      counting.reset();

      auth.verify("alice", PASSWORD.toCharArray());
      assertThat(counting.verifications).hasValue(1);

      auth.invalidateAll();
      counting.reset();
      auth.verify("alice", PASSWORD.toCharArray());
      assertThat(counting.verifications).hasValue(1);
    }
  }

  @Test
  void cache_concurrentFirstLogins_hashOnce() throws Exception {
    CountingHasher slow =
        new CountingHasher(argon2) {
          @Override
          public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
              throws UnverifiableHashException {
            boolean result = super.verify(password, encodedHash, caps);
            try {
              Thread.sleep(300); // keep the flight open while the others arrive
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return result;
          }
        };
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Authenticator auth = Authenticator.builder(withCache(), store).hasher(slow).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      slow.reset();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Outcome>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return auth.verify("alice", PASSWORD.toCharArray()).outcome();
        }));
      }
      start.countDown();
      for (Future<Outcome> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.SUCCESS);
      }

      assertThat(slow.verifications.get()).isLessThanOrEqualTo(2).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cache_concurrentGuessesForAnUnknownUser_alsoHashOnce() throws Exception {
    CountingHasher slow =
        new CountingHasher(argon2) {
          @Override
          public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
              throws UnverifiableHashException {
            boolean result = super.verify(password, encodedHash, caps);
            try {
              Thread.sleep(300); // keep the flight open while the others arrive
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return result;
          }
        };
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Authenticator auth = Authenticator.builder(withCache(), store).hasher(slow).build()) {
      slow.reset();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Outcome>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return auth.verify("nobody", "same guess".toCharArray()).outcome();
        }));
      }
      start.countDown();
      for (Future<Outcome> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.UNKNOWN_USER);
      }

      assertThat(slow.verifications.get())
          .as("as many hashes as a known user's identical guesses would cost")
          .isLessThanOrEqualTo(2)
          .isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cache_concurrentMixedPasswords_neverAcceptAWrongOne() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Authenticator auth = create(withCache())) {
      List<Future<Boolean>> wrongAccepted = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        boolean right = i % 2 == 0;
        wrongAccepted.add(pool.submit(() -> {
          Outcome outcome = auth.verify("alice", (right ? PASSWORD : PASSWORD + "?").toCharArray()).outcome();
          return !right && outcome == Outcome.SUCCESS || right && outcome != Outcome.SUCCESS;
        }));
      }
      for (Future<Boolean> result : wrongAccepted) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- async

  @Test
  void verifyAsync_runsOnTheGivenExecutorAndCopiesThePassword() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "caller-pool"));
    try (Authenticator auth =
        Authenticator.builder(TestConfigs.fast(), store).executor(pool).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      char[] password = PASSWORD.toCharArray();
      List<String> threadNames = new ArrayList<>();
      RecordingListener listener = new RecordingListener();
      auth.addListener(listener);

      var future = auth.verifyAsync("alice", password);
      java.util.Arrays.fill(password, 'x'); // the caller wipes at once

      assertThat(future.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SUCCESS);
      threadNames.add(pool.submit(() -> Thread.currentThread().getName()).get());
      assertThat(threadNames).containsExactly("caller-pool");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void verifyAsync_aRefusingExecutor_isOverloaded() throws Exception {
    java.util.concurrent.Executor refusing =
        task -> {
          throw new java.util.concurrent.RejectedExecutionException("full");
        };
    try (Authenticator auth = Authenticator.builder(TestConfigs.fast(), store).executor(refusing).build()) {
      assertThat(auth.verifyAsync("alice", PASSWORD.toCharArray()).get(1, TimeUnit.SECONDS).outcome())
          .isEqualTo(Outcome.OVERLOADED);
      assertThat(auth.metrics().count(Outcome.OVERLOADED)).isEqualTo(1);
    }
  }

  @Test
  void verifyAsync_defaultExecutor_works() throws Exception {
    try (Authenticator auth = create(TestConfigs.fast())) {
      assertThat(auth.verifyAsync("alice", PASSWORD.toCharArray(), AttemptContext.fromSource("x"))
              .get(10, TimeUnit.SECONDS).outcome())
          .isEqualTo(Outcome.SUCCESS);
    }
  }

}
