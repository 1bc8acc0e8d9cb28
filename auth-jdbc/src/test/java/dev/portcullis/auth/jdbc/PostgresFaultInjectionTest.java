package dev.portcullis.auth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.PreflightReport;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.PreflightPolicy;
import dev.portcullis.auth.config.PreflightPolicy.Check;
import dev.portcullis.auth.config.StoreCallPolicy;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.telemetry.AnomalyCause;
import dev.portcullis.auth.telemetry.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL behind a {@link TcpProxy} the tests cut, stall and slow down, under
 * concurrent logins with real Argon2id: every store call ends within {@code
 * store.call-timeout-millis} whatever the data source does, a stall is visible in {@code health()}
 * and raises {@code store} while the calls are stuck, a saturated helper pool fails at once, no
 * thread piles up, and a verified login is never undone by a counter.
 *
 * <p>Bounds on elapsed time here are deadlines the code promises (a login ends within the call
 * timeout), asserted with a slack of seconds for a noisy shared machine; they are not performance
 * measurements. The figures printed ("fault figures: ...") are the README's.
 */
final class PostgresFaultInjectionTest {

  private static final char[] GOOD = "correct horse battery staple".toCharArray();
  private static final char[] WRONG = "wrong horse battery staple".toCharArray();
  /** Scheduling slack on a shared 2-core machine, on top of a promised deadline. */
  private static final long SLACK_MILLIS = 2_000;

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

  private static AuthConfig config(int memoryKib, StoreCallPolicy calls, boolean sharedThrottle) {
    ThrottlePolicy d = ThrottlePolicy.defaults();
    // shared counters where under test; otherwise none, so that the wrong-password threads
    // never throttle the right-password ones and every outcome comes from the store
    ThrottlePolicy throttle =
        sharedThrottle
            ? d.withSharedState(true)
            : new ThrottlePolicy(false, d.pairFreeFailures(), d.accountFreeFailures(),
                d.accountLockout(), d.baseDelayMillis(), d.maxDelaySeconds(),
                d.sourceMaxFailures(), d.sourceWindowSeconds(), d.maxEntries(), d.expirySeconds(),
                false);
    return AuthConfig.builder()
        .revision("faults-" + memoryKib)
        .hashing(HashingPolicy.argon2id(memoryKib, 1, 1))
        .pepper(PepperPolicy.none())
        .allowWeakHashing("fault tests run thousands of real Argon2id verifications")
        .throttle(throttle)
        .storeCalls(calls)
        .build();
  }

  /** The README's example data source: no socket timeout, so a stall holds a call for ever. */
  private static PGSimpleDataSource withoutTimeouts(TcpProxy proxy) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(db().url("127.0.0.1", proxy.port()));
    dataSource.setUser(db().user());
    return dataSource;
  }

  private static JdbcCredentialStore storeWithoutTimeouts(TcpProxy proxy) {
    return JdbcCredentialStore.create(withoutTimeouts(proxy), Duration.ofSeconds(5));
  }

  private static TcpProxy proxy() throws Exception {
    return new TcpProxy(PostgresTestDatabase.HOST, PostgresTestDatabase.PORT);
  }

  /** Logins on {@code threads} threads until stopped: right password on even, wrong on odd. */
  private static final class Traffic implements AutoCloseable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicBoolean fault = new AtomicBoolean();
    final Map<Outcome, LongAdder> duringFault = new ConcurrentHashMap<>();
    final Map<Outcome, LongAdder> rightPassword = new ConcurrentHashMap<>();
    final Map<Outcome, LongAdder> wrongPassword = new ConcurrentHashMap<>();
    final AtomicLong longestMillis = new AtomicLong();
    final AtomicLong firstSuccessAfterNanos = new AtomicLong(Long.MAX_VALUE);
    volatile long restoredNanos = Long.MAX_VALUE;
    final ExecutorService pool;
    final List<Future<?>> workers = new ArrayList<>();

    Traffic(Authenticator auth, int threads) {
      pool = Executors.newFixedThreadPool(threads);
      for (int t = 0; t < threads; t++) {
        boolean correct = t % 2 == 0;
        workers.add(
            pool.submit(
                () -> {
                  while (!stop.get()) {
                    boolean faultBefore = fault.get();
                    long started = System.nanoTime();
                    Outcome outcome = auth.verify("alice", correct ? GOOD : WRONG).outcome();
                    long ended = System.nanoTime();
                    longestMillis.accumulateAndGet((ended - started) / 1_000_000, Math::max);
                    if (faultBefore && fault.get()) {
                      duringFault.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                    }
                    (correct ? rightPassword : wrongPassword)
                        .computeIfAbsent(outcome, k -> new LongAdder()).increment();
                    if (outcome == Outcome.SUCCESS && started > restoredNanos) {
                      firstSuccessAfterNanos.accumulateAndGet(ended, Math::min);
                    }
                  }
                  return null;
                }));
      }
    }

    void faultStarts() {
      fault.set(true);
    }

    void faultEnds() {
      fault.set(false);
      restoredNanos = System.nanoTime();
    }

    long recoveryMillis() {
      long first = firstSuccessAfterNanos.get();
      return first == Long.MAX_VALUE ? -1 : (first - restoredNanos) / 1_000_000;
    }

    @Override
    public void close() throws Exception {
      stop.set(true);
      for (Future<?> worker : workers) {
        worker.get(120, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }
  }

  private static long count(Map<Outcome, LongAdder> outcomes, Outcome outcome) {
    LongAdder adder = outcomes.get(outcome);
    return adder == null ? 0 : adder.sum();
  }

  @Test
  void stall_underEightThreads_everyLoginEndsWithinTheDeadline_andRecovers() throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 32);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore store = storeWithoutTimeouts(proxy);
        Authenticator auth = Authenticator.create(config(64, calls, false), store)) {
      auth.setPassword("alice", GOOD);
      Traffic traffic = new Traffic(auth, 8);
      try (traffic) {
        Thread.sleep(1_000);
        proxy.stall();
        traffic.faultStarts();
        Thread.sleep(5_000);
        traffic.faultEnds();
        proxy.resume();
        Thread.sleep(2_000);
      }

      System.out.printf("fault figures: stall 5 s, 8 threads, call timeout 1000 ms, no socket"
              + " timeout: longest login %d ms, first success %d ms after resume, outcomes"
              + " during the stall %s%n",
          traffic.longestMillis.get(), traffic.recoveryMillis(), traffic.duringFault);
      assertThat(traffic.duringFault).isNotEmpty();
      assertThat(traffic.duringFault.keySet()).containsOnly(Outcome.STORE_UNAVAILABLE);
      assertThat(traffic.longestMillis.get()).isLessThan(calls.timeoutMillis() + SLACK_MILLIS);
      assertThat(count(traffic.rightPassword, Outcome.BAD_PASSWORD)).isZero();
      assertThat(count(traffic.wrongPassword, Outcome.SUCCESS)).isZero();
      assertThat(traffic.recoveryMillis()).as("a success after the resume").isNotNegative();
      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.SUCCESS);
    }
  }

  @Test
  void stall_healthShowsTheStuckCall_andStoreIsRaisedWhileItIsStuck() throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 4);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore store = storeWithoutTimeouts(proxy);
        Authenticator auth = Authenticator.create(config(64, calls, false), store)) {
      auth.setPassword("alice", GOOD);
      assertThat(auth.health().storeCalls().overdue()).isZero();
      proxy.stall();
      long stalledAt = System.nanoTime();
      Thread login = new Thread(() -> auth.verify("alice", GOOD));
      login.start();

      Health degraded = null;
      while (System.nanoTime() - stalledAt < TimeUnit.SECONDS.toNanos(10)) {
        Health health = auth.health();
        if (health.status() == Health.Status.DEGRADED) {
          degraded = health;
          break;
        }
        Thread.sleep(50);
      }
      long raisedAfterMillis = (System.nanoTime() - stalledAt) / 1_000_000;
      login.join(10_000);
      proxy.resume();

      System.out.printf("fault figures: one login stalled, store raised after %d ms%n",
          raisedAfterMillis);
      assertThat(degraded).as("DEGRADED within 10 s of the stall").isNotNull();
      Health seen = java.util.Objects.requireNonNull(degraded);
      assertThat(seen.activeAnomalies())
          .anySatisfy(anomaly -> {
            assertThat(anomaly.cause()).isEqualTo(AnomalyCause.STORE);
            assertThat(anomaly.evidence()).contains("past their deadline");
          });
      // raised from the call still stuck, not from outcomes: one STORE_UNAVAILABLE is below the
      // detector's minimum count (telemetry system-min-count, 5)
      assertThat(seen.storeCalls().overdue()).isEqualTo(1);
      assertThat(seen.storeCalls().oldestOverdue()).isGreaterThan(Duration.ofMillis(1_000));
      assertThat(seen.recentOutcomes().get(Outcome.STORE_UNAVAILABLE)).isLessThan(5);
      assertThat(raisedAfterMillis).isLessThan(calls.timeoutMillis() + 1_000 + SLACK_MILLIS);
    }
  }

  @Test
  void stall_everyHelperStuck_aNewLoginFailsAtItsDeadlineWithoutANewThread() throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 2);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore store = storeWithoutTimeouts(proxy);
        Authenticator auth = Authenticator.create(config(64, calls, false), store)) {
      auth.setPassword("alice", GOOD);
      proxy.stall();
      List<Thread> stuck = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread login = new Thread(() -> auth.verify("alice", GOOD));
        login.start();
        stuck.add(login);
      }
      for (Thread login : stuck) {
        login.join(10_000);
      }
      assertThat(auth.health().storeCalls().overdue()).isEqualTo(2);

      long started = System.nanoTime();
      Outcome outcome = auth.verify("alice", GOOD).outcome();
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      int helpers = threadsNamed("portcullis-store-call-");
      proxy.resume();

      assertThat(outcome).isEqualTo(Outcome.STORE_UNAVAILABLE);
      assertThat(auth.health().storeCalls().rejected()).isEqualTo(1);
      assertThat(tookMillis).as("refused by its deadline, not queued behind the stuck calls")
          .isLessThan(calls.timeoutMillis() + SLACK_MILLIS);
      assertThat(helpers).isLessThanOrEqualTo(calls.maxCallsInFlight());
    }
  }

  @Test
  void stallAfterTheLookup_theRehashWriteAndTheCounterResetFail_theVerifiedLoginStands()
      throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 8);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore jdbc = storeWithoutTimeouts(proxy)) {
      StallAfterFind store = new StallAfterFind(jdbc, proxy);
      try (Authenticator old = Authenticator.create(config(64, calls, true), store)) {
        old.setPassword("alice", GOOD);
      }
      // a stronger policy: alice's login rehashes, then resets her shared failure counter
      try (Authenticator auth = Authenticator.create(config(128, calls, true), store)) {
        store.armed.set(true);
        long started = System.nanoTime();
        Outcome outcome = auth.verify("alice", GOOD).outcome();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        proxy.resume();

        System.out.printf("fault figures: stall after the lookup, rehash write and counter reset"
            + " given up, login took %d ms%n", tookMillis);
        assertThat(outcome).isEqualTo(Outcome.SUCCESS);
        assertThat(auth.metrics().rehashFailed()).isEqualTo(1);
        assertThat(auth.metrics().throttleResetFailures()).isEqualTo(1);
        // two calls given up: the rehash write and the reset
        assertThat(tookMillis).isLessThan(2L * calls.timeoutMillis() + SLACK_MILLIS);
      }
    }
  }

  @Test
  void stall_aFailureChargeLandingAfterItsLoginWasAnswered_isTakenBack() throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 8);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore jdbc = storeWithoutTimeouts(proxy)) {
      StallAfterFind store = new StallAfterFind(jdbc, proxy);
      Authenticator auth = Authenticator.create(config(64, calls, true), store);
      auth.setPassword("alice", GOOD);
      // the stall starts once the charge before hashing has read the count: the charge itself
      // is held, and the login is answered at the deadline
      store.armedAfterCountRead.set(true);
      assertThat(auth.verify("alice", WRONG).outcome()).isEqualTo(Outcome.STORE_UNAVAILABLE);
      proxy.resume(); // the held charge lands now, after its login was answered

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (auth.health().storeCalls().inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(auth.health().storeCalls().inFlight()).isZero();
      assertThat(failuresCounted()).as("failures left in portcullis_throttle").isZero();
      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.SUCCESS);
      auth.close();
    }
  }

  private static long failuresCounted() throws java.sql.SQLException {
    try (java.sql.Connection connection = db().dataSource().getConnection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rows =
            statement.executeQuery("SELECT COALESCE(SUM(failures), 0) FROM portcullis_throttle")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void stall_aPasswordChangeEndsWithinTheDeadline() throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 8);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore store = storeWithoutTimeouts(proxy);
        Authenticator auth = Authenticator.create(config(64, calls, false), store)) {
      auth.setPassword("alice", GOOD);
      proxy.stall();
      long started = System.nanoTime();
      assertThatThrownBy(() -> auth.setPassword("alice", "another long passphrase".toCharArray()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("store.call-timeout-millis");
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      proxy.resume();

      assertThat(tookMillis).isLessThan(calls.timeoutMillis() + SLACK_MILLIS);
    }
  }

  @Test
  void cut_loginsAreStoreUnavailable_andRecoverAfterTheRestore() throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 32);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore store = storeWithoutTimeouts(proxy);
        Authenticator auth = Authenticator.create(config(64, calls, false), store)) {
      auth.setPassword("alice", GOOD);
      Traffic traffic = new Traffic(auth, 8);
      try (traffic) {
        Thread.sleep(500);
        proxy.cut();
        traffic.faultStarts();
        Thread.sleep(2_000);
        traffic.faultEnds();
        proxy.restore();
        Thread.sleep(1_500);
      }

      System.out.printf("fault figures: cut 2 s, 8 threads: longest login %d ms, first success"
              + " %d ms after restore%n", traffic.longestMillis.get(), traffic.recoveryMillis());
      assertThat(traffic.duringFault.keySet()).containsOnly(Outcome.STORE_UNAVAILABLE);
      assertThat(count(traffic.rightPassword, Outcome.BAD_PASSWORD)).isZero();
      assertThat(count(traffic.wrongPassword, Outcome.SUCCESS)).isZero();
      assertThat(traffic.recoveryMillis()).isNotNegative();
    }
  }

  @Test
  void slowNetwork_loginsSucceed_untilEachCallTakesLongerThanTheDeadline() throws Exception {
    StoreCallPolicy calls = new StoreCallPolicy(1_000, 8);
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore store = storeWithoutTimeouts(proxy);
        Authenticator auth = Authenticator.create(config(64, calls, false), store)) {
      auth.setPassword("alice", GOOD);
      proxy.slow(10);
      assertThat(auth.verify("alice", GOOD).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.verify("alice", WRONG).outcome()).isEqualTo(Outcome.BAD_PASSWORD);

      proxy.slow(1_500); // one round trip is longer than the deadline
      long started = System.nanoTime();
      Outcome outcome = auth.verify("alice", GOOD).outcome();
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      proxy.slow(0);

      assertThat(outcome).isEqualTo(Outcome.STORE_UNAVAILABLE);
      assertThat(tookMillis).isLessThan(calls.timeoutMillis() + SLACK_MILLIS);
    }
  }

  @Test
  void stallOfSixtySeconds_underEightThreads_onJdbcStoresOpen_addsABoundedNumberOfThreads()
      throws Exception {
    StoreCallPolicy sixteenHelpers = new StoreCallPolicy(StoreCallPolicy.DEFAULT_TIMEOUT_MILLIS, 16);
    try (TcpProxy proxy = proxy()) {
      // authctl's data source: one unpooled connection per operation, 1 s connect and query
      // timeouts (socketTimeout 2 s); 16 helpers at most
      JdbcCredentialStore store =
          JdbcStores.open(
              dev.portcullis.auth.config.StorePolicy.jdbc(
                      db().url("127.0.0.1", proxy.port()), db().user(), null)
                  .withTimeouts(1, 1));
      try (store;
          Authenticator auth = Authenticator.create(config(64, sixteenHelpers, false), store)) {
        auth.setPassword("alice", GOOD);
        Traffic traffic = new Traffic(auth, 8);
        AtomicInteger most = new AtomicInteger();
        int before;
        try (traffic) {
          Thread.sleep(1_000);
          before = threadsOutsideTheProxy();
          proxy.stall();
          traffic.faultStarts();
          long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (System.nanoTime() < end) {
            most.accumulateAndGet(threadsOutsideTheProxy(), Math::max);
            Thread.sleep(250);
          }
          traffic.faultEnds();
          proxy.resume();
          Thread.sleep(3_000);
        }

        int added = most.get() - before;
        System.out.printf("fault figures: 60 s stall, 8 threads, JdbcStores.open (socketTimeout"
                + " 2 s): %d threads before, at most %d during (+%d), longest login %d ms,"
                + " first success %d ms after resume, outcomes during the stall %s%n",
            before, most.get(), added, traffic.longestMillis.get(), traffic.recoveryMillis(),
            traffic.duringFault);
        // the helpers (a call given up at its deadline keeps its helper until the socket timeout
        // frees it) and the stall watch, whatever the stall's length; before the fix every
        // timed-out connect also left a driver thread behind (+33 in this test, and growing)
        assertThat(added).isLessThanOrEqualTo(sixteenHelpers.maxCallsInFlight() + 1);
        assertThat(threadsNamed("PostgreSQL JDBC driver connection thread")).isZero();
        assertThat(traffic.duringFault.keySet()).containsOnly(Outcome.STORE_UNAVAILABLE);
        assertThat(traffic.longestMillis.get())
            .isLessThan(StoreCallPolicy.DEFAULT_TIMEOUT_MILLIS + SLACK_MILLIS);
        assertThat(traffic.recoveryMillis()).isNotNegative();
      }
    }
  }

  @Test
  void preflight_dataSourceWithoutSocketTimeout_isAWarningNamingIt_andOneWithIt_passes()
      throws Exception {
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore bare = storeWithoutTimeouts(proxy);
        Authenticator auth = Authenticator.create(config(64, StoreCallPolicy.defaults(), false), bare)) {
      PreflightReport.CheckResult store =
          auth.preflight(Set.of(Check.STORE)).result(Check.STORE).orElseThrow();

      assertThat(store.status()).isEqualTo(PreflightReport.Status.WARNING);
      assertThat(store.detail()).contains("(PGSimpleDataSource) sets no socketTimeout");
    }
    PGSimpleDataSource withTimeouts = new PGSimpleDataSource();
    withTimeouts.setUrl(db().url());
    withTimeouts.setUser(db().user());
    withTimeouts.setSocketTimeout(10);
    try (JdbcCredentialStore store = JdbcCredentialStore.create(withTimeouts, Duration.ofSeconds(5));
        Authenticator auth = Authenticator.create(config(64, StoreCallPolicy.defaults(), false), store)) {
      assertThat(auth.preflight(Set.of(Check.STORE)).result(Check.STORE).orElseThrow().status())
          .isEqualTo(PreflightReport.Status.PASSED);
    }
  }

  @Test
  void preflight_stall_theStoreCheckEndsAtPreflightStoreTimeoutMillis() throws Exception {
    try (TcpProxy proxy = proxy();
        JdbcCredentialStore store = storeWithoutTimeouts(proxy)) {
      // the check's own bound is shorter than the call deadline, then longer
      AuthConfig shortCheck = config(64, new StoreCallPolicy(10_000, 8), false).toBuilder()
          .preflight(checkWithin(500)).build();
      AuthConfig shortCall = config(64, new StoreCallPolicy(500, 8), false).toBuilder()
          .preflight(checkWithin(10_000)).build();
      for (AuthConfig config : List.of(shortCheck, shortCall)) {
        try (Authenticator auth = Authenticator.create(config, store)) {
          proxy.stall();
          PreflightReport.CheckResult check =
              auth.preflight(Set.of(Check.STORE)).result(Check.STORE).orElseThrow();
          proxy.resume();

          assertThat(check.status()).isEqualTo(PreflightReport.Status.FAILED);
          assertThat(check.detail()).containsAnyOf(
              "did not answer within 500 ms (preflight.store-timeout-millis)",
              "did not answer within 500 ms (store.call-timeout-millis)");
          assertThat(check.took()).isLessThan(Duration.ofMillis(500 + SLACK_MILLIS));
        }
        Thread.sleep(200); // the probe given up on returns once the bytes flow again
      }
    }
  }

  private static PreflightPolicy checkWithin(int storeTimeoutMillis) {
    PreflightPolicy d = PreflightPolicy.defaults();
    return new PreflightPolicy(
        d.onCreate(), d.warnOnly(), storeTimeoutMillis, d.inventorySample(), d.canaries());
  }

  private static int threadsOutsideTheProxy() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && !TcpProxy.isProxyThread(thread))
        .count();
  }

  private static int threadsNamed(String prefix) {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix))
        .count();
  }

  /**
   * The JDBC store, with the network stalling right after the next lookup returns (or the next
   * read of a failure count): the login has its credential, and every later call of the attempt
   * (the rehash write, the counter reset; or the failure charge) meets the stall.
   */
  private static final class StallAfterFind implements CredentialStore, SharedThrottleState {
    final JdbcCredentialStore delegate;
    final TcpProxy proxy;
    final AtomicBoolean armed = new AtomicBoolean();
    /** Stall right after the next read of a shared failure count instead. */
    final AtomicBoolean armedAfterCountRead = new AtomicBoolean();

    StallAfterFind(JdbcCredentialStore delegate, TcpProxy proxy) {
      this.delegate = delegate;
      this.proxy = proxy;
    }

    @Override
    public String storeId() {
      return delegate.storeId();
    }

    @Override
    public String probe() {
      return delegate.probe();
    }

    @Override
    public Optional<StoredCredential> find(String username) {
      Optional<StoredCredential> found = delegate.find(username);
      if (armed.getAndSet(false)) {
        proxy.stall();
      }
      return found;
    }

    @Override
    public void put(StoredCredential credential) {
      delegate.put(credential);
    }

    @Override
    public boolean create(StoredCredential credential) {
      return delegate.create(credential);
    }

    @Override
    public boolean replaceHash(String username, String expectedHash, String newHash) {
      return delegate.replaceHash(username, expectedHash, newHash);
    }

    @Override
    public boolean delete(String username) {
      return delegate.delete(username);
    }

    @Override
    public Optional<String> metadata(String name) {
      return delegate.metadata(name);
    }

    @Override
    public Optional<String> putMetadataIfAbsent(String name, String value) {
      return delegate.putMetadataIfAbsent(name, value);
    }

    @Override
    public Stream<StoredCredential> scan() {
      return delegate.scan();
    }

    @Override
    public int recordFailure(String key, long nowMillis, long expiredBeforeMillis) {
      return delegate.recordFailure(key, nowMillis, expiredBeforeMillis);
    }

    @Override
    public Optional<FailureCount> failures(String key) {
      Optional<FailureCount> count = delegate.failures(key);
      if (armedAfterCountRead.getAndSet(false)) {
        proxy.stall();
      }
      return count;
    }

    @Override
    public void refund(String key) {
      delegate.refund(key);
    }

    @Override
    public void reset(String key) {
      delegate.reset(key);
    }
  }
}
