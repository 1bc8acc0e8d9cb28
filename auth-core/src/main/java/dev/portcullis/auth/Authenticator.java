package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PreflightPolicy;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.config.StoreCallPolicy;
import dev.portcullis.auth.hashers.Argon2Arenas;
import dev.portcullis.auth.internal.Admission;
import dev.portcullis.auth.internal.CostBudget;
import dev.portcullis.auth.internal.FleetMembership;
import dev.portcullis.auth.internal.GuardedCredentialStore;
import dev.portcullis.auth.internal.HmacSha256;
import dev.portcullis.auth.internal.LatencyRecorder;
import dev.portcullis.auth.internal.ListenerDispatcher;
import dev.portcullis.auth.internal.PasswordNormalization;
import dev.portcullis.auth.internal.Pepper;
import dev.portcullis.auth.internal.Platform;
import dev.portcullis.auth.internal.SpikeDetector;
import dev.portcullis.auth.internal.StoreCallGuard;
import dev.portcullis.auth.internal.StoreStallWatch;
import dev.portcullis.auth.internal.Throttle;
import dev.portcullis.auth.internal.TimingFloor;
import dev.portcullis.auth.internal.VerificationCache;
import dev.portcullis.auth.internal.WarningLimiter;
import dev.portcullis.auth.password.PasswordPolicyChecker;
import dev.portcullis.auth.spi.AuthListener;
import dev.portcullis.auth.telemetry.Anomaly;
import dev.portcullis.auth.telemetry.AnomalyEvent;
import dev.portcullis.auth.telemetry.CredentialChangeEvent;
import dev.portcullis.auth.telemetry.Health;
import dev.portcullis.auth.telemetry.LifecycleEvent;
import dev.portcullis.auth.telemetry.StoreCallHealth;
import dev.portcullis.auth.telemetry.VerificationEvent;
import dev.portcullis.auth.telemetry.VerificationMetrics;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies usernames and passwords against a {@link CredentialStore} under an {@link AuthConfig},
 * and says precisely how every attempt ended.
 *
 * <pre>{@code
 * try (Authenticator auth = Authenticator.create(config, store)) {
 *   VerificationResult result = auth.verify("alice", password);
 *   if (result.succeeded()) { ... }
 * }
 * }</pre>
 *
 * <p>Creation runs a known-answer self-test of every hasher and the preflight checks of {@code
 * preflight.on-create} (the store answers, pepper keys match what the store recorded, canary
 * accounts log in; see {@link #preflight()}), and refuses to start (with a {@link
 * PreflightException} holding the report) if one fails. {@link #reload} swaps in a new config
 * only after the same checks pass. {@link #verify} never throws for a credential problem.
 * Passwords are handled as UTF-8 bytes, in Unicode NFC and otherwise exactly as received (no
 * trimming, truncation or case change), and wiped after use; the caller owns and should wipe its
 * {@code char[]}.
 *
 * <p>Normalization: a password is hashed in NFC whenever Portcullis writes a hash, and verified
 * in NFC first. Where the NFC form differs from the text received and does not match, the text as
 * received is tried too, so that a hash written elsewhere from another normal form (for example
 * the decomposed {@code e} + U+0301 that some keyboards send) keeps verifying exactly as before;
 * after such a login the hash is rewritten in NFC, so the second try is needed once. An unknown
 * user costs the same tries as a wrong password.
 *
 * <p>Thread-safe. Verification runs on the caller's thread; a rehash-on-login also runs there,
 * after the password was accepted, and can never turn a success into a failure. Store calls run
 * on a bounded helper pool and end within {@code store.call-timeout-millis} (see {@link
 * StoreCallPolicy}), except on the built-in in-memory store, which cannot block. Every operation
 * reads the live configuration once and finishes on it, whatever a concurrent reload does.
 */
public final class Authenticator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

  /** The settings every operation reads once at its start and finishes on (see reload). */
  private volatile Live live;
  /** The store as given, under {@link #storeCalls}: every call ends within its deadline. */
  private final CredentialStore store;
  private final StoreCallGuard storeCalls;
  private final ScheduledFuture<?> storeStallWatch;
  private final LongAdder throttleResetFailures = new LongAdder();
  /** Every hasher known in code and on the class path; a config enables legacy ones. */
  private final PasswordHashers knownHashers;
  private final Set<PasswordHasher> selfTested = ConcurrentHashMap.newKeySet();
  private final Set<String> rehashInFlight = ConcurrentHashMap.newKeySet();
  private final LongAdder[] outcomeCounts = new LongAdder[Outcome.values().length];
  private final LongAdder rehashWritten = new LongAdder();
  private final LongAdder rehashConflicts = new LongAdder();
  private final LongAdder rehashSkipped = new LongAdder();
  private final LongAdder rehashFailed = new LongAdder();
  private final LongAdder anomaliesRaised = new LongAdder();
  private final LongAdder retiredCacheHits = new LongAdder();
  private final LongAdder retiredCacheMisses = new LongAdder();
  private final Clock clock;
  private final String storeId;
  private final LatencyRecorder latency = new LatencyRecorder();
  private volatile SpikeDetector detector;
  private final ListenerDispatcher listeners;
  private volatile WarningLimiter systemWarnings;
  private final int userKeySeed = new SecureRandom().nextInt();
  private volatile Throttle throttle;
  private final ConcurrentMap<String, CompletableFuture<Check>> inFlight = new ConcurrentHashMap<>();
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  /** Serializes reloads; verifications never take it. */
  private final Object reloadLock = new Object();
  private final KeyCheckValueGate keyCheckValues;
  /** False for tools (see {@link Builder#joinFleet}): they record no staged key. */
  private final boolean serving;
  private volatile String lastReload = "none";
  private volatile boolean closed;
  /** This instance's entry in the store's fleet registry, and the fleet it sees. */
  private final FleetMembership fleet;

  /**
   * Everything derived from one configuration. A verification reads {@link #live} once and uses
   * that snapshot to the end, so a reload never mixes two configs within one attempt.
   */
  private static final class Live {
    final AuthConfig config;
    final PasswordHashers hashers;
    final PasswordHasher writer;
    final String dummyHash;
    final PasswordPolicyChecker passwordPolicy;
    final Admission admission;
    final @Nullable VerificationCache cache;
    /** Why this config must not rehash at login (see {@link RotationGuard}); null if it may. */
    volatile @Nullable String rehashHold;
    final CostBudget costBudget;
    final TimingFloor timingFloor = new TimingFloor();

    Live(
        AuthConfig config,
        PasswordHashers hashers,
        PasswordHasher writer,
        String dummyHash,
        Admission admission,
        @Nullable VerificationCache cache) {
      this.config = config;
      this.hashers = hashers;
      this.writer = writer;
      this.dummyHash = dummyHash;
      this.passwordPolicy = PasswordPolicyChecker.of(config);
      this.admission = admission;
      this.cache = cache;
      this.costBudget = CostBudget.of(config);
    }
  }

  private Authenticator(
      AuthConfig config,
      CredentialStore store,
      PasswordHashers hashers,
      Clock clock,
      List<AuthListener> initialListeners,
      @Nullable Executor callerExecutor,
      @Nullable Set<PreflightPolicy.Check> preflightChecks,
      boolean joinFleet,
      @Nullable String instanceId) {
    this.storeCalls = new StoreCallGuard(config.storeCalls(), store.storeId());
    this.store = GuardedCredentialStore.guard(store, storeCalls);
    this.knownHashers = hashers;
    this.clock = clock;
    this.storeId = store.storeId();
    this.keyCheckValues = new KeyCheckValueGate(this.store, storeId);
    this.serving = joinFleet;
    this.throttle = Throttle.forStore(config.throttle(), this.store);
    if (callerExecutor == null) {
      ExecutorService pool = defaultExecutor();
      this.executor = pool;
      this.ownedExecutor = pool;
    } else {
      this.executor = callerExecutor;
      this.ownedExecutor = null;
    }
    this.detector = new SpikeDetector(config.telemetry());
    this.listeners =
        new ListenerDispatcher(config.telemetry().listenerQueueCapacity(), "portcullis-telemetry");
    this.systemWarnings =
        new WarningLimiter(Outcome.values().length, config.telemetry().warnIntervalSeconds() * 1_000L);
    for (Outcome outcome : Outcome.values()) {
      outcomeCounts[outcome.ordinal()] = new LongAdder();
    }
    this.live = prepare(config, null);
    this.storeStallWatch = StoreStallWatch.every(
        Duration.ofSeconds(1), this, Authenticator::watchStoreCalls);
    initialListeners.forEach(listeners::add);
    Set<PreflightPolicy.Check> checks =
        preflightChecks != null ? preflightChecks : config.preflight().onCreate();
    PreflightReport report = preflight(live, checks, false);
    if (!report.passed()) {
      storeStallWatch.cancel(false);
      storeCalls.close();
      listeners.close();
      Argon2Arenas.release(live.admission);
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
      }
      throw new PreflightException(
          "preflight failed, the authenticator was not created:\n" + report.describe(), report);
    }
    guardRotation(live, report);
    this.fleet = FleetMembership.join(store, storeCalls, joinFleet, instanceId, config, clock,
        view -> detector.fleetChanged(view.splitEvidence().orElse(null)));
    log.info(
        "portcullis authenticator started: revision={}, fingerprint={}, hashing={}, pepper={},"
            + " hashers={}",
        config.revision(),
        config.fingerprint(),
        config.hashing().schemeId(),
        config.pepper().currentKeyId().map(id -> "keyring, current key " + id).orElse("none"),
        live.hashers);
    publishLifecycle(live, LifecycleEvent.Kind.STARTED, "hashers self-tested: " + live.hashers);
  }

  /**
   * Builds the settings of a config: its hashers (the legacy schemes it enables), the writer, a
   * dummy hash under its policy, self-tests of hashers not yet tested, and the admission and
   * cache, kept from {@code previous} where their settings are unchanged.
   *
   * @throws PreflightException if a hasher fails its self-test, or none writes the policy
   */
  private Live prepare(AuthConfig config, @Nullable Live previous) {
    PasswordHashers hashers;
    try {
      hashers =
          config.legacySchemes().isEmpty()
              ? knownHashers
              : knownHashers.withLegacySchemes(config.legacySchemes());
    } catch (IllegalArgumentException e) {
      throw new PreflightException("hashing.legacy-schemes: " + e.getMessage(), e);
    }
    HashingPolicy policy = config.hashing();
    PasswordHasher writer =
        hashers
            .writerFor(policy)
            .orElseThrow(
                () ->
                    new PreflightException(
                        "no hasher writes the configured policy " + policy + "; known: " + hashers));
    for (PasswordHasher hasher : hashers.all()) {
      if (!selfTested.contains(hasher)) {
        selfTest(hasher);
        selfTested.add(hasher);
      }
    }
    Admission admission =
        previous != null && previous.config.admission().equals(config.admission())
            ? previous.admission
            : new Admission(config.admission());
    Argon2Arenas.prefault(admission, policy); // the first logins take no page faults
    VerificationCache cache = null;
    if (config.cache().enabled()) {
      // An entry cached under other hashing, pepper, caps or legacy schemes could accept what
      // this config refuses, or skip the rehash it wants: such a cache is not carried over.
      VerificationCache kept = previous == null ? null : previous.cache;
      cache =
          kept != null
                  && previous != null
                  && previous.config.cache().equals(config.cache())
                  && sameVerification(previous.config, config)
              ? kept
              : new VerificationCache(config.cache());
    }
    long hashStarted = System.nanoTime();
    // admitted, so that the dummy hash runs in one of the engine's arenas, not in memory of its own
    int dummyKib = writer.memoryCostKib(policy);
    boolean admitted = admission.acquire(dummyKib);
    String dummyHash;
    try {
      dummyHash = createDummyHash(config, writer);
    } finally {
      if (admitted) {
        admission.release(dummyKib);
      }
    }
    Live prepared = new Live(config, hashers, writer, dummyHash, admission, cache);
    // writing the dummy hash costs what verifying it does: the timing floor's first sample
    prepared.timingFloor.recordDummy(System.nanoTime() - hashStarted);
    return prepared;
  }

  /**
   * Creates an authenticator with the built-in hashers and those found through {@link
   * java.util.ServiceLoader}.
   *
   * @throws NullPointerException if an argument is null
   * @throws PreflightException if a hasher fails its self-test or cannot load, or none writes the
   *     configured policy
   */
  public static Authenticator create(AuthConfig config, CredentialStore store) {
    return builder(config, store).build();
  }

  /**
   * A builder, to add or replace hashers in code.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(AuthConfig config, CredentialStore store) {
    return new Builder(config, store);
  }

  /**
   * Verifies a username and password.
   *
   * <p>An empty or over-long username or password, or one that is not valid Unicode (an unpaired
   * surrogate), is {@link Outcome#MALFORMED_INPUT} without hashing. An unknown user costs a dummy
   * verification under the live policy, as a wrong password does. The password is checked in NFC
   * and, if that differs and does not match, as received (see the class documentation).
   *
   * @param username the username, matched exactly
   * @param password the password as typed; not modified, the caller should wipe it after
   * @return the result; never null
   * @throws NullPointerException if username or password is null
   * @throws IllegalStateException if this authenticator is closed
   */
  public VerificationResult verify(String username, char[] password) {
    return verify(username, password, AttemptContext.none());
  }

  /**
   * Verifies a username and password coming from a known source, so that throttling can hold the
   * source (not the account) responsible for a guessing run. Checked before any hashing: a
   * throttled attempt is {@link Outcome#THROTTLED} with {@link VerificationResult#retryAfter()}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this authenticator is closed
   */
  public VerificationResult verify(String username, char[] password, AttemptContext context) {
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    requireNonNull(context, "context");
    ensureOpen();
    Live live = this.live; // this attempt finishes on the config it started with
    long started = System.nanoTime();
    Attempt attempt = attempt(live, username, password, context.sourceKey().orElse(null));
    long elapsedNanos = System.nanoTime() - started;
    record(live, username, attempt, elapsedNanos);
    Duration retryAfter = attempt.retryAfter;
    return retryAfter != null
        ? VerificationResult.throttled(username, retryAfter)
        : VerificationResult.of(attempt.outcome, username);
  }

  /**
   * {@link #verify(String, char[], AttemptContext)} on the executor given to the builder (or a
   * bounded pool of one thread per core), so that event-loop services never block on a hash. The
   * password is copied before this returns; the caller may wipe its array at once. When the
   * executor refuses the task, the future completes with {@link Outcome#OVERLOADED}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if this authenticator is closed
   */
  public CompletableFuture<VerificationResult> verifyAsync(
      String username, char[] password, AttemptContext context) {
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    requireNonNull(context, "context");
    ensureOpen();
    char[] copy = password.clone();
    Live live = this.live;
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return verify(username, copy, context);
            } finally {
              Arrays.fill(copy, '\0');
            }
          },
          executor);
    } catch (RejectedExecutionException e) {
      Arrays.fill(copy, '\0');
      Attempt refused = Attempt.of(Outcome.OVERLOADED, "the verification executor is full");
      record(live, username, refused, 0);
      return CompletableFuture.completedFuture(VerificationResult.of(Outcome.OVERLOADED, username));
    }
  }

  /** {@link #verifyAsync(String, char[], AttemptContext)} without a known source. */
  public CompletableFuture<VerificationResult> verifyAsync(String username, char[] password) {
    return verifyAsync(username, password, AttemptContext.none());
  }

  /** Counts, logs, feeds the spike detector and publishes the event of one verification. */
  private void record(Live live, String username, Attempt attempt, long elapsedNanos) {
    Outcome outcome = attempt.outcome;
    outcomeCounts[outcome.ordinal()].increment();
    latency.record(elapsedNanos);
    Instant now = clock.instant();
    if (outcome.category() == Outcome.Category.SYSTEM) {
      long suppressed = systemWarnings.tryAcquire(outcome.ordinal(), now.toEpochMilli());
      if (suppressed >= 0) {
        log.warn(
            "verification could not decide: outcome={}, scheme={}, cause={}{}",
            outcome,
            attempt.scheme,
            attempt.cause,
            suppressed > 0 ? " (" + suppressed + " similar lines suppressed)" : "");
      }
    } else if (log.isDebugEnabled()) {
      log.debug(
          "verification finished: outcome={}, scheme={}, micros={}",
          outcome,
          attempt.scheme,
          elapsedNanos / 1_000);
    }
    SpikeDetector.Transitions transitions =
        detector.record(outcome, attempt.scheme, attempt.keyId, userKey(username), now);
    if (!transitions.isEmpty()) {
      announce(live, transitions, now);
    }
    if (!listeners.hasListeners()) {
      return; // no event to build: no HMAC of the username, no allocation per login
    }
    VerificationEvent event =
        new VerificationEvent(
            now,
            outcome,
            Duration.ofNanos(elapsedNanos),
            attempt.scheme,
            attempt.keyId,
            storeId,
            live.config.fingerprint(),
            attempt.rehashed,
            outcome.category() == Outcome.Category.SYSTEM ? attempt.cause : "",
            usernameHash(live, username));
    listeners.publish(listener -> listener.onVerification(event));
  }

  private void announce(Live live, SpikeDetector.Transitions transitions, Instant now) {
    for (Anomaly anomaly : transitions.raised) {
      anomaliesRaised.increment();
      log.warn(
          "anomaly raised: likely cause={}, evidence: {}; config revision={}, fingerprint={}",
          anomaly.cause().id(),
          anomaly.evidence(),
          live.config.revision(),
          live.config.fingerprint());
      AnomalyEvent event = new AnomalyEvent(now, anomaly, true);
      listeners.publish(listener -> listener.onAnomaly(event));
    }
    for (Anomaly anomaly : transitions.cleared) {
      log.info("anomaly cleared: cause={}, raised at {}", anomaly.cause().id(), anomaly.since());
      AnomalyEvent event = new AnomalyEvent(now, anomaly, false);
      listeners.publish(listener -> listener.onAnomaly(event));
    }
  }

  /** A per-process hash of the username for the detector's distinct-user count; never exposed. */
  private int userKey(String username) {
    int h = username.hashCode() ^ userKeySeed;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  /** HMAC-SHA-256 of the username under the configured key, 16 bytes in hex; null if not opted in. */
  private @Nullable String usernameHash(Live live, String username) {
    Secret key = live.config.usernameHashKey().orElse(null);
    if (key == null) {
      return null;
    }
    byte[] digest = HmacSha256.mac(key, username.getBytes(UTF_8));
    try {
      return HexFormat.of().formatHex(digest, 0, 16);
    } finally {
      Arrays.fill(digest, (byte) 0);
    }
  }

  private void publishLifecycle(Live live, LifecycleEvent.Kind kind, String detail) {
    LifecycleEvent event =
        new LifecycleEvent(
            clock.instant(), kind, live.config.revision(), live.config.fingerprint(), detail);
    listeners.publish(listener -> listener.onLifecycle(event));
  }

  private Attempt attempt(Live live, String username, char[] password, @Nullable String source) {
    if (username.isEmpty() || username.length() > live.config.inputLimits().maxUsernameChars()) {
      return Attempt.of(Outcome.MALFORMED_INPUT, "username length");
    }
    String usernameProblem = usernameTextProblem(username);
    if (usernameProblem != null) {
      return Attempt.of(Outcome.MALFORMED_INPUT, usernameProblem);
    }
    if (password.length == 0 || password.length > live.config.inputLimits().maxPasswordChars()) {
      return Attempt.of(Outcome.MALFORMED_INPUT, "password length");
    }
    long now = clock.millis();
    Optional<Duration> wait;
    try {
      // charged as a failure before hashing, so that concurrent guesses cannot all pass a check
      // before any of them is counted; settled below once the outcome is known
      wait = throttle.tryCharge(username, source, now);
    } catch (StoreException e) { // shared throttle state unreachable: fail closed
      return Attempt.of(Outcome.STORE_UNAVAILABLE, "throttle state: " + e.getMessage());
    }
    if (wait.isPresent()) {
      return new Attempt(Outcome.THROTTLED, "-", null, false, "", wait.get());
    }
    // an exception settles as a non-failure too (refunded), then propagates as before
    Attempt attempt = Attempt.of(Outcome.INTERNAL_ERROR, "the attempt did not finish");
    try {
      attempt = verifyPassword(live, username, password);
    } finally {
      attempt = settle(attempt, username, source, now);
    }
    return attempt;
  }

  /** The attempt past the throttle: the password as bytes, NFC and as received, verified. */
  private Attempt verifyPassword(Live live, String username, char[] password) {
    byte[] passwordBytes = utf8(password);
    if (passwordBytes == null) {
      return Attempt.of(Outcome.MALFORMED_INPUT, "password is not valid Unicode");
    }
    byte[] normalized = nfcUtf8(password);
    try {
      return normalized == null
          ? attempt(live, username, passwordBytes, null)
          : attempt(live, username, normalized, passwordBytes);
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
      if (normalized != null) {
        Arrays.fill(normalized, (byte) 0);
      }
    }
  }

  /**
   * Settles the charge of an attempt: a success resets; BAD_PASSWORD and UNKNOWN_USER keep it;
   * anything else (a SYSTEM outcome, DISABLED, an exception) is refunded, as it never counted.
   * On the throttle live now: a reload since the charge copied the charge into it.
   */
  private Attempt settle(Attempt attempt, String username, @Nullable String source, long now) {
    try {
      if (attempt.outcome == Outcome.SUCCESS) {
        resetAfterSuccess(username, source);
      } else if (attempt.outcome == Outcome.BAD_PASSWORD
          || attempt.outcome == Outcome.UNKNOWN_USER) {
        // While the detector blames the configuration, a rejection may not be the user's fault:
        // it counts as usual all the same (an attacker can provoke that anomaly), and a reload
        // that changes the configuration takes it back (see swapIn).
        boolean configurationSuspected = detector.configurationActive();
        throttle.keepCharge(username, source, now, configurationSuspected);
      } else {
        throttle.refund(username, source);
      }
    } catch (StoreException e) { // shared throttle state unwritable: fail closed, never SUCCESS
      return Attempt.of(Outcome.STORE_UNAVAILABLE, "throttle state: " + e.getMessage());
    }
    return attempt;
  }

  /**
   * Forgets the failures of a verified login. A reset that fails cannot let anyone in (the
   * counters only ever hold logins back), so it is logged and counted and the login stands.
   */
  private void resetAfterSuccess(String username, @Nullable String source) {
    try {
      throttle.recordSuccess(username, source);
    } catch (RuntimeException e) { // a plug-in's own exception too: the verified login stands
      throttleResetFailures.increment();
      log.warn("resetting the failure counters after a successful login failed, the login stands:"
          + " {}", e.getMessage());
    }
  }

  /**
   * {@code password} is the NFC form; {@code asReceived} the form received, when it differs.
   */
  private Attempt attempt(Live live, String username, byte[] password, byte @Nullable [] asReceived) {
    long started = System.nanoTime();
    Optional<StoredCredential> found;
    try {
      found = store.find(username);
    } catch (StoreException e) {
      return Attempt.of(Outcome.STORE_UNAVAILABLE, "store: " + e.getMessage());
    } catch (RuntimeException e) {
      return Attempt.of(Outcome.INTERNAL_ERROR, "store threw " + e.getClass().getName());
    }
    if (found.isEmpty()) {
      Check dummy;
      if (live.cache != null) {
        live.cache.invalidate(username);
        // with the live.cache on, known users' concurrent identical guesses share one hash (single
        // flight); unknown users' must too, or their cost under load would tell them apart
        dummy = sharedDummyVerification(live, username, password, asReceived);
      } else {
        dummy = dummyVerification(live, password, asReceived);
      }
      if (dummy.outcome == Outcome.OVERLOADED) {
        // the same answer a known user gets under overload: existence must not show
        return Attempt.of(Outcome.OVERLOADED, dummy.cause);
      }
      // what an unknown user's answer costs, store lookup included: the timing floor's samples
      live.timingFloor.recordDummy(System.nanoTime() - started);
      return Attempt.of(Outcome.UNKNOWN_USER, "");
    }
    StoredCredential stored = found.get();
    Attempt known = knownUser(live, username, stored, password, asReceived);
    // A hash cheaper than the live policy would answer a wrong guess sooner than an unknown user
    // does; one as costly takes as long by itself (padding it too would make it slower).
    if (answersAWrongGuessOnAKnownUser(known.outcome)
        && live.costBudget.cheaperThanLivePolicy(stored.encodedHash())) {
      live.timingFloor.padSince(started);
    }
    return known;
  }

  /** The attempt on an existing account: the cache, the single flight, the check. */
  private Attempt knownUser(
      Live live, String username, StoredCredential stored, byte[] password,
      byte @Nullable [] asReceived) {
    String encoded = stored.encodedHash();
    if (live.cache == null) {
      return finish(live, stored, checkNormalizedFirst(live, password, asReceived, encoded), password, null);
    }
    byte[] digest = live.cache.digest(password); // of the NFC form: either way of typing it hits
    try {
      if (live.cache.matches(username, encoded, digest)) {
        String scheme = PasswordHashers.schemeIdOf(encoded).orElse("unknown");
        Outcome outcome = stored.disabled() ? Outcome.DISABLED : Outcome.SUCCESS;
        return new Attempt(outcome, scheme, pepperKeyId(encoded), false, "", null);
      }
      // Single flight: concurrent first logins with the same password share one hash.
      Flight flight =
          singleFlight(
              flightKey(username, encoded, digest, asReceived != null),
              () -> checkNormalizedFirst(live, password, asReceived, encoded));
      if (flight.led) {
        return finish(live, stored, flight.check, password, digest);
      }
      Check shared = flight.check; // the leader has rehashed and cached
      Outcome outcome =
          stored.disabled() && shared.outcome == Outcome.SUCCESS ? Outcome.DISABLED : shared.outcome;
      return new Attempt(outcome, shared.scheme, shared.keyId, false, shared.cause, null);
    } finally {
      Arrays.fill(digest, (byte) 0);
    }
  }

  /** The outcome of a checked stored credential: disabled, rehash, cache. */
  private Attempt finish(
      Live live,
      StoredCredential stored, Check check, byte[] password, byte @Nullable [] cacheDigest) {
    if (check.outcome != Outcome.SUCCESS) {
      return new Attempt(check.outcome, check.scheme, check.keyId, false, check.cause, null);
    }
    if (stored.disabled()) {
      return new Attempt(Outcome.DISABLED, check.scheme, check.keyId, false, "", null);
    }
    String fresh = rehashIfNeeded(live, stored, check, password);
    // A match on the as-received bytes that was not rewritten in NFC must not be cached under
    // the NFC digest: the live.cache would then accept a typing the hash itself does not.
    if (live.cache != null && cacheDigest != null && (fresh != null || !check.matchedAsReceived)) {
      live.cache.put(stored.username(), fresh != null ? fresh : stored.encodedHash(), cacheDigest);
    }
    return new Attempt(Outcome.SUCCESS, check.scheme, check.keyId, fresh != null, "", null);
  }

  /**
   * Checks a password against one encoded hash: finds the hasher by scheme id, applies the pepper
   * the hash names, and verifies with the parameters capped. SUCCESS, BAD_PASSWORD or the SYSTEM
   * outcome that prevented the check.
   */
  private Check check(Live live, byte[] password, String encoded) {
    String scheme = PasswordHashers.schemeIdOf(encoded).orElse("unknown");
    PasswordHasher hasher = live.hashers.forEncodedHash(encoded).orElse(null);
    if (hasher == null) {
      // the metric/event label stays bounded: a stored string cannot invent scheme names
      // Neither the label nor the cause repeats the stored text: a legacy store may hold a
      // plaintext password where a scheme id should be.
      return new Check(
          Outcome.UNSUPPORTED_HASH, "unsupported", null, null,
          "no hasher for the stored hash's scheme (known: " + live.hashers + ")");
    }
    String keyId = pepperKeyId(encoded);
    byte[] input = password;
    if (keyId != null) {
      Secret key = live.config.pepper().key(keyId).orElse(null);
      if (key == null) {
        return new Check(
            Outcome.PEPPER_KEY_MISSING,
            scheme,
            hasher,
            keyId,
            "stored hash names pepper key id " + keyId + ", which is not in the keyring");
      }
      input = Pepper.apply(key, password);
    }
    String overBudget = live.costBudget.overBudget(encoded); // before any memory is allocated
    if (overBudget != null) {
      if (input != password) {
        Arrays.fill(input, (byte) 0);
      }
      return overBudget(scheme, hasher, keyId, encoded, live, overBudget);
    }
    int memoryKib;
    try {
      memoryKib = hasher.memoryCostKib(encoded, live.config.hashCaps());
    } catch (RuntimeException e) {
      if (input != password) {
        Arrays.fill(input, (byte) 0);
      }
      return new Check(
          Outcome.INTERNAL_ERROR, scheme, hasher, keyId,
          hasher.name() + " threw " + e.getClass().getName() + " sizing the hash");
    }
    if (!live.admission.acquire(memoryKib)) {
      if (input != password) {
        Arrays.fill(input, (byte) 0);
      }
      return new Check(
          Outcome.OVERLOADED, scheme, hasher, keyId,
          "no room for " + memoryKib + " KiB in the hashing memory budget within "
              + live.config.admission().timeoutMillis() + " ms (" + live.admission.inFlightKib()
              + " KiB in flight, " + live.admission.queueLength() + " waiting)");
    }
    try {
      boolean matches = hasher.verify(input, encoded, live.config.hashCaps());
      return new Check(matches ? Outcome.SUCCESS : Outcome.BAD_PASSWORD, scheme, hasher, keyId, "");
    } catch (UnverifiableHashException e) {
      Outcome outcome =
          e.reason() == UnverifiableHashException.Reason.PARAMETERS_REJECTED
              ? Outcome.HASH_PARAMS_REJECTED
              : Outcome.UNSUPPORTED_HASH;
      return new Check(outcome, scheme, hasher, keyId, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      return new Check(
          Outcome.INTERNAL_ERROR, scheme, hasher, keyId,
          hasher.name() + " threw " + e.getClass().getName());
    } finally {
      live.admission.release(memoryKib);
      if (input != password) {
        Arrays.fill(input, (byte) 0);
      }
    }
  }

  /** HASH_PARAMS_REJECTED, naming the cap the hash exceeds if it does, else the cost budget. */
  private static Check overBudget(
      String scheme, PasswordHasher hasher, @Nullable String keyId, String encoded, Live live,
      String reason) {
    try {
      hasher.checkEncoded(encoded, live.config.hashCaps());
    } catch (UnverifiableHashException e) {
      Outcome outcome = e.reason() == UnverifiableHashException.Reason.PARAMETERS_REJECTED
          ? Outcome.HASH_PARAMS_REJECTED : Outcome.UNSUPPORTED_HASH;
      return new Check(outcome, scheme, hasher, keyId, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      // a plug-in's format check failing says nothing more than the budget does
    }
    return new Check(Outcome.HASH_PARAMS_REJECTED, scheme, hasher, keyId, reason);
  }

  /**
   * Checks the NFC form, then, only if that is a wrong password and the form received differs,
   * the form received: a hash written elsewhere from a non-NFC text must keep verifying. A match
   * on the second try is marked, so that the hash is rewritten in NFC.
   */
  private Check checkNormalizedFirst(
      Live live,
      byte[] normalized, byte @Nullable [] asReceived, String encoded) {
    Check check = check(live, normalized, encoded);
    if (asReceived == null || check.outcome != Outcome.BAD_PASSWORD) {
      return check;
    }
    Check again = check(live, asReceived, encoded);
    return again.outcome == Outcome.SUCCESS ? again.markedAsReceived() : again;
  }

  /** The UTF-8 of the password's NFC form, or null if the password already is in NFC. */
  private static byte @Nullable [] nfcUtf8(char[] password) {
    char[] normalized = PasswordNormalization.nfcIfDifferent(password);
    if (normalized == null) {
      return null;
    }
    try {
      return utf8(normalized);
    } finally {
      Arrays.fill(normalized, '\0');
    }
  }

  /** The PHC {@code keyid} parameter of a stored hash, if it has one. */
  private static @Nullable String pepperKeyId(String encoded) {
    if (!encoded.startsWith("$")) {
      return null;
    }
    try {
      return PhcString.parse(encoded).param("keyid").orElse(null);
    } catch (PhcFormatException e) {
      return null; // the hasher reports the format problem itself
    }
  }

  /** {@link #dummyVerification} through the same single flight as a known user's check. */
  private Check sharedDummyVerification(
      Live live,
      String username, byte[] password, byte @Nullable [] asReceived) {
    byte[] digest = requireNonNull(live.cache).digest(password);
    String key = flightKey(username, live.dummyHash, digest, asReceived != null);
    Arrays.fill(digest, (byte) 0);
    return singleFlight(key, () -> dummyVerification(live, password, asReceived)).check;
  }

  /**
   * One flight per user, stored hash and password (the cache's digest of it); whether the
   * as-received form is tried too is part of the key: two typings of one password share a digest
   * but not necessarily an answer.
   */
  private static String flightKey(
      String username, String encoded, byte[] digest, boolean triesAsReceived) {
    return username.length() + ":" + username + "\n" + encoded + "\n"
        + HexFormat.of().formatHex(digest) + (triesAsReceived ? "\nas-received" : "\nnfc");
  }

  /** The result of {@link #singleFlight}, and whether this caller computed it. */
  private static final class Flight {
    final Check check;
    final boolean led;

    Flight(Check check, boolean led) {
      this.check = check;
      this.led = led;
    }
  }

  /**
   * Runs {@code compute} once for concurrent callers with the same key; the others wait for its
   * result. A leader that dies completes its followers exceptionally, so none waits forever.
   */
  private Flight singleFlight(String key, Supplier<Check> compute) {
    CompletableFuture<Check> mine = new CompletableFuture<>();
    CompletableFuture<Check> leader = inFlight.putIfAbsent(key, mine);
    if (leader != null) {
      try {
        return new Flight(leader.join(), false);
      } catch (CompletionException | CancellationException e) {
        return new Flight(
            new Check(Outcome.INTERNAL_ERROR, "-", null, null,
                "the shared verification failed: " + e.getClass().getName()),
            false);
      }
    }
    try {
      Check check = compute.get();
      mine.complete(check);
      return new Flight(check, true);
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /**
   * The outcomes a wrong password can get on an existing account, after its hash was looked at;
   * an unknown user would have spent a dummy verification instead (OVERLOADED and
   * STORE_UNAVAILABLE answer both alike, a correct password needs no hiding).
   */
  private static boolean answersAWrongGuessOnAKnownUser(Outcome outcome) {
    return outcome == Outcome.BAD_PASSWORD
        || (outcome.category() == Outcome.Category.SYSTEM
            && outcome != Outcome.OVERLOADED
            && outcome != Outcome.STORE_UNAVAILABLE);
  }

  /** Spends what a wrong password would, so that response time does not reveal a username. */
  private Check dummyVerification(Live live, byte[] password, byte @Nullable [] asReceived) {
    Check check = checkNormalizedFirst(live, password, asReceived, live.dummyHash);
    if (check.outcome.category() == Outcome.Category.SYSTEM && check.outcome != Outcome.OVERLOADED) {
      log.error(
          "dummy verification failed ({}), unknown users may be distinguishable by timing",
          check.outcome);
    }
    return check;
  }

  /**
   * Best effort: hashes again under the live policy and compare-and-sets it. A lost race, a store
   * error or a hasher error is logged and counted; the login has already succeeded.
   */
  private @Nullable String rehashIfNeeded(Live live, StoredCredential stored, Check verified, byte[] password) {
    HashingPolicy policy = live.config.hashing();
    String username = stored.username();
    boolean claimed = false;
    try {
      boolean samePepperKey =
          Objects.equals(verified.keyId, live.config.pepper().currentKeyId().orElse(null));
      // inside the try: a plug-in's needsRehash that throws must not fail a valid login either
      if (verified.hasher == live.writer
          && samePepperKey
          && !verified.matchedAsReceived
          && !live.writer.needsRehash(stored.encodedHash(), policy)) {
        return null;
      }
      if (live.rehashHold != null) {
        rehashSkipped.increment(); // a forced or incomplete config must not rewrite hashes
        return null;
      }
      if (!rehashInFlight.add(username)) {
        rehashSkipped.increment();
        return null;
      }
      claimed = true;
      int memoryKib = live.writer.memoryCostKib(policy);
      if (!live.admission.acquire(memoryKib)) {
        rehashSkipped.increment(); // the next login will try again
        return null;
      }
      String fresh;
      try {
        fresh = writeHash(live, password);
      } finally {
        live.admission.release(memoryKib);
      }
      if (store.replaceHash(username, stored.encodedHash(), fresh)) {
        rehashWritten.increment();
        log.debug("rehashed a credential to {}", policy.schemeId());
        return fresh;
      }
      rehashConflicts.increment();
      log.debug("rehash not written: the stored hash changed in between");
      return null;
    } catch (RuntimeException e) {
      rehashFailed.increment();
      log.warn(
          "rehash after a successful login failed, the login stands: {}: {}",
          e.getClass().getName(),
          e.getMessage());
      return null;
    } finally {
      if (claimed) {
        rehashInFlight.remove(username);
      }
    }
  }

  /**
   * Sets a user's password without their current one: an enrollment, or a reset by an
   * administrator or a recovery flow. The password must satisfy the password policy (see {@link
   * PasswordPolicyChecker}: length, common passwords, username, context words, repetitions and
   * sequences). If it does, its NFC form is hashed under the live policy and stored, creating the
   * user or replacing their password (a disabled account stays disabled), and listeners receive a
   * {@link CredentialChangeEvent} ({@code CREATED} or {@code RESET}).
   *
   * @param username the user, matched exactly
   * @param password the new password as typed; not modified, the caller should wipe it after
   * @return changed, or refused with every reason (nothing is stored then); never null
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the username is empty or over the input limit
   * @throws StoreException if the store cannot answer
   * @throws IllegalStateException if this authenticator is closed, or the current pepper key's
   *     secret differs from the one this store recorded for its id (nothing is written: see
   *     {@link #rehashHold()})
   */
  public PasswordChangeResult setPassword(String username, char[] password) {
    return storePassword(username, password, encoded -> {
      Optional<StoredCredential> existing = store.find(username);
      store.put(
          existing
              .map(credential -> credential.withHash(encoded))
              .orElseGet(() -> StoredCredential.of(username, encoded)));
      return existing.isPresent()
          ? CredentialChangeEvent.Kind.RESET
          : CredentialChangeEvent.Kind.CREATED;
    });
  }

  /**
   * Creates a user with a password, only if no user of that name exists: an enrollment that must
   * never overwrite an account created meanwhile (the store's {@link CredentialStore#create} is
   * atomic). The password policy applies as in {@link #setPassword}; listeners receive a {@link
   * CredentialChangeEvent} ({@code CREATED}).
   *
   * @return changed, or refused with every reason ({@link PasswordRefusal#USERNAME_TAKEN} if the
   *     user exists); never null
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the username is empty, over the input limit or not text
   * @throws StoreException if the store cannot answer
   * @throws IllegalStateException if this authenticator is closed, or the current pepper key's
   *     secret differs from the one this store recorded for its id (nothing is written: see
   *     {@link #rehashHold()})
   */
  public PasswordChangeResult addUser(String username, char[] password) {
    return storePassword(username, password, encoded ->
        store.create(StoredCredential.of(username, encoded))
            ? CredentialChangeEvent.Kind.CREATED
            : null);
  }

  /** How a password set without the current one reaches the store. */
  private interface PasswordWrite {
    /** Writes the new hash; the kind of change, or null if the username was taken. */
    CredentialChangeEvent.@Nullable Kind write(String encoded);
  }

  /**
   * What {@link #setPassword} and {@link #addUser} share: the username and the password policy
   * checked, the NFC form hashed under the live policy and written, the change announced.
   */
  private PasswordChangeResult storePassword(
      String username, char[] password, PasswordWrite write) {
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    ensureOpen();
    Live live = this.live;
    requireValidUsername(live, username);
    Set<PasswordRefusal> refusals = live.passwordPolicy.check(username, password);
    if (!refusals.isEmpty()) {
      log.debug("password not stored, refused: {}", refusals);
      return PasswordChangeResult.refused(refusals, null);
    }
    byte[] bytes = validPasswordBytes(live, password);
    CredentialChangeEvent.Kind kind;
    try {
      kind = write.write(admittedWriteHash(live, bytes));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    if (kind == null) {
      return PasswordChangeResult.refused(Set.of(PasswordRefusal.USERNAME_TAKEN), null);
    }
    onCredentialChanged(live, username, kind);
    return PasswordChangeResult.changed(null);
  }

  /**
   * Changes a user's password at their own request, proving the current one.
   *
   * <p>The current password is checked through {@link #verify}, so the attempt is counted,
   * published and limited like any login; a wrong current password, an unknown user and
   * malformed input are all {@link PasswordRefusal#CURRENT_PASSWORD_WRONG}, so that a change
   * cannot probe for usernames; a disabled account, a throttled caller or a failing store is
   * {@link PasswordRefusal#CURRENT_PASSWORD_NOT_VERIFIED}, with the precise outcome in {@link
   * PasswordChangeResult#currentPasswordCheck()}. The new password must satisfy the password
   * policy and differ from the current one (compared in NFC). Every reason that applies is
   * listed.
   *
   * <p>If all is well, the new password's NFC form is hashed and written with a compare-and-set
   * over the hash the current password was verified against (after any rehash of that login), so
   * a password changed elsewhere in between is never overwritten ({@link
   * PasswordRefusal#CONCURRENT_CHANGE}); listeners then receive a {@link CredentialChangeEvent}
   * ({@code CHANGED}), so that the service can notify the user.
   *
   * @param username the user, matched exactly
   * @param currentPassword the current password as typed; not modified
   * @param newPassword the new password as typed; not modified
   * @return changed, or refused with every reason (nothing is stored then); never null
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the username is empty or over the input limit
   * @throws StoreException if the store fails after the current password was verified
   * @throws IllegalStateException if this authenticator is closed
   */
  public PasswordChangeResult changePassword(
      String username, char[] currentPassword, char[] newPassword) {
    requireNonNull(username, "username");
    requireNonNull(currentPassword, "currentPassword");
    requireNonNull(newPassword, "newPassword");
    ensureOpen();
    Live live = this.live;
    requireValidUsername(live, username);
    // the hash the current password is about to be verified against: the new one replaces
    // exactly this (or the rehash this very login writes), never a change made in between
    String before;
    try {
      before = store.find(username).map(StoredCredential::encodedHash).orElse(null);
    } catch (RuntimeException e) {
      before = null; // the verification below reports the store's failure precisely
    }
    VerificationResult current = verify(username, currentPassword);
    Set<PasswordRefusal> refusals = EnumSet.noneOf(PasswordRefusal.class);
    refusals.addAll(live.passwordPolicy.check(username, newPassword));
    if (!current.succeeded()) {
      refusals.add(
          current.outcome().category() == Outcome.Category.CLIENT
              ? PasswordRefusal.CURRENT_PASSWORD_WRONG
              : PasswordRefusal.CURRENT_PASSWORD_NOT_VERIFIED);
    } else if (!refusals.contains(PasswordRefusal.INVALID_UNICODE)
        && !refusals.contains(PasswordRefusal.TOO_LONG)
        && sameTextInNfc(currentPassword, newPassword)) {
      refusals.add(PasswordRefusal.SAME_AS_CURRENT);
    }
    if (!refusals.isEmpty()) {
      log.debug("password not changed, refused: {}", refusals);
      return PasswordChangeResult.refused(refusals, current);
    }
    byte[] bytes = validPasswordBytes(live, newPassword);
    try {
      String encoded = admittedWriteHash(live, bytes);
      String expected = before;
      String now = store.find(username).map(StoredCredential::encodedHash).orElse(null);
      if (now != null && !now.equals(before) && checkHash(currentPassword, now).matches()) {
        expected = now; // this login's own rehash, still the current password
      }
      if (expected == null || now == null || !expected.equals(now)
          || !store.replaceHash(username, expected, encoded)) {
        log.debug("password not changed: the stored credential changed in between");
        return PasswordChangeResult.refused(Set.of(PasswordRefusal.CONCURRENT_CHANGE), current);
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    onCredentialChanged(live, username, CredentialChangeEvent.Kind.CHANGED);
    return PasswordChangeResult.changed(current);
  }

  /**
   * What follows every password stored for a user, whichever path stored it: the event that lets
   * the service notify the user, and the place where anything held per user about the old
   * password (such as a verification live.cache) is dropped.
   */
  private void onCredentialChanged(Live live, String username, CredentialChangeEvent.Kind kind) {
    log.debug("password stored: kind={}", kind);
    invalidate(username);
    CredentialChangeEvent event =
        new CredentialChangeEvent(
            clock.instant(), kind, storeId, live.config.fingerprint(), usernameHash(live, username));
    listeners.publish(listener -> listener.onCredentialChanged(event));
  }

  private void requireValidUsername(Live live, String username) {
    int maxUsername = live.config.inputLimits().maxUsernameChars();
    if (username.isEmpty() || username.length() > maxUsername) {
      throw new IllegalArgumentException(
          "username must be 1 to " + maxUsername + " characters, was " + username.length());
    }
    String problem = usernameTextProblem(username);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static @Nullable String usernameTextProblem(String username) {
    return Usernames.problem(username).orElse(null);
  }

  /** Both are the caller's own input (nothing stored is compared), so timing reveals nothing. */
  private static boolean sameTextInNfc(char[] first, char[] second) {
    char[] a = PasswordNormalization.nfc(first);
    char[] b = PasswordNormalization.nfc(second);
    try {
      return Arrays.equals(a, b);
    } finally {
      if (a != first) {
        Arrays.fill(a, '\0');
      }
      if (b != second) {
        Arrays.fill(b, '\0');
      }
    }
  }

  /**
   * Hashes a password (its NFC form) under the live policy and pepper, without storing it (for
   * provisioning tools and {@code authctl hash}). The password policy is not applied here.
   *
   * @throws NullPointerException if password is null
   * @throws IllegalArgumentException if the password is empty, over the input limit, or not valid
   *     Unicode (the message never contains it)
   * @throws IllegalStateException if this authenticator is closed
   */
  public String hash(char[] password) {
    requireNonNull(password, "password");
    ensureOpen();
    Live live = this.live;
    byte[] bytes = validPasswordBytes(live, password);
    try {
      return admittedWriteHash(live, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Checks a password against one encoded hash under this authenticator's hashers, pepper
   * keyring and caps, without a store (for diagnostics such as {@code authctl verify-hash}). An
   * empty password is {@link Outcome#MALFORMED_INPUT}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the password is over the input limit or not valid
   *     Unicode
   * @throws IllegalStateException if this authenticator is closed
   */
  public HashCheck checkHash(char[] password, String encodedHash) {
    requireNonNull(password, "password");
    requireNonNull(encodedHash, "encodedHash");
    ensureOpen();
    Live live = this.live;
    if (password.length == 0) {
      return new HashCheck(Outcome.MALFORMED_INPUT, "the password is empty");
    }
    int max = live.config.inputLimits().maxPasswordChars();
    if (password.length > max) {
      throw new IllegalArgumentException(
          "password must be at most " + max + " characters, was " + password.length);
    }
    byte[] bytes = utf8(password);
    if (bytes == null) {
      throw new IllegalArgumentException("password is not valid Unicode (unpaired surrogate)");
    }
    byte[] normalized = nfcUtf8(password);
    try {
      Check check =
          normalized == null
              ? check(live, bytes, encodedHash)
              : checkNormalizedFirst(live, normalized, bytes, encodedHash);
      return new HashCheck(check.outcome, check.cause);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (normalized != null) {
        Arrays.fill(normalized, (byte) 0);
      }
    }
  }

  private byte[] validPasswordBytes(Live live, char[] password) {
    int maxPassword = live.config.inputLimits().maxPasswordChars();
    if (password.length == 0 || password.length > maxPassword) {
      throw new IllegalArgumentException(
          "password must be 1 to " + maxPassword + " characters, was " + password.length);
    }
    byte[] bytes = utf8(password);
    if (bytes == null) {
      throw new IllegalArgumentException("password is not valid Unicode (unpaired surrogate)");
    }
    byte[] normalized = nfcUtf8(password);
    if (normalized == null) {
      return bytes;
    }
    Arrays.fill(bytes, (byte) 0);
    return normalized;
  }

  /**
   * Forgets the cached verification of one user (a no-op without the cache). Password changes
   * through {@link #setPassword} do this themselves; call it when the store is changed directly.
   */
  public void invalidate(String username) {
    requireNonNull(username, "username");
    VerificationCache cache = live.cache;
    if (cache != null) {
      cache.invalidate(username);
    }
  }

  /** Forgets every cached verification (a no-op without the cache). */
  public void invalidateAll() {
    VerificationCache cache = live.cache;
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  /** The live configuration (the one the last successful {@link #reload} swapped in). */
  public AuthConfig config() {
    return live.config;
  }

  /**
   * The hashers the live configuration verifies with: the built-ins, plug-ins and hashers passed
   * in code, plus the legacy schemes listed in {@code hashing.legacy-schemes}.
   */
  public PasswordHashers hashers() {
    return live.hashers;
  }

  /**
   * Runs every preflight check (config, hashers, pepper, store, canaries, inventory) of the live
   * configuration against the store, and reports; nothing is thrown for a failing check. The
   * inventory scans the store (or the configured sample): on a large store this takes a while.
   *
   * @throws IllegalStateException if this authenticator is closed
   */
  public PreflightReport preflight() {
    return preflight(EnumSet.allOf(PreflightPolicy.Check.class));
  }

  /**
   * Runs the named preflight checks of the live configuration, and reports.
   *
   * @throws NullPointerException if checks is null
   * @throws IllegalStateException if this authenticator is closed
   */
  public PreflightReport preflight(Set<PreflightPolicy.Check> checks) {
    requireNonNull(checks, "checks");
    ensureOpen();
    return preflight(live, checks, true);
  }

  /** With {@code onDemand}, a pass is logged at DEBUG: a readiness probe must not flood INFO. */
  private PreflightReport preflight(
      Live live, Set<PreflightPolicy.Check> checks, boolean onDemand) {
    // at creation and reload the hashers were self-tested a moment ago; on demand, again
    Predicate<PasswordHasher> tested = onDemand ? hasher -> false : selfTested::contains;
    PreflightReport report =
        new Preflight(live.config, store, live.hashers, live.writer, tested,
            canary -> canaryLogin(live, canary)).run(checks);
    String summary = report.results().stream()
        .map(result -> result.check().id() + "=" + result.status().id())
        .collect(Collectors.joining(", "));
    if (report.passed() && onDemand) {
      log.debug("preflight passed: {}; revision={}, fingerprint={}", summary,
          live.config.revision(), live.config.fingerprint());
    } else if (report.passed()) {
      log.info("preflight passed: {}; revision={}, fingerprint={}", summary,
          live.config.revision(), live.config.fingerprint());
    } else {
      log.error("preflight failed: {}; revision={}, fingerprint={}\n{}", summary,
          live.config.revision(), live.config.fingerprint(), report.describe());
    }
    publishLifecycle(live, LifecycleEvent.Kind.PREFLIGHT,
        (report.passed() ? "passed: " : "failed: ") + summary);
    return report;
  }

  /**
   * A canary's login through the engine under {@code live}: the store, the hashers, the pepper
   * and the caps, as a real login, but neither throttled, counted, cached nor rehashed (a
   * preflight of a config that may be refused must not rewrite anything).
   */
  private Preflight.CanaryOutcome canaryLogin(Live live, PreflightPolicy.Canary canary) {
    byte[] secret = canary.password().exposeBytes();
    char[] password;
    try {
      CharBuffer decoded = UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(secret));
      // the backing array is sized for the worst case: only the decoded range is the password
      password = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
      Arrays.fill(decoded.array(), '\0');
    } catch (CharacterCodingException e) {
      return new Preflight.CanaryOutcome(Outcome.MALFORMED_INPUT,
          canary.password().reference() + " is not UTF-8 text");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    byte[] bytes = utf8(password);
    byte[] normalized = nfcUtf8(password);
    Arrays.fill(password, '\0');
    try {
      if (bytes == null || bytes.length == 0) {
        return new Preflight.CanaryOutcome(Outcome.MALFORMED_INPUT, "the password is empty");
      }
      Optional<StoredCredential> found;
      try {
        found = store.find(canary.username());
      } catch (RuntimeException e) {
        return new Preflight.CanaryOutcome(Outcome.STORE_UNAVAILABLE, "store: " + e.getMessage());
      }
      if (found.isEmpty()) {
        return new Preflight.CanaryOutcome(Outcome.UNKNOWN_USER, "");
      }
      Check check =
          normalized == null
              ? check(live, bytes, found.get().encodedHash())
              : checkNormalizedFirst(live, normalized, bytes, found.get().encodedHash());
      Outcome outcome =
          check.outcome == Outcome.SUCCESS && found.get().disabled() ? Outcome.DISABLED : check.outcome;
      return new Preflight.CanaryOutcome(outcome, check.cause);
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
      if (normalized != null) {
        Arrays.fill(normalized, (byte) 0);
      }
    }
  }

  /**
   * A census of the store under the live configuration: users per scheme, parameters and pepper
   * key id, how many will be rehashed, and every class of hash that cannot be verified (the
   * inventory preflight check, run on its own).
   *
   * @throws IllegalStateException if this authenticator is closed
   * @throws dev.portcullis.auth.spi.StoreException if the store cannot be scanned
   */
  public Inventory inventory() {
    ensureOpen();
    Live live = this.live;
    PreflightReport report =
        new Preflight(live.config, store, live.hashers, live.writer, selfTested::contains,
            canary -> canaryLogin(live, canary)).run(EnumSet.of(PreflightPolicy.Check.INVENTORY));
    Inventory inventory = report.inventory();
    if (inventory == null) {
      throw new StoreException("the inventory could not scan " + storeId + ": "
          + report.results().get(0).detail());
    }
    return inventory;
  }

  /**
   * Swaps in a new configuration, safely: the new config's hashers are self-tested and its
   * preflight ({@code preflight.on-create} checks) runs against the store first; only if every
   * check passes is it swapped in, atomically. On failure the old configuration keeps serving, a
   * {@link LifecycleEvent.Kind#RELOAD_FAILED} event is published, {@link #health()} reports it,
   * and the exception says why.
   *
   * <p>Verifications in flight finish on the configuration they started with. Throttle counters
   * are kept (a changed throttle policy applies to them from now on); cached verifications are
   * kept unless the hashing policy, pepper, caps or legacy schemes changed, since an entry cached
   * under the old ones could accept what the new ones refuse (or skip a rehash the new policy
   * wants). The admission budget is replaced if it changed (hashes in flight release into the
   * budget they took from). A changed {@code telemetry.*} restarts the spike detector's baseline;
   * {@code telemetry.listener-queue-capacity} and {@code store.*} apply only at creation, and a
   * reload that changes {@code store.*} is refused.
   *
   * @param newConfig the configuration to swap in
   * @return the preflight report of the new configuration
   * @throws NullPointerException if newConfig is null
   * @throws PreflightException if a hasher or a preflight check fails; the old config stays live
   * @throws IllegalStateException if this authenticator is closed
   */
  public PreflightReport reload(AuthConfig newConfig) {
    requireNonNull(newConfig, "newConfig");
    ensureOpen();
    synchronized (reloadLock) {
      Live old = this.live;
      try {
        if (!newConfig.store().equals(old.config.store())
            || !newConfig.storeCalls().equals(old.config.storeCalls())) {
          throw new PreflightException("store.* cannot change by reload: the store is fixed when"
              + " the authenticator is created; restart to point it elsewhere");
        }
        Live candidate = prepare(newConfig, old);
        // refuses shared throttle state on a store that cannot keep it, before the preflight;
        // the counters themselves are carried over at the swap, so none recorded meanwhile is lost
        Throttle.forStore(newConfig.throttle(), store);
        PreflightReport report = preflight(candidate, newConfig.preflight().onCreate(), false);
        if (!report.passed()) {
          throw new PreflightException(
              "preflight of revision " + newConfig.revision() + " failed, revision "
                  + old.config.revision() + " stays live:\n" + report.describe(), report);
        }
        guardRotation(candidate, report);
        swapIn(old, candidate);
        lastReload = "reloaded revision " + newConfig.revision() + " (fingerprint "
            + newConfig.fingerprint() + ") at " + clock.instant() + ", replacing revision "
            + old.config.revision() + " (fingerprint " + old.config.fingerprint() + ")";
        log.info("portcullis configuration reloaded: revision={} fingerprint={}, was revision={}"
            + " fingerprint={}", newConfig.revision(), newConfig.fingerprint(),
            old.config.revision(), old.config.fingerprint());
        publishLifecycle(candidate, LifecycleEvent.Kind.RELOADED,
            "replaced revision " + old.config.revision() + " (" + old.config.fingerprint() + ")");
        return report;
      } catch (RuntimeException e) {
        lastReload = "FAILED at " + clock.instant() + ": revision " + newConfig.revision()
            + " (fingerprint " + newConfig.fingerprint() + ") refused, revision "
            + old.config.revision() + " stays live: " + firstLine(e.getMessage());
        log.error("portcullis configuration reload refused, revision {} stays live: {}",
            old.config.revision(), e.getMessage());
        publishLifecycle(old, LifecycleEvent.Kind.RELOAD_FAILED,
            "revision " + newConfig.revision() + " refused: " + firstLine(e.getMessage()));
        throw e instanceof PreflightException
            ? e
            : new PreflightException("reload of revision " + newConfig.revision() + " failed: "
                + e.getMessage(), e);
      }
    }
  }

  /**
   * Holds rehash-on-login under a config that could damage hashes, and, in a serving instance
   * (not a tool), records staged keys.
   */
  private void guardRotation(Live live, PreflightReport report) {
    live.rehashHold = RotationGuard.rehashHoldReason(live.config, store, report).orElse(null);
    if (!serving) {
      return; // a tool's check must leave no trace, and its users see the hold in its output
    }
    if (live.rehashHold != null) {
      log.warn("rehash-on-login is held under revision {}: {}; stored hashes stay as they are",
          live.config.revision(), live.rehashHold);
    }
    RotationGuard.recordStagedKeys(live.config, store);
  }

  /**
   * Why rehash-on-login is held under the live config (a check forced through by {@code
   * preflight.warn-only}, a pepper key the stored hashes use missing from the keyring, or a
   * current key whose secret differs from the one recorded in the store), if it is: logins still
   * succeed, but no stored hash is rewritten.
   */
  public Optional<String> rehashHold() {
    return Optional.ofNullable(live.rehashHold);
  }

  /**
   * Why rehash-on-login would be held under the live config after {@code report}, a preflight of
   * it (see {@link #preflight(Set)}): what {@link #rehashHold()} says in a serving instance. For
   * tools such as {@code authctl check}, whose authenticator starts with no checks.
   *
   * @throws NullPointerException if report is null
   */
  public Optional<String> rehashHoldAfter(PreflightReport report) {
    requireNonNull(report, "report");
    return RotationGuard.rehashHoldReason(live.config, store, report);
  }

  private void swapIn(Live old, Live candidate) {
    AuthConfig from = old.config;
    AuthConfig to = candidate.config;
    // only a change to how stored hashes verify can be the fix of a configuration anomaly; a
    // routine deploy while an attacker keeps the anomaly alive must forgive none of his guesses
    boolean fixesAConfigurationAnomaly =
        detector.configurationActive() && !sameVerification(from, to);
    if (!from.throttle().equals(to.throttle())) {
      throttle = throttle.reconfigured(to.throttle(), store);
    }
    if (!from.telemetry().equals(to.telemetry())) {
      detector = new SpikeDetector(to.telemetry());
      systemWarnings = new WarningLimiter(
          Outcome.values().length, to.telemetry().warnIntervalSeconds() * 1_000L);
    }
    detector.configurationChanged(from.fingerprint(), to.fingerprint(), to.revision(),
        clock.instant());
    this.live = candidate;
    fleet.configChanged(to);
    throttle.forgiveAfterConfigChange(
        fixesAConfigurationAnomaly, from.telemetry().windowSeconds() * 1_000L);
    VerificationCache dropped = old.cache;
    if (dropped != null && dropped != candidate.cache) {
      dropped.invalidateAll(); // its entries may no longer hold; free them now
      retiredCacheHits.add(dropped.hits()); // the metrics count since creation, across caches
      retiredCacheMisses.add(dropped.misses());
    }
  }

  /** Whether two configs verify every stored hash alike. */
  private static boolean sameVerification(AuthConfig a, AuthConfig b) {
    return a.hashing().equals(b.hashing())
        && a.pepper().equals(b.pepper())
        && a.hashCaps().equals(b.hashCaps())
        && a.legacySchemes().equals(b.legacySchemes())
        && a.inputLimits().equals(b.inputLimits());
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Counts per outcome, latencies, rehash and telemetry counters since creation. */
  public VerificationMetrics metrics() {
    Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      outcomes.put(outcome, outcomeCounts[outcome.ordinal()].sum());
    }
    Live live = this.live;
    return new VerificationMetrics(
        outcomes,
        latency.snapshot(),
        rehashWritten.sum(),
        rehashConflicts.sum(),
        rehashSkipped.sum(),
        rehashFailed.sum(),
        listeners.failures(),
        listeners.dropped(),
        systemWarnings.suppressed(),
        anomaliesRaised.sum(),
        live.admission.inFlightKib(),
        live.admission.queueLength(),
        retiredCacheHits.sum() + (live.cache == null ? 0 : live.cache.hits()),
        retiredCacheMisses.sum() + (live.cache == null ? 0 : live.cache.misses()),
        live.cache == null ? 0 : live.cache.size(),
        throttleResetFailures.sum());
  }

  /**
   * The health report: DEGRADED while the spike detector has an anomaly active, with its cause
   * and evidence; the live revision and fingerprint; the outcome counts of the current window.
   */
  public Health health() {
    Live live = this.live;
    StoreCallHealth calls = watchStoreCalls();
    List<Anomaly> active = new ArrayList<>(detector.active());
    return new Health(
        active.isEmpty() ? Health.Status.UP : Health.Status.DEGRADED,
        live.config.revision(),
        live.config.fingerprint(),
        lastReload,
        active,
        detector.recentOutcomes(clock.instant()),
        calls,
        fleet.view(),
        live.rehashHold == null ? "" : live.rehashHold);
  }

  /**
   * Shows the spike detector the store calls stuck past their deadline now (every second, and at
   * each health check), so a stall raises {@code store} while the calls are stuck.
   */
  private StoreCallHealth watchStoreCalls() {
    StoreCallHealth calls = storeCalls.health();
    Instant now = clock.instant();
    SpikeDetector.Transitions transitions =
        detector.storeCallsOverdue(calls.overdue(), calls.oldestOverdue().toMillis(), now);
    if (!transitions.isEmpty()) {
      announce(live, transitions, now);
    }
    return calls;
  }

  /**
   * Adds a listener for telemetry events (see {@link AuthListener} for the threading).
   *
   * @throws NullPointerException if listener is null
   * @throws IllegalStateException if this authenticator is closed
   */
  public void addListener(AuthListener listener) {
    requireNonNull(listener, "listener");
    ensureOpen();
    listeners.add(listener);
  }

  /** Removes a listener; true if it was registered. */
  public boolean removeListener(AuthListener listener) {
    return listeners.remove(requireNonNull(listener, "listener"));
  }

  /**
   * Stops accepting verifications, stops the fleet heartbeat and removes this instance from the
   * store's fleet registry. The store is the caller's and is not closed.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      log.info("portcullis authenticator stopped: revision={}", live.config.revision());
      publishLifecycle(live, LifecycleEvent.Kind.STOPPED, "");
      fleet.close();
      storeStallWatch.cancel(false);
      storeCalls.close();
      listeners.close();
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("authenticator is closed");
    }
  }

  /** One thread per core, a bounded queue, daemon threads: a full queue is OVERLOADED. */
  private static ExecutorService defaultExecutor() {
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger counter = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(256),
        task -> {
          Thread thread = new Thread(task, "portcullis-verify-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  private static void selfTest(PasswordHasher hasher) {
    try {
      hasher.selfTest();
    } catch (RuntimeException | LinkageError e) {
      throw new PreflightException(
          "hasher "
              + hasher.name()
              + " failed its self-test on "
              + Platform.describe()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String createDummyHash(AuthConfig config, PasswordHasher writer) {
    byte[] throwaway = new byte[16];
    new SecureRandom().nextBytes(throwaway);
    try {
      return writeHash(config, writer, throwaway);
    } catch (RuntimeException e) {
      throw new PreflightException(
          "hasher " + writer.name() + " could not write a hash under " + config.hashing() + ": "
              + e.getMessage(),
          e);
    } finally {
      Arrays.fill(throwaway, (byte) 0);
    }
  }

  /** {@link #writeHash} within the memory budget; IllegalStateException if there is no room. */
  private String admittedWriteHash(Live live, byte[] password) {
    int memoryKib = live.writer.memoryCostKib(live.config.hashing());
    if (!live.admission.acquire(memoryKib)) {
      throw new IllegalStateException(
          "the hashing memory budget has no room for " + memoryKib + " KiB within "
              + live.config.admission().timeoutMillis() + " ms; try again");
    }
    try {
      return writeHash(live, password);
    } finally {
      live.admission.release(memoryKib);
    }
  }

  /**
   * Hashes under the live policy, with the current pepper key if there is one: HMAC-SHA-256 of
   * the password under the key, then the scheme, then the key id recorded in the PHC string.
   */
  private String writeHash(Live live, byte[] password) {
    recordKeyCheckValue(live);
    return writeHash(live.config, live.writer, password);
  }

  private static String writeHash(AuthConfig config, PasswordHasher writer, byte[] password) {
    String currentKeyId = config.pepper().currentKeyId().orElse(null);
    if (currentKeyId == null) {
      return writer.hash(password, config.hashing());
    }
    byte[] peppered = Pepper.apply(config.pepper().key(currentKeyId).orElseThrow(), password);
    try {
      return withKeyId(writer, writer.hash(peppered, config.hashing()), currentKeyId);
    } finally {
      Arrays.fill(peppered, (byte) 0);
    }
  }

  /**
   * Records the current pepper key's check value in the store at its first use, and refuses the
   * write if the store recorded another secret under that key id (see {@link KeyCheckValueGate}).
   */
  private void recordKeyCheckValue(Live live) {
    keyCheckValues.beforeWrite(live.config.pepper());
  }

  private static String withKeyId(PasswordHasher writer, String encoded, String keyId) {
    PhcString phc;
    try {
      phc = PhcString.parse(encoded);
    } catch (PhcFormatException e) {
      throw new IllegalStateException(
          "hasher " + writer.name() + " does not write PHC strings, so a pepper key id cannot be"
              + " recorded in its hashes; use pepper = none or another hashing scheme", e);
    }
    Map<String, String> params = new LinkedHashMap<>(phc.params());
    params.put("keyid", keyId);
    return PhcString.of(
            phc.id(),
            phc.version().isPresent() ? phc.version().getAsInt() : null,
            params,
            phc.salt(),
            phc.hash())
        .encode();
  }

  /** Strict UTF-8: null for an unpaired surrogate rather than a silent replacement character. */
  private static byte @Nullable [] utf8(char[] password) {
    CharsetEncoder encoder =
        UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer;
    try {
      buffer = encoder.encode(CharBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return bytes;
  }

  /** How one attempt ended, with what the logs may say about it (never a secret). */
  private static final class Attempt {
    final Outcome outcome;
    final String scheme;
    final @Nullable String keyId;
    final boolean rehashed;
    final String cause;
    final @Nullable Duration retryAfter;

    Attempt(
        Outcome outcome,
        String scheme,
        @Nullable String keyId,
        boolean rehashed,
        String cause,
        @Nullable Duration retryAfter) {
      this.outcome = outcome;
      this.scheme = scheme;
      this.keyId = keyId;
      this.rehashed = rehashed;
      this.cause = cause;
      this.retryAfter = retryAfter;
    }

    static Attempt of(Outcome outcome, String cause) {
      return new Attempt(outcome, "-", null, false, cause, null);
    }
  }

  /** How checking a password against one encoded hash ended. */
  private static final class Check {
    final Outcome outcome;
    final String scheme;
    final @Nullable PasswordHasher hasher;
    final @Nullable String keyId;
    final String cause;
    /** Matched only as received, not in NFC: the stored hash is of a non-NFC text. */
    final boolean matchedAsReceived;

    Check(
        Outcome outcome,
        String scheme,
        @Nullable PasswordHasher hasher,
        @Nullable String keyId,
        String cause) {
      this(outcome, scheme, hasher, keyId, cause, false);
    }

    private Check(
        Outcome outcome,
        String scheme,
        @Nullable PasswordHasher hasher,
        @Nullable String keyId,
        String cause,
        boolean matchedAsReceived) {
      this.outcome = outcome;
      this.scheme = scheme;
      this.hasher = hasher;
      this.keyId = keyId;
      this.cause = cause;
      this.matchedAsReceived = matchedAsReceived;
    }

    Check markedAsReceived() {
      return new Check(outcome, scheme, hasher, keyId, cause, true);
    }
  }

  /** Adds or replaces hashers before the authenticator is created. */
  public static final class Builder {
    private final AuthConfig config;
    private final CredentialStore store;
    private @Nullable PasswordHashers hashers;
    private Clock clock = Clock.systemUTC();
    private final List<AuthListener> listeners = new ArrayList<>();
    private @Nullable Executor executor;
    private @Nullable Set<PreflightPolicy.Check> preflightChecks;
    private boolean joinFleet = true;
    private @Nullable String instanceId;

    private Builder(AuthConfig config, CredentialStore store) {
      this.config = requireNonNull(config, "config");
      this.store = requireNonNull(store, "store");
    }

    /**
     * Adds a hasher, replacing any built-in or plug-in for the scheme ids it claims.
     *
     * @throws NullPointerException if {@code hasher} is null
     */
    public Builder hasher(PasswordHasher hasher) {
      requireNonNull(hasher, "hasher");
      this.hashers = hashers().with(hasher);
      return this;
    }

    /**
     * Adds a telemetry listener from the start, so it also sees the STARTED event.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(AuthListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The clock for event times and the spike detector's window (default UTC system clock); tests
     * and drills pass a simulated one.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The executor {@link Authenticator#verifyAsync} runs on (default: one daemon thread per core
     * with a bounded queue). The authenticator does not shut a caller's executor down.
     *
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The preflight checks creation runs, instead of the config's {@code preflight.on-create}:
     * for tools such as {@code authctl check}, which create an authenticator with none and then
     * run and report every check themselves. Hashers are self-tested whatever this says.
     *
     * @throws NullPointerException if {@code checks} is null
     */
    public Builder preflightOnCreate(Set<PreflightPolicy.Check> checks) {
      this.preflightChecks = Set.copyOf(checks);
      return this;
    }

    /**
     * Whether this authenticator is an instance of the service (default true): it records itself
     * in the store's fleet registry (where the store keeps one), records its staged pepper keys
     * ({@code pepper.staged.<id>}, which the preflight's rotation warning reads) and logs a WARN
     * when rehash-on-login is held. Tools that open the store briefly, such as {@code authctl},
     * pass false so that they never count as an instance and a check leaves no trace in the
     * store.
     */
    public Builder joinFleet(boolean join) {
      this.joinFleet = join;
      return this;
    }

    /**
     * The id this instance records in the fleet registry (default: the host name, the process
     * id and a random suffix), e.g. a pod name.
     *
     * @throws NullPointerException if {@code instanceId} is null
     * @throws IllegalArgumentException if it is empty or longer than 200 characters
     */
    public Builder instanceId(String instanceId) {
      requireNonNull(instanceId, "instanceId");
      if (instanceId.isEmpty() || instanceId.length() > FleetMember.MAX_INSTANCE_ID_CHARS) {
        throw new IllegalArgumentException("instanceId must be 1 to "
            + FleetMember.MAX_INSTANCE_ID_CHARS + " characters, was " + instanceId.length());
      }
      this.instanceId = instanceId;
      return this;
    }

    private PasswordHashers hashers() {
      PasswordHashers current = hashers;
      if (current == null) {
        current = PasswordHashers.discover();
        hashers = current;
      }
      return current;
    }

    /**
     * Creates the authenticator, self-testing every hasher and running the preflight checks of
     * {@code preflight.on-create} (see {@link PreflightPolicy}).
     *
     * @throws PreflightException if a hasher fails its self-test or cannot load, none writes the
     *     configured policy, or a preflight check fails (its report is attached)
     */
    public Authenticator build() {
      return new Authenticator(
          config, store, hashers(), clock, List.copyOf(listeners), executor, preflightChecks,
          joinFleet, instanceId);
    }
  }
}
