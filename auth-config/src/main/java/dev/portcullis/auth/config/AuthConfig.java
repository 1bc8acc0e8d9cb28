package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The complete, immutable configuration of a Portcullis authenticator.
 *
 * <p>Built only through {@link #builder()}; {@link Builder#build()} checks every field and every
 * cross-field rule and throws one {@link ConfigException} listing all problems. Nothing is ever
 * clamped or corrected, and security choices (the revision, the hashing policy, the pepper) have
 * no defaults.
 *
 * <pre>{@code
 * AuthConfig config = AuthConfig.builder()
 *     .revision("2026-11-26.1")
 *     .hashing(HashingPolicy.argon2id(19_456, 2, 1))
 *     .pepper(PepperPolicy.none())
 *     .build();
 * }</pre>
 */
public final class AuthConfig {

  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._:+-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /** The configuration schema this version of Portcullis reads (key {@code config.schema}). */
  public static final int SCHEMA_VERSION = 1;

  /** Label whose keyed digest stands for a secret in the fingerprint. */
  private static final String FINGERPRINT_LABEL = "portcullis config fingerprint v1";

  private final String revision;
  private final HashingPolicy hashing;
  private final PepperPolicy pepper;
  private final HashParameterCaps hashCaps;
  private final InputLimits inputLimits;
  private final @Nullable String weakHashingReason;
  private final TelemetryPolicy telemetry;
  private final ThrottlePolicy throttle;
  private final AdmissionPolicy admission;
  private final CachePolicy cache;
  private final StoreCallPolicy storeCalls;
  private final @Nullable Secret usernameHashKey;
  private final PasswordPolicy passwordPolicy;
  private final Set<String> legacySchemes;
  private final StorePolicy store;
  private final PreflightPolicy preflight;
  private final FleetPolicy fleet;
  private final String fingerprint;

  private AuthConfig(Builder builder) {
    this.revision = requireNonNull(builder.revision);
    this.hashing = requireNonNull(builder.hashing);
    this.pepper = requireNonNull(builder.pepper);
    this.hashCaps = builder.hashCaps;
    this.inputLimits = builder.inputLimits;
    this.weakHashingReason = builder.weakHashingReason;
    this.telemetry = builder.telemetry;
    this.throttle = builder.throttle;
    this.admission = builder.admission;
    this.cache = builder.cache;
    this.storeCalls = builder.storeCalls;
    this.usernameHashKey = builder.usernameHashKey;
    this.passwordPolicy = builder.passwordPolicy;
    this.legacySchemes = Collections.unmodifiableSet(new TreeSet<>(builder.legacySchemes));
    this.store = builder.store;
    this.preflight = builder.preflight;
    this.fleet = builder.fleet;
    this.fingerprint = computeFingerprint();
  }

  /** A builder with nothing set; revision, hashing and pepper are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to derive a changed config. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.revision = revision;
    builder.hashing = hashing;
    builder.pepper = pepper;
    builder.hashCaps = hashCaps;
    builder.inputLimits = inputLimits;
    builder.weakHashingReason = weakHashingReason;
    builder.telemetry = telemetry;
    builder.throttle = throttle;
    builder.admission = admission;
    builder.cache = cache;
    builder.storeCalls = storeCalls;
    builder.usernameHashKey = usernameHashKey;
    builder.passwordPolicy = passwordPolicy;
    builder.legacySchemes = legacySchemes;
    builder.store = store;
    builder.preflight = preflight;
    builder.fleet = fleet;
    return builder;
  }

  /** Which configuration is live, e.g. {@code 2026-11-26.1}; logged at start-up. */
  public String revision() {
    return revision;
  }

  /** How new passwords are hashed, and what stored hashes are upgraded to on login. */
  public HashingPolicy hashing() {
    return hashing;
  }

  /** The pepper policy. */
  public PepperPolicy pepper() {
    return pepper;
  }

  /** Bounds on parameters read from stored hashes. */
  public HashParameterCaps hashCaps() {
    return hashCaps;
  }

  /** Bounds on submitted usernames and passwords. */
  public InputLimits inputLimits() {
    return inputLimits;
  }

  /**
   * Why the hashing policy may be below the OWASP/ASVS floors, when that was explicitly allowed.
   */
  public Optional<String> weakHashingReason() {
    return Optional.ofNullable(weakHashingReason);
  }

  /** Thresholds of the spike detector and the telemetry plumbing. */
  public TelemetryPolicy telemetry() {
    return telemetry;
  }

  /** How failed logins are throttled. */
  public ThrottlePolicy throttle() {
    return throttle;
  }

  /** The memory budget for concurrent hashing. */
  public AdmissionPolicy admission() {
    return admission;
  }

  /** The opt-in verification cache. */
  public CachePolicy cache() {
    return cache;
  }

  /** The deadline and helper pool of every store call a login or password change makes. */
  public StoreCallPolicy storeCalls() {
    return storeCalls;
  }

  /**
   * The key under which usernames are hashed into telemetry events for correlation; empty (the
   * default) keeps usernames out of events entirely.
   */
  public Optional<Secret> usernameHashKey() {
    return Optional.ofNullable(usernameHashKey);
  }

  /** What a new password must satisfy when it is set or changed. */
  public PasswordPolicy passwordPolicy() {
    return passwordPolicy;
  }

  /**
   * The scheme ids of legacy hashes this service verifies (and upgrades on login), e.g. {@code
   * 2b} or {@code pbkdf2_sha256}; empty by default. A stored hash of a legacy scheme not listed
   * here is {@code UNSUPPORTED_HASH}, and the preflight inventory counts such users.
   */
  public Set<String> legacySchemes() {
    return legacySchemes;
  }

  /** The credential store the config names, or {@link StorePolicy#none()}. */
  public StorePolicy store() {
    return store;
  }

  /** How this instance records itself in the fleet view of its store. */
  public FleetPolicy fleet() {
    return fleet;
  }

  /** What the preflight checks, and which checks run when an authenticator is created. */
  public PreflightPolicy preflight() {
    return preflight;
  }

  /**
   * A stable digest of the effective settings, for comparing the configs of two hosts: 16 bytes
   * of SHA-256, in hex, over the normalized settings with every secret replaced by its keyed
   * digest ({@link Secret#keyedDigestHex}). The revision is a label and is left out; where a
   * secret was loaded from is left out too, only its value counts.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The effective settings as {@code key -> value}, sorted, with the keys of the configuration
   * file; secret values are shown as {@link ConfigProblem#REDACTED} with their reference.
   */
  public SortedMap<String, String> settings() {
    return Collections.unmodifiableSortedMap(settings(false));
  }

  /** The effective configuration, one {@code key = value} line each, secrets redacted. */
  public String describe() {
    StringBuilder dump = new StringBuilder();
    settings(false).forEach((key, value) -> dump.append(key).append(" = ").append(value).append('\n'));
    return dump.toString();
  }

  private SortedMap<String, String> settings(boolean forFingerprint) {
    SortedMap<String, String> settings = new TreeMap<>();
    settings.put("config.schema", Integer.toString(SCHEMA_VERSION));
    if (!forFingerprint) {
      settings.put("revision", revision);
    }
    settings.put("hashing.scheme", hashing.schemeId());
    if (hashing instanceof Argon2idPolicy) {
      Argon2idPolicy argon2 = (Argon2idPolicy) hashing;
      settings.put("hashing.argon2id.memory-kib", Integer.toString(argon2.memoryKib()));
      settings.put("hashing.argon2id.iterations", Integer.toString(argon2.iterations()));
      settings.put("hashing.argon2id.parallelism", Integer.toString(argon2.parallelism()));
      settings.put("hashing.argon2id.salt-bytes", Integer.toString(argon2.saltBytes()));
      settings.put("hashing.argon2id.tag-bytes", Integer.toString(argon2.tagBytes()));
    } else if (hashing instanceof Pbkdf2Policy) {
      Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) hashing;
      settings.put("hashing.pbkdf2.iterations", Integer.toString(pbkdf2.iterations()));
      settings.put("hashing.pbkdf2.salt-bytes", Integer.toString(pbkdf2.saltBytes()));
      settings.put("hashing.pbkdf2.key-bytes", Integer.toString(pbkdf2.keyBytes()));
    } else {
      settings.put("hashing.policy", hashing.toString());
    }
    if (weakHashingReason != null) {
      settings.put("hashing.allow-weak-reason", weakHashingReason);
    }
    settings.put("hashing.caps.max-argon2-memory-kib", Integer.toString(hashCaps.maxArgon2MemoryKib()));
    settings.put("hashing.caps.max-argon2-iterations", Integer.toString(hashCaps.maxArgon2Iterations()));
    settings.put("hashing.caps.max-argon2-parallelism", Integer.toString(hashCaps.maxArgon2Parallelism()));
    settings.put("hashing.caps.max-pbkdf2-iterations", Integer.toString(hashCaps.maxPbkdf2Iterations()));
    settings.put("hashing.caps.max-salt-bytes", Integer.toString(hashCaps.maxSaltBytes()));
    settings.put("hashing.caps.max-hash-bytes", Integer.toString(hashCaps.maxHashBytes()));
    settings.put("hashing.caps.max-cost-factor", Integer.toString(hashCaps.maxCostFactor()));
    settings.put("input.max-password-chars", Integer.toString(inputLimits.maxPasswordChars()));
    settings.put("input.max-username-chars", Integer.toString(inputLimits.maxUsernameChars()));
    settings.put("telemetry.window-seconds", Integer.toString(telemetry.windowSeconds()));
    settings.put("telemetry.buckets", Integer.toString(telemetry.buckets()));
    settings.put("telemetry.min-volume", Integer.toString(telemetry.minVolume()));
    settings.put("telemetry.failure-share-factor-percent",
        Integer.toString(telemetry.failureShareFactorPercent()));
    settings.put("telemetry.failure-share-margin-percent",
        Integer.toString(telemetry.failureShareMarginPercent()));
    settings.put("telemetry.initial-failure-share-percent",
        Integer.toString(telemetry.initialFailureSharePercent()));
    settings.put("telemetry.system-min-count", Integer.toString(telemetry.systemMinCount()));
    settings.put("telemetry.system-share-percent", Integer.toString(telemetry.systemSharePercent()));
    settings.put("telemetry.warn-interval-seconds",
        Integer.toString(telemetry.warnIntervalSeconds()));
    settings.put("telemetry.listener-queue-capacity",
        Integer.toString(telemetry.listenerQueueCapacity()));
    if (usernameHashKey != null) {
      settings.put(
          "telemetry.username-hash-key",
          forFingerprint
              ? "hmac-sha256:" + usernameHashKey.keyedDigestHex(FINGERPRINT_LABEL)
              : ConfigProblem.REDACTED + " (" + usernameHashKey.reference() + ")");
    }
    settings.put("throttle.enabled", Boolean.toString(throttle.enabled()));
    settings.put("throttle.pair-free-failures", Integer.toString(throttle.pairFreeFailures()));
    settings.put("throttle.account-free-failures", Integer.toString(throttle.accountFreeFailures()));
    settings.put("throttle.account-lockout", Boolean.toString(throttle.accountLockout()));
    settings.put("throttle.base-delay-millis", Integer.toString(throttle.baseDelayMillis()));
    settings.put("throttle.max-delay-seconds", Integer.toString(throttle.maxDelaySeconds()));
    settings.put("throttle.source-max-failures", Integer.toString(throttle.sourceMaxFailures()));
    settings.put("throttle.source-window-seconds", Integer.toString(throttle.sourceWindowSeconds()));
    settings.put("throttle.max-entries", Integer.toString(throttle.maxEntries()));
    settings.put("throttle.expiry-seconds", Integer.toString(throttle.expirySeconds()));
    settings.put("admission.memory-budget-kib", Integer.toString(admission.memoryBudgetKib()));
    settings.put("admission.timeout-millis", Integer.toString(admission.timeoutMillis()));
    settings.put("cache.enabled", Boolean.toString(cache.enabled()));
    settings.put("cache.ttl-seconds", Integer.toString(cache.ttlSeconds()));
    settings.put("cache.max-entries", Integer.toString(cache.maxEntries()));
    settings.put("store.call-timeout-millis", Integer.toString(storeCalls.timeoutMillis()));
    settings.put("store.max-calls-in-flight", Integer.toString(storeCalls.maxCallsInFlight()));
    settings.put("password.min-code-points", Integer.toString(passwordPolicy.minCodePoints()));
    if (!passwordPolicy.contextWords().isEmpty()) {
      settings.put("password.context-words", String.join(", ", passwordPolicy.contextWords()));
    }
    if (!legacySchemes.isEmpty()) {
      settings.put("hashing.legacy-schemes", String.join(", ", legacySchemes));
    }
    settings.put("throttle.shared-state", throttle.sharedState() ? "store" : "local");
    putStore(settings, forFingerprint);
    putPreflight(settings, forFingerprint);
    settings.put("fleet.heartbeat-seconds", Integer.toString(fleet.heartbeatSeconds()));
    settings.put("fleet.expiry-seconds", Integer.toString(fleet.expirySeconds()));
    settings.put("pepper", pepper.isNone() ? "none" : "keyring");
    pepper.currentKeyId().ifPresent(id -> settings.put("pepper.current-key", id));
    if (!pepper.retiredKeyIds().isEmpty()) {
      settings.put("pepper.retired-keys", String.join(", ", pepper.retiredKeyIds()));
    }
    pepper
        .keys()
        .forEach(
            (id, secret) ->
                settings.put(
                    "pepper.keys." + id,
                    forFingerprint
                        ? "hmac-sha256:" + secret.keyedDigestHex(FINGERPRINT_LABEL)
                        : ConfigProblem.REDACTED + " (" + secret.reference() + ")"));
    return settings;
  }

  private void putStore(SortedMap<String, String> settings, boolean forFingerprint) {
    settings.put("store.type", store.kind().name().toLowerCase(Locale.ROOT));
    if (store.kind() == StorePolicy.Kind.NONE || store.kind() == StorePolicy.Kind.MEMORY) {
      return;
    }
    settings.put("store.connect-timeout-seconds", Integer.toString(store.connectTimeoutSeconds()));
    settings.put("store.query-timeout-seconds", Integer.toString(store.queryTimeoutSeconds()));
    Path directory = store.h2Directory();
    if (directory != null) {
      settings.put("store.h2.directory", directory.toString());
    }
    store.redactedUrl().ifPresent(url -> settings.put("store.jdbc.url", url));
    String user = store.jdbcUser();
    if (user != null) {
      settings.put("store.jdbc.user", user);
    }
    Secret password = store.jdbcPassword();
    if (password != null) {
      settings.put("store.jdbc.password", passwordSetting(password));
    }
  }

  private void putPreflight(SortedMap<String, String> settings, boolean forFingerprint) {
    settings.put("preflight.on-create", checkIds(preflight.onCreate()));
    settings.put("preflight.warn-only", checkIds(preflight.warnOnly()));
    settings.put("preflight.store-timeout-millis", Integer.toString(preflight.storeTimeoutMillis()));
    settings.put(
        "preflight.inventory-sample",
        preflight.inventorySample() == 0 ? "all" : Integer.toString(preflight.inventorySample()));
    for (PreflightPolicy.Canary canary : preflight.canaries()) {
      String prefix = "preflight.canary." + canary.name();
      settings.put(prefix + ".username", canary.username());
      settings.put(prefix + ".password", passwordSetting(canary.password()));
    }
  }

  private static String checkIds(Set<PreflightPolicy.Check> checks) {
    if (checks.isEmpty()) {
      return "none";
    }
    List<String> ids = new ArrayList<>();
    new TreeSet<>(checks).forEach(check -> ids.add(check.id()));
    return String.join(", ", ids);
  }

  /**
   * A password a person chose (the database's, a canary's) is shown, and fingerprinted, by its
   * reference only: unlike a random pepper key, a keyed digest of it in a published fingerprint
   * would let anyone test guesses offline.
   */
  private static String passwordSetting(Secret password) {
    return ConfigProblem.REDACTED + " (" + password.reference() + ")";
  }

  private String computeFingerprint() {
    StringBuilder canonical = new StringBuilder();
    settings(true).forEach((key, value) -> canonical.append(key).append('=').append(value).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "AuthConfig[revision="
        + revision
        + ", hashing="
        + hashing
        + ", pepper="
        + pepper
        + ", hashCaps="
        + hashCaps
        + ", inputLimits="
        + inputLimits
        + (weakHashingReason == null ? "" : ", weakHashingAllowedBecause=" + weakHashingReason)
        + ", fingerprint="
        + fingerprint
        + "]";
  }

  /**
   * Collects settings; {@link #build()} validates them all at once. Setters reject only null
   * (a programming error); every other problem is reported by {@code build()}.
   */
  public static final class Builder {
    private @Nullable String revision;
    private @Nullable HashingPolicy hashing;
    private @Nullable PepperPolicy pepper;
    private HashParameterCaps hashCaps = HashParameterCaps.defaults();
    private InputLimits inputLimits = InputLimits.defaults();
    private @Nullable String weakHashingReason;
    private TelemetryPolicy telemetry = TelemetryPolicy.defaults();
    private ThrottlePolicy throttle = ThrottlePolicy.defaults();
    private AdmissionPolicy admission = AdmissionPolicy.defaults();
    private CachePolicy cache = CachePolicy.defaults();
    private StoreCallPolicy storeCalls = StoreCallPolicy.defaults();
    private @Nullable Secret usernameHashKey;
    private PasswordPolicy passwordPolicy = PasswordPolicy.defaults();
    private Set<String> legacySchemes = Set.of();
    private StorePolicy store = StorePolicy.none();
    private PreflightPolicy preflight = PreflightPolicy.defaults();
    private FleetPolicy fleet = FleetPolicy.defaults();
    private final Map<String, String> origins = new HashMap<>();

    private Builder() {}

    /** Records where a setting came from, so that its problems name the file line or variable. */
    Builder origin(String key, String origin) {
      origins.put(key, origin);
      return this;
    }

    private String originOf(String key) {
      return origins.getOrDefault(key, ConfigProblem.CODE);
    }

    /**
     * Sets the revision that identifies this configuration in logs and reports (required).
     *
     * @throws NullPointerException if {@code revision} is null
     */
    public Builder revision(String revision) {
      this.revision = requireNonNull(revision, "revision");
      return this;
    }

    /**
     * Sets how new passwords are hashed (required).
     *
     * @throws NullPointerException if {@code hashing} is null
     */
    public Builder hashing(HashingPolicy hashing) {
      this.hashing = requireNonNull(hashing, "hashing");
      return this;
    }

    /**
     * Sets the pepper policy (required; {@link PepperPolicy#none()} to say there is none).
     *
     * @throws NullPointerException if {@code pepper} is null
     */
    public Builder pepper(PepperPolicy pepper) {
      this.pepper = requireNonNull(pepper, "pepper");
      return this;
    }

    /**
     * Sets the caps on stored-hash parameters (default {@link HashParameterCaps#defaults()}).
     *
     * @throws NullPointerException if {@code hashCaps} is null
     */
    public Builder hashCaps(HashParameterCaps hashCaps) {
      this.hashCaps = requireNonNull(hashCaps, "hashCaps");
      return this;
    }

    /**
     * Sets the input limits (default {@link InputLimits#defaults()}).
     *
     * @throws NullPointerException if {@code inputLimits} is null
     */
    public Builder inputLimits(InputLimits inputLimits) {
      this.inputLimits = requireNonNull(inputLimits, "inputLimits");
      return this;
    }

    /**
     * Sets the telemetry thresholds (default {@link TelemetryPolicy#defaults()}).
     *
     * @throws NullPointerException if {@code telemetry} is null
     */
    public Builder telemetry(TelemetryPolicy telemetry) {
      this.telemetry = requireNonNull(telemetry, "telemetry");
      return this;
    }

    /**
     * Sets the throttling (default {@link ThrottlePolicy#defaults()}).
     *
     * @throws NullPointerException if {@code throttle} is null
     */
    public Builder throttle(ThrottlePolicy throttle) {
      this.throttle = requireNonNull(throttle, "throttle");
      return this;
    }

    /**
     * Sets the memory budget for hashing (default {@link AdmissionPolicy#defaults()}).
     *
     * @throws NullPointerException if {@code admission} is null
     */
    public Builder admission(AdmissionPolicy admission) {
      this.admission = requireNonNull(admission, "admission");
      return this;
    }

    /**
     * Sets the verification cache (default {@link CachePolicy#defaults()}, off).
     *
     * @throws NullPointerException if {@code cache} is null
     */
    public Builder cache(CachePolicy cache) {
      this.cache = requireNonNull(cache, "cache");
      return this;
    }

    /**
     * Sets the deadline and helper pool of store calls (default {@link
     * StoreCallPolicy#defaults()}: 3000 ms, 32 calls in flight).
     *
     * @throws NullPointerException if {@code storeCalls} is null
     */
    public Builder storeCalls(StoreCallPolicy storeCalls) {
      this.storeCalls = requireNonNull(storeCalls, "storeCalls");
      return this;
    }

    /**
     * Opts in to a keyed hash of the username in telemetry events (HMAC-SHA-256 under this key),
     * so events of one user can be correlated without naming them. At least 32 bytes.
     *
     * @throws NullPointerException if {@code key} is null
     */
    public Builder usernameHashKey(Secret key) {
      this.usernameHashKey = requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets what a new password must satisfy when it is set or changed (default {@link
     * PasswordPolicy#defaults()}: at least 8 code points, no context words).
     *
     * @throws NullPointerException if {@code passwordPolicy} is null
     */
    public Builder passwordPolicy(PasswordPolicy passwordPolicy) {
      this.passwordPolicy = requireNonNull(passwordPolicy, "passwordPolicy");
      return this;
    }

    /**
     * Sets the legacy schemes this service verifies and upgrades (default none), by scheme id,
     * e.g. {@code Set.of("2b", "pbkdf2_sha256")}; the engine refuses ids it does not know.
     *
     * @throws NullPointerException if {@code schemeIds} is or holds null
     */
    public Builder legacySchemes(Set<String> schemeIds) {
      this.legacySchemes = Set.copyOf(schemeIds);
      return this;
    }

    /**
     * Names the credential store (default {@link StorePolicy#none()}: passed in code).
     *
     * @throws NullPointerException if {@code store} is null
     */
    public Builder store(StorePolicy store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the fleet heartbeat (default {@link FleetPolicy#defaults()}).
     *
     * @throws NullPointerException if {@code fleet} is null
     */
    public Builder fleet(FleetPolicy fleet) {
      this.fleet = requireNonNull(fleet, "fleet");
      return this;
    }

    /**
     * Sets the preflight (default {@link PreflightPolicy#defaults()}).
     *
     * @throws NullPointerException if {@code preflight} is null
     */
    public Builder preflight(PreflightPolicy preflight) {
      this.preflight = requireNonNull(preflight, "preflight");
      return this;
    }

    /**
     * Allows a hashing policy below the OWASP/ASVS floors, recording why (for example a test
     * environment, or hardware that cannot afford more). Without this, such a policy is a
     * configuration problem.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public Builder allowWeakHashing(String reason) {
      this.weakHashingReason = requireNonNull(reason, "reason");
      return this;
    }

    /**
     * Validates every setting and builds the config.
     *
     * @throws ConfigException listing every problem found
     */
    public AuthConfig build() {
      List<ConfigProblem> problems = validate();
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new AuthConfig(this);
    }

    /** Every problem {@link #build()} would report, in order; empty if the config is valid. */
    List<ConfigProblem> validate() {
      List<ConfigProblem> problems = new ArrayList<>();
      checkRevision(problems);
      if (hashing == null) {
        problems.add(
            missing(
                "hashing",
                "e.g. HashingPolicy.argon2id(19456, 2, 1), the OWASP minimum row"));
      } else {
        checkHashingAgainstFloors(hashing, problems);
        checkHashingWithinCaps(hashing, problems);
      }
      if (pepper == null) {
        problems.add(missing("pepper", "PepperPolicy.none() if the deployment has no pepper"));
      } else {
        checkPepper(pepper, problems);
      }
      if (inputLimits.maxPasswordChars() < InputLimits.MIN_ALLOWED_PASSWORD_CHARS) {
        problems.add(
            new ConfigProblem(
                "input.max-password-chars",
                originOf("input.max-password-chars"),
                Integer.toString(inputLimits.maxPasswordChars()),
                "must allow passwords of at least 64 characters (OWASP ASVS 6.2.9)",
                "use 64 or more; the default is 1024"));
      }
      if (admission.memoryBudgetKib() < hashCaps.maxArgon2MemoryKib()) {
        problems.add(
            new ConfigProblem(
                "admission.memory-budget-kib",
                originOf("admission.memory-budget-kib"),
                Integer.toString(admission.memoryBudgetKib()),
                "is below hashing.caps.max-argon2-memory-kib = " + hashCaps.maxArgon2MemoryKib()
                    + ", so a stored hash the caps accept could never be admitted",
                "raise the budget or lower the cap"));
      }
      if (usernameHashKey != null && usernameHashKey.length() < PepperPolicy.MIN_KEY_BYTES) {
        problems.add(
            new ConfigProblem(
                "telemetry.username-hash-key",
                originOf("telemetry.username-hash-key"),
                ConfigProblem.REDACTED + " (" + usernameHashKey.reference() + ")",
                "key is " + usernameHashKey.length() + " bytes, at least "
                    + PepperPolicy.MIN_KEY_BYTES + " are required",
                "generate one with: openssl rand -base64 32"));
      }
      if (weakHashingReason != null && weakHashingReason.isBlank()) {
        problems.add(
            new ConfigProblem(
                "hashing.allow-weak-reason",
                originOf("hashing.allow-weak-reason"),
                "",
                "must say why weak hashing is allowed",
                null));
      }
      return problems;
    }

    private void checkPepper(PepperPolicy pepper, List<ConfigProblem> problems) {
      for (String retired : pepper.retiredKeyIds()) {
        if (!KEY_ID.matcher(retired).matches()) {
          problems.add(new ConfigProblem("pepper.retired-keys", originOf("pepper.retired-keys"),
              retired,
              "key id must be 1 to 32 characters of a-z 0-9 -, starting with a letter or digit",
              null));
        } else if (pepper.key(retired).isPresent()) {
          problems.add(new ConfigProblem("pepper.retired-keys", originOf("pepper.retired-keys"),
              retired, "is retired and in the keyring at once",
              "remove pepper.keys." + retired + " to retire it, or keep it and un-retire it"));
        }
      }
      if (pepper.isNone()) {
        return;
      }
      String current = pepper.currentKeyId().orElseThrow();
      for (Map.Entry<String, Secret> key : pepper.keys().entrySet()) {
        String id = key.getKey();
        String settingKey = "pepper.keys." + id;
        if (!KEY_ID.matcher(id).matches()) {
          problems.add(
              new ConfigProblem(
                  settingKey,
                  originOf(settingKey),
                  id,
                  "key id must be 1 to 32 characters of a-z 0-9 -, starting with a letter or digit",
                  null));
        }
        if (key.getValue().length() < PepperPolicy.MIN_KEY_BYTES) {
          problems.add(
              new ConfigProblem(
                  settingKey,
                  originOf(settingKey),
                  ConfigProblem.REDACTED + " (" + key.getValue().reference() + ")",
                  "pepper key is "
                      + key.getValue().length()
                      + " bytes, at least "
                      + PepperPolicy.MIN_KEY_BYTES
                      + " are required",
                  "generate one with: openssl rand -base64 32"));
        }
      }
      if (pepper.keys().isEmpty()) {
        problems.add(
            new ConfigProblem(
                "pepper.keys",
                originOf("pepper"),
                null,
                "a keyring needs at least one key",
                "pepper.keys.<id>=env:NAME or file:/path, or pepper=none"));
      } else if (pepper.key(current).isEmpty()) {
        problems.add(
            new ConfigProblem(
                "pepper.current-key",
                originOf("pepper.current-key"),
                current,
                "is not in the keyring",
                "keyring ids: " + String.join(", ", pepper.keys().keySet())));
      }
    }

    private void checkRevision(List<ConfigProblem> problems) {
      if (revision == null) {
        problems.add(missing("revision", "name the config that is live, e.g. 2026-11-26.1"));
      } else if (!REVISION.matcher(revision).matches()) {
        problems.add(
            new ConfigProblem(
                "revision",
                originOf("revision"),
                revision,
                "must be 1 to 64 characters of A-Z a-z 0-9 . _ : + -",
                null));
      }
    }

    /** OWASP Password Storage Cheat Sheet and ASVS 5.0 Appendix C. */
    private void checkHashingAgainstFloors(HashingPolicy policy, List<ConfigProblem> problems) {
      if (weakHashingReason != null) {
        if (!weakHashingReason.isBlank() && meetsFloors(policy)) {
          // a leftover allowance would silently pre-authorise a later downgrade
          problems.add(
              new ConfigProblem(
                  "hashing.allow-weak-reason",
                  originOf("hashing.allow-weak-reason"),
                  weakHashingReason,
                  "is set, but the hashing policy meets the OWASP/ASVS floors",
                  "remove it"));
        }
        return;
      }
      if (policy instanceof Argon2idPolicy) {
        Argon2idPolicy argon2 = (Argon2idPolicy) policy;
        int floorKib = Argon2idPolicy.floorMemoryKib(argon2.iterations());
        if (argon2.memoryKib() < floorKib) {
          problems.add(
              new ConfigProblem(
                  "hashing.argon2id.memory-kib",
                  originOf("hashing.argon2id.memory-kib"),
                  Integer.toString(argon2.memoryKib()),
                  "is below the ASVS floor of "
                      + floorKib
                      + " KiB for t="
                      + argon2.iterations(),
                  "OWASP rows: m=47104 t=1, m=19456 t=2, m=12288 t=3; or allowWeakHashing(reason)"));
        }
      } else if (policy instanceof Pbkdf2Policy) {
        Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
        int floor = pbkdf2.digest().floorIterations();
        if (pbkdf2.iterations() < floor) {
          problems.add(
              new ConfigProblem(
                  "hashing.pbkdf2.iterations",
                  originOf("hashing.pbkdf2.iterations"),
                  Integer.toString(pbkdf2.iterations()),
                  "is below the floor of " + floor + " iterations",
                  "OWASP: 600000 for SHA-256, ASVS: 210000 for SHA-512; or allowWeakHashing(reason)"));
        }
      }
    }

    private static boolean meetsFloors(HashingPolicy policy) {
      if (policy instanceof Argon2idPolicy) {
        Argon2idPolicy argon2 = (Argon2idPolicy) policy;
        return argon2.memoryKib() >= Argon2idPolicy.floorMemoryKib(argon2.iterations());
      }
      if (policy instanceof Pbkdf2Policy) {
        Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
        return pbkdf2.iterations() >= pbkdf2.digest().floorIterations();
      }
      return false; // unknown schemes: the reason may be what explains them
    }

    /** The engine must be able to verify what it writes. */
    private void checkHashingWithinCaps(HashingPolicy policy, List<ConfigProblem> problems) {
      if (policy instanceof Argon2idPolicy) {
        Argon2idPolicy argon2 = (Argon2idPolicy) policy;
        overCap(problems, "hashing.argon2id.memory-kib", argon2.memoryKib(),
            "hashing.caps.max-argon2-memory-kib", hashCaps.maxArgon2MemoryKib());
        overCap(problems, "hashing.argon2id.iterations", argon2.iterations(),
            "hashing.caps.max-argon2-iterations", hashCaps.maxArgon2Iterations());
        overCap(problems, "hashing.argon2id.parallelism", argon2.parallelism(),
            "hashing.caps.max-argon2-parallelism", hashCaps.maxArgon2Parallelism());
        overCap(problems, "hashing.argon2id.salt-bytes", argon2.saltBytes(),
            "hashing.caps.max-salt-bytes", hashCaps.maxSaltBytes());
        overCap(problems, "hashing.argon2id.tag-bytes", argon2.tagBytes(),
            "hashing.caps.max-hash-bytes", hashCaps.maxHashBytes());
      } else if (policy instanceof Pbkdf2Policy) {
        Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
        String prefix = "hashing.pbkdf2";
        overCap(problems, prefix + ".iterations", pbkdf2.iterations(),
            "hashing.caps.max-pbkdf2-iterations", hashCaps.maxPbkdf2Iterations());
        overCap(problems, prefix + ".salt-bytes", pbkdf2.saltBytes(),
            "hashing.caps.max-salt-bytes", hashCaps.maxSaltBytes());
        overCap(problems, prefix + ".key-bytes", pbkdf2.keyBytes(),
            "hashing.caps.max-hash-bytes", hashCaps.maxHashBytes());
      }
    }

    private void overCap(
        List<ConfigProblem> problems, String key, int value, String capKey, int cap) {
      if (value > cap) {
        problems.add(
            new ConfigProblem(
                key,
                originOf(key),
                Integer.toString(value),
                "exceeds " + capKey + " = " + cap + ", so the hashes written could not be verified",
                "lower " + key + " or raise " + capKey));
      }
    }

    private ConfigProblem missing(String key, String hint) {
      return new ConfigProblem(key, originOf(key), null, "is required", hint);
    }
  }
}
