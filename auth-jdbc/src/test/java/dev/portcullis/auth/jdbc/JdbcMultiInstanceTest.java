package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.VerificationResult;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.ThrottlePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several Authenticator instances on one PostgreSQL database, each with its own store and
 * connections, as several service instances would run: rehash races, a password change under
 * load, the shared throttle limit, and a connection cut mid-traffic. Real Argon2id at low cost.
 */
final class JdbcMultiInstanceTest {

  private static final char[] OLD = "correct horse battery staple".toCharArray();
  private static final char[] NEW = "another long enough passphrase".toCharArray();
  private static final char[] WRONG = "wrong horse battery staple".toCharArray();

  private static @Nullable PostgresTestDatabase database;

  @BeforeAll
  static void database() {
    database = PostgresTestDatabase.createOrSkip();
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
  }

  private static PostgresTestDatabase db() {
    return java.util.Objects.requireNonNull(database);
  }

  @BeforeEach
  void empty() {
    TestStores.emptyPostgres(db());
  }

  private static AuthConfig config(int memoryKib, ThrottlePolicy throttle) {
    return AuthConfig.builder()
        .revision("multi-instance-" + memoryKib)
        .hashing(HashingPolicy.argon2id(memoryKib, 1, 1))
        .pepper(PepperPolicy.none())
        .allowWeakHashing("tests run thousands of real Argon2id verifications")
        .throttle(throttle)
        .build();
  }

  private static ThrottlePolicy noThrottle() {
    ThrottlePolicy d = ThrottlePolicy.defaults();
    return new ThrottlePolicy(false, d.pairFreeFailures(), d.accountFreeFailures(),
        d.accountLockout(), d.baseDelayMillis(), d.maxDelaySeconds(), d.sourceMaxFailures(),
        d.sourceWindowSeconds(), d.maxEntries(), d.expirySeconds(), false);
  }

  private static JdbcCredentialStore store() {
    return JdbcCredentialStore.create(db().dataSource(), Duration.ofSeconds(5));
  }

  @Test
  void passwordChangeDuringConcurrentLoginsAndRehashes_isNeverOverwritten() throws Exception {
    // A and B hash with different parameters: each login on one instance of a hash written by
    // the other is a rehash (a compare-and-set), so the two race to rewrite alice's hash
    try (Authenticator a = Authenticator.create(config(64, noThrottle()), store());
        Authenticator b = Authenticator.create(config(128, noThrottle()), store())) {
      a.setPassword("alice", OLD);
      AtomicBoolean changing = new AtomicBoolean();
      AtomicBoolean changed = new AtomicBoolean();
      Map<Outcome, LongAdder> duringChange = new ConcurrentHashMap<>();
      Map<Outcome, LongAdder> beforeChange = new ConcurrentHashMap<>();
      Map<Outcome, LongAdder> afterChange = new ConcurrentHashMap<>();
      int threads = 6;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch running = new CountDownLatch(threads * 20);
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<?>> workers = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          Authenticator instance = t % 2 == 0 ? a : b;
          workers.add(
              pool.submit(
                  () -> {
                    while (!stop.get()) {
                      boolean after = changed.get();
                      Outcome outcome = instance.verify("alice", OLD).outcome();
                      boolean before = !changing.get();
                      (after ? afterChange : before ? beforeChange : duringChange)
                          .computeIfAbsent(outcome, k -> new LongAdder())
                          .increment();
                      running.countDown();
                    }
                    return null;
                  }));
        }
        assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
        changing.set(true);
        assertThat(a.setPassword("alice", NEW).changed()).isTrue();
        changed.set(true);
        Thread.sleep(500);
        stop.set(true);
        for (Future<?> worker : workers) {
          worker.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(beforeChange.keySet()).containsOnly(Outcome.SUCCESS);
      assertThat(afterChange.keySet()).containsOnly(Outcome.BAD_PASSWORD);
      assertThat(duringChange.keySet()).isSubsetOf(Outcome.SUCCESS, Outcome.BAD_PASSWORD);
      for (Authenticator instance : List.of(a, b, a, b)) {
        assertThat(instance.verify("alice", NEW).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(instance.verify("alice", OLD).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      }
      assertThat(a.metrics().toString()).doesNotContain("INTERNAL_ERROR=1");
    }
  }

  @Test
  void sharedThrottle_accountLimitHoldsAcrossInstances() {
    ThrottlePolicy shared = ThrottlePolicy.defaults().withSharedState(true);
    int free = shared.accountFreeFailures();
    try (Authenticator a = Authenticator.create(config(64, shared), store());
        Authenticator b = Authenticator.create(config(64, shared), store())) {
      a.setPassword("alice", OLD);
      for (int i = 0; i < free / 2; i++) {
        assertThat(a.verify("alice", WRONG).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      }
      for (int i = free / 2; i < free; i++) {
        assertThat(b.verify("alice", WRONG).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      }
      // the (free + 1)th failure is counted; from then on both instances delay alice
      assertThat(a.verify("alice", WRONG).outcome()).isEqualTo(Outcome.BAD_PASSWORD);
      VerificationResult onB = b.verify("alice", OLD);
      assertThat(onB.outcome()).isEqualTo(Outcome.THROTTLED);
      assertThat(onB.retryAfter()).isPresent();
      assertThat(a.verify("alice", OLD).outcome()).isEqualTo(Outcome.THROTTLED);

      // a local-state instance on the same database would not have seen any of it
      try (Authenticator local =
          Authenticator.create(config(64, ThrottlePolicy.defaults()), store())) {
        assertThat(local.verify("alice", OLD).outcome()).isEqualTo(Outcome.SUCCESS);
      }
    }
  }

  @Test
  void sharedThrottle_aConcurrentBurstOverTwoInstances_getsNoMoreThanTheFreeFailures()
      throws Exception {
    ThrottlePolicy lockoutAfter5 =
        new ThrottlePolicy(true, 5, 5, true, 1_000, 900, 1_000, 600, 1_000, 3_600)
            .withSharedState(true);
    int attempts = 40;
    try (Authenticator a = Authenticator.create(config(1024, lockoutAfter5), store());
        Authenticator b = Authenticator.create(config(1024, lockoutAfter5), store())) {
      a.setPassword("alice", OLD);
      ExecutorService pool = Executors.newFixedThreadPool(attempts);
      Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
          Authenticator instance = i % 2 == 0 ? a : b;
          char[] guess = ("guess-" + i).toCharArray();
          results.add(pool.submit(() -> {
            start.await();
            return instance.verify("alice", guess).outcome();
          }));
        }
        start.countDown();
        for (Future<Outcome> result : results) {
          outcomes.merge(result.get(60, TimeUnit.SECONDS), 1, Integer::sum);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(outcomes.getOrDefault(Outcome.BAD_PASSWORD, 0)).as("%s", outcomes).isEqualTo(5);
      assertThat(outcomes.getOrDefault(Outcome.THROTTLED, 0)).as("%s", outcomes).isEqualTo(35);
      assertThat(a.verify("alice", OLD).outcome()).isEqualTo(Outcome.THROTTLED);
      assertThat(b.verify("alice", OLD).outcome()).isEqualTo(Outcome.THROTTLED);
    }
  }

  @Test
  void connectionCutMidTraffic_isStoreUnavailableNeverSuccess_andRecovers() throws Exception {
    ThrottlePolicy shared = ThrottlePolicy.defaults().withSharedState(true);
    try (TcpProxy proxy = new TcpProxy(PostgresTestDatabase.HOST, PostgresTestDatabase.PORT)) {
      JdbcCredentialStore throughProxy =
          JdbcCredentialStore.create(
              db().dataSource("127.0.0.1", proxy.port(), 2), Duration.ofSeconds(2));
      try (Authenticator auth = Authenticator.create(config(64, shared), throughProxy)) {
        auth.setPassword("alice", OLD);
        AtomicBoolean cut = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Map<Outcome, LongAdder> whileCut = new ConcurrentHashMap<>();
        Map<Outcome, LongAdder> wrongPassword = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        try {
          for (int t = 0; t < 4; t++) {
            boolean correct = t % 2 == 0;
            workers.add(
                pool.submit(
                    () -> {
                      while (!stop.get()) {
                        boolean cutBefore = cut.get();
                        Outcome outcome = auth.verify("alice", correct ? OLD : WRONG).outcome();
                        boolean cutAfter = cut.get();
                        if (!correct) {
                          wrongPassword.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        }
                        if (cutBefore && cutAfter) {
                          whileCut.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        }
                      }
                      return null;
                    }));
          }
          Thread.sleep(500);
          proxy.cut();
          cut.set(true);
          Thread.sleep(3_000);
          cut.set(false);
          proxy.restore();
          Thread.sleep(500);
        } finally {
          stop.set(true);
          for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
          }
          pool.shutdownNow();
        }
        assertThat(whileCut).isNotEmpty();
        assertThat(whileCut.keySet()).containsOnly(Outcome.STORE_UNAVAILABLE);
        assertThat(wrongPassword.keySet())
            .doesNotContain(Outcome.SUCCESS)
            .isSubsetOf(Outcome.BAD_PASSWORD, Outcome.STORE_UNAVAILABLE, Outcome.THROTTLED);

        // service is back: a login succeeds again within a few seconds
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Outcome outcome = auth.verify("alice", OLD).outcome();
        while (outcome != Outcome.SUCCESS && System.nanoTime() < deadline) {
          Thread.sleep(100);
          outcome = auth.verify("alice", OLD).outcome();
        }
        assertThat(outcome).isEqualTo(Outcome.SUCCESS);
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        whileCut.forEach((k, v) -> counts.put(k, v.sum()));
        System.out.println("outcomes while the connection was cut: " + counts);
      }
    }
  }
}
