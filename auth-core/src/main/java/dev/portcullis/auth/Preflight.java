package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.PreflightReport.CheckResult;
import dev.portcullis.auth.PreflightReport.Status;
import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.Pbkdf2Policy;
import dev.portcullis.auth.config.PreflightPolicy;
import dev.portcullis.auth.config.PreflightPolicy.Canary;
import dev.portcullis.auth.config.PreflightPolicy.Check;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.hashers.legacy.WrappedLegacyHasher;
import dev.portcullis.auth.internal.CostBudget;
import dev.portcullis.auth.internal.HmacSha256;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.SharedThrottleState;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs the named preflight checks of one configuration against one store, and reports. The
 * checks are documented on {@link PreflightPolicy.Check}; this class says how each is done.
 * Failures of checks in {@code preflight.warn-only} are reported as warnings.
 */
final class Preflight {

  /** Store metadata name prefix of pepper key check values. */
  static final String KEY_CHECK_VALUE_PREFIX = "pepper.kcv.";

  /**
   * Store metadata name prefix of staged pepper keys: in some instance's keyring, not current (see
   * {@link RotationGuard#recordStagedKeys}).
   */
  static final String STAGED_KEY_PREFIX = "pepper.staged.";

  /** Appended to the detail of a failure that {@code preflight.warn-only} made a warning. */
  static final String DOWNGRADED = "(a failure, downgraded to a warning by preflight.warn-only)";

  /** Begins the census class of hashes whose pepper key was retired on purpose. */
  private static final String RETIRED_KEY = "pepper key id ";
  private static final String RETIRED_SUFFIX = " was retired (pepper.retired-keys)";

  /** Label whose keyed digest is a pepper key's check value, as HSMs use a KCV. */
  private static final byte[] KEY_CHECK_LABEL =
      "portcullis pepper key check value v1".getBytes(UTF_8);

  /** Store probes that have not returned yet, at most one per store. */
  private static final Map<CredentialStore, Future<String>> PROBES_IN_FLIGHT =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Distinct census groups kept; the rest are counted together, so a scan stays bounded. */
  private static final int MAX_GROUPS = 1_000;

  /** How a canary login ended. */
  record CanaryOutcome(Outcome outcome, String cause) {}

  private final AuthConfig config;
  private final CredentialStore store;
  private final PasswordHashers hashers;
  private final PasswordHasher writer;
  private final Predicate<PasswordHasher> alreadyTested;
  private final Function<Canary, CanaryOutcome> canaryLogin;
  private final CostBudget costBudget;
  private @Nullable StoredHashCensus census;

  /**
   * @param alreadyTested hashers whose known-answer tests passed in this process (at creation or
   *     a reload), which are not run again
   */
  Preflight(
      AuthConfig config,
      CredentialStore store,
      PasswordHashers hashers,
      PasswordHasher writer,
      Predicate<PasswordHasher> alreadyTested,
      Function<Canary, CanaryOutcome> canaryLogin) {
    this.alreadyTested = alreadyTested;
    this.config = config;
    this.store = store;
    this.hashers = hashers;
    this.writer = writer;
    this.canaryLogin = canaryLogin;
    this.costBudget = CostBudget.of(config);
  }

  /** The key check value of a pepper key: 8 bytes of HMAC-SHA-256 of a fixed label, in hex. */
  static String keyCheckValue(Secret key) {
    byte[] mac = HmacSha256.mac(key, KEY_CHECK_LABEL);
    try {
      return HexFormat.of().formatHex(mac, 0, 8);
    } finally {
      java.util.Arrays.fill(mac, (byte) 0);
    }
  }

  /** Runs {@code checks} in their natural order. */
  PreflightReport run(Set<Check> checks) {
    Set<Check> ordered = checks.isEmpty() ? EnumSet.noneOf(Check.class) : EnumSet.copyOf(checks);
    List<CheckResult> results = new ArrayList<>();
    Inventory inventory = null;
    boolean storeFailed = false;
    for (Check check : ordered) {
      long started = System.nanoTime();
      Result result;
      try {
        if (storeFailed && (check == Check.PEPPER || check == Check.STORED_HASHES
            || check == Check.CANARIES || check == Check.INVENTORY)) {
          result = new Result(Status.SKIPPED, "not run: the store check failed");
        } else {
          switch (check) {
            case CONFIG:
              result = checkConfig();
              break;
            case HASHERS:
              result = checkHashers();
              break;
            case PEPPER:
              result = checkPepper();
              break;
            case STORE:
              result = checkStore();
              storeFailed = result.status == Status.FAILED;
              break;
            case STORED_HASHES:
              result = checkStoredHashes();
              break;
            case CANARIES:
              result = checkCanaries();
              break;
            case INVENTORY:
              InventoryScan scan = scanInventory();
              inventory = scan.inventory;
              result = scan.result;
              break;
            default:
              throw new IllegalStateException("unknown check " + check);
          }
        }
      } catch (RuntimeException e) {
        result = new Result(Status.FAILED, "the check itself failed: " + e.getClass().getName()
            + ": " + e.getMessage());
      }
      if (result.status == Status.FAILED && config.preflight().warnOnly().contains(check)) {
        result = new Result(Status.WARNING,
            result.detail + "\n" + DOWNGRADED);
      }
      results.add(new CheckResult(check, result.status, result.detail,
          Duration.ofNanos(System.nanoTime() - started)));
    }
    return new PreflightReport(results, inventory);
  }

  private static final class Result {
    final Status status;
    final String detail;

    Result(Status status, String detail) {
      this.status = status;
      this.detail = detail;
    }
  }

  private Result checkConfig() {
    String summary = "revision " + config.revision() + ", fingerprint " + config.fingerprint()
        + ", hashing " + describe(config.hashing());
    Optional<String> weak = config.weakHashingReason();
    if (weak.isPresent()) {
      return new Result(Status.WARNING,
          summary + "\nhashing is below the OWASP/ASVS floors, allowed because: " + weak.get());
    }
    return new Result(Status.PASSED, summary);
  }

  private static String describe(HashingPolicy policy) {
    if (policy instanceof Argon2idPolicy) {
      Argon2idPolicy argon2 = (Argon2idPolicy) policy;
      return "argon2id m=" + argon2.memoryKib() + " KiB, t=" + argon2.iterations() + ", p="
          + argon2.parallelism();
    }
    if (policy instanceof Pbkdf2Policy) {
      Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
      return pbkdf2.schemeId() + " i=" + pbkdf2.iterations();
    }
    return policy.toString();
  }

  private Result checkHashers() {
    List<String> failed = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    for (PasswordHasher hasher : hashers.all()) {
      if (alreadyTested.test(hasher)) {
        passed.add(hasher.name());
        continue;
      }
      try {
        hasher.selfTest();
        passed.add(hasher.name());
      } catch (RuntimeException | LinkageError e) {
        failed.add(hasher.name() + " failed its known-answer test: " + e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      return new Result(Status.FAILED, String.join("\n", failed));
    }
    return new Result(Status.PASSED,
        "known-answer tests passed: " + String.join(", ", passed) + "; new hashes: "
            + config.hashing().schemeId() + " by " + writer.name());
  }

  /** The classes of stored hash, counted once per run (the store aggregates where it can). */
  private StoredHashCensus census() {
    if (census == null) {
      census = StoredHashCensus.of(store, config.preflight().inventorySample());
    }
    return census;
  }

  /**
   * Read-only: a check value is recorded when a key is first used to write a hash (see the
   * engine), never here, so checking a config that is then refused leaves no trace in the store.
   * Every key id the store knows of (a recorded check value, or stored hashes naming it) must be
   * in the keyring or retired on purpose, also under {@code pepper = none}.
   */
  private Result checkPepper() {
    List<String> failures = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, Secret> key : config.pepper().keys().entrySet()) {
      String id = key.getKey();
      Optional<String> recorded = store.metadata(KEY_CHECK_VALUE_PREFIX + id);
      if (recorded.isEmpty()) {
        notes.add("key " + id + ": no check value recorded yet (it is recorded when the key"
            + " first writes a hash here)");
      } else if (!recorded.get().equals(keyCheckValue(key.getValue()))) {
        failures.add("key " + id + ": its secret differs from the one first used with this store"
            + " (key check value mismatch), so every hash peppered with " + id
            + " would fail as BAD_PASSWORD; restore the original secret of " + id
            + " (a new secret needs a new key id)");
      } else {
        notes.add("key " + id + ": matches the check value recorded at its first use");
      }
    }
    KeyAccounting accounting = KeyAccounting.of(config.pepper(), store, census());
    failures.addAll(accounting.missingKeyProblems());
    warnings.addAll(accounting.retiredKeyNotes());
    notes.addAll(accounting.unusedMissingKeyNotes());
    accounting.unstagedCurrentKeyWarning(store).ifPresent(warnings::add);
    if (!failures.isEmpty()) {
      failures.addAll(warnings);
      return new Result(Status.FAILED, String.join("\n", failures));
    }
    String summary = config.pepper().isNone()
        ? "no pepper configured, and no stored hash or recorded key needs one"
        : config.pepper().keys().size() + " key(s), current "
            + config.pepper().currentKeyId().orElseThrow();
    List<String> lines = new ArrayList<>();
    lines.add(summary + "; " + accounting.describeUse());
    lines.addAll(warnings);
    lines.addAll(notes);
    return new Result(warnings.isEmpty() ? Status.PASSED : Status.WARNING,
        String.join("\n", lines));
  }

  /**
   * Proves one example of every class of stored hash against this config, with the inventory's
   * classification, and multiplies by the class's count.
   */
  private Result checkStoredHashes() {
    StoredHashCensus found = census();
    Map<List<String>, Tally> groups = new LinkedHashMap<>();
    Map<List<String>, Tally> problems = new LinkedHashMap<>();
    for (dev.portcullis.auth.spi.HashClass hashClass : found.classes()) {
      classify(hashClass.exampleHash(), hashClass.exampleUsername(), hashClass.users(), groups,
          problems);
    }
    Inventory inventory = inventory(found.users(), found.complete(), groups, problems);
    String extent = found.extent() + ", " + found.classes().size() + " class(es) of hash";
    return verdict(inventory, extent);
  }

  private Result checkStore() {
    if (config.throttle().sharedState() && !(store instanceof SharedThrottleState)) {
      return new Result(Status.FAILED, "throttle.shared-state = store, but " + store.storeId()
          + " keeps no shared throttle state");
    }
    int timeoutMillis = config.preflight().storeTimeoutMillis();
    // A probe stuck in a driver cannot be interrupted: while one is, later checks report it
    // instead of starting another thread (a readiness probe would pile them up).
    FutureTask<String> mine = new FutureTask<>(store::probe);
    Future<String> running = PROBES_IN_FLIGHT.putIfAbsent(store, mine);
    if (running != null) {
      return new Result(Status.FAILED, store.storeId() + " has not answered an earlier probe yet"
          + " (preflight.store-timeout-millis is " + timeoutMillis + " ms)");
    }
    Thread thread = new Thread(() -> {
      try {
        mine.run();
      } finally {
        PROBES_IN_FLIGHT.remove(store, mine);
      }
    }, "portcullis-preflight-store");
    thread.setDaemon(true); // a hung driver must not keep the JVM alive
    thread.start();
    try {
      String description = mine.get(timeoutMillis, TimeUnit.MILLISECONDS);
      // answers now, but would hang for as long as the network does in an outage
      List<String> warnings = store.configurationWarnings();
      return warnings.isEmpty()
          ? new Result(Status.PASSED, description)
          : new Result(Status.WARNING, description + "\n" + String.join("\n", warnings));
    } catch (TimeoutException e) {
      return new Result(Status.FAILED, store.storeId() + " did not answer within " + timeoutMillis
          + " ms (preflight.store-timeout-millis)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Result(Status.FAILED, store.storeId() + " cannot answer: " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Status.FAILED, "interrupted while waiting for " + store.storeId());
    } finally {
      if (mine.isDone()) {
        // answered: the next check may probe at once, without waiting for the probe thread to
        // clear its own entry (which it does too, for a probe that outlives the timeout)
        PROBES_IN_FLIGHT.remove(store, mine);
      }
    }
  }

  private Result checkCanaries() {
    List<Canary> canaries = config.preflight().canaries();
    if (canaries.isEmpty()) {
      return new Result(Status.SKIPPED,
          "no canaries configured (preflight.canary.<name>.username and .password)");
    }
    List<String> lines = new ArrayList<>();
    boolean failed = false;
    for (Canary canary : canaries) {
      CanaryOutcome outcome = canaryLogin.apply(canary);
      if (outcome.outcome() == Outcome.SUCCESS) {
        lines.add("canary " + canary.name() + " (" + canary.username() + "): SUCCESS");
      } else {
        failed = true;
        lines.add("canary " + canary.name() + " (" + canary.username() + "): "
            + outcome.outcome() + ": " + canaryHint(outcome, canary));
      }
    }
    return new Result(failed ? Status.FAILED : Status.PASSED, String.join("\n", lines));
  }

  private static String canaryHint(CanaryOutcome outcome, Canary canary) {
    switch (outcome.outcome()) {
      case BAD_PASSWORD:
        return "the password in " + canary.password().reference() + " does not match: the"
            + " canary's password was not updated, or a pepper key's secret changed";
      case UNKNOWN_USER:
        return "no such user: the store may be the wrong database, or the canary was never"
            + " created";
      case DISABLED:
        return "the canary account is disabled";
      default:
        return outcome.cause();
    }
  }

  private static final class InventoryScan {
    final Result result;
    final @Nullable Inventory inventory;

    InventoryScan(Result result, @Nullable Inventory inventory) {
      this.result = result;
      this.inventory = inventory;
    }
  }

  /** Counts per census group, and per problem class with its first example. */
  private static final class Tally {
    long users;
    long needRehash;
    String example = "";
  }

  private InventoryScan scanInventory() {
    int sample = config.preflight().inventorySample();
    Map<List<String>, Tally> groups = new LinkedHashMap<>();
    Map<List<String>, Tally> problems = new LinkedHashMap<>();
    long scanned = 0;
    boolean complete = true;
    try (Stream<StoredCredential> all = store.scan()) {
      var iterator = all.iterator();
      while (iterator.hasNext()) {
        if (sample > 0 && scanned >= sample) {
          complete = false;
          break;
        }
        StoredCredential credential = iterator.next();
        scanned++;
        classify(credential.encodedHash(), credential.username(), 1, groups, problems);
      }
    }
    Inventory inventory = inventory(scanned, complete, groups, problems);
    String extent = complete ? "all " + scanned + " users" : "a sample of " + scanned + " users";
    return new InventoryScan(verdict(inventory, extent), inventory);
  }

  private static Inventory inventory(long scanned, boolean complete,
      Map<List<String>, Tally> groups, Map<List<String>, Tally> problems) {
    List<Inventory.Group> groupList = new ArrayList<>();
    groups.forEach((key, tally) -> groupList.add(
        new Inventory.Group(key.get(0), key.get(1), key.get(2), tally.users, tally.needRehash)));
    groupList.sort(Comparator.comparingLong(Inventory.Group::users).reversed());
    List<Inventory.Problem> problemList = new ArrayList<>();
    problems.forEach((key, tally) -> problemList.add(
        new Inventory.Problem(Outcome.valueOf(key.get(0)), key.get(1), tally.users, tally.example)));
    problemList.sort(Comparator.comparingLong(Inventory.Problem::users).reversed());
    return new Inventory(scanned, complete, groupList, problemList);
  }

  /**
   * Fails when some stored users cannot log in, unless all of them are on keys retired on
   * purpose, which is a warning (the operator said so; the count is in the detail).
   */
  private static Result verdict(Inventory inventory, String extent) {
    List<Inventory.Problem> problemList = inventory.problems();
    if (!problemList.isEmpty()) {
      List<String> lines = new ArrayList<>();
      lines.add(inventory.unverifiable() + " of " + extent + " cannot log in under this config:");
      boolean onlyRetired = true;
      for (Inventory.Problem problem : problemList) {
        onlyRetired &= problem.what().endsWith(RETIRED_SUFFIX);
        // no example username: this detail reaches the ERROR log line of a refused start
        lines.add(String.format(Locale.ROOT, "%s: %d users, %s",
            problem.outcome(), problem.users(), problem.what()));
      }
      return new Result(onlyRetired ? Status.WARNING : Status.FAILED, String.join("\n", lines));
    }
    return new Result(Status.PASSED, extent + " verifiable; " + inventory.needRehash()
        + " will be rehashed at their next login");
  }

  /**
   * Classifies one stored hash (or one example of a class of {@code users} hashes) under this
   * config: into a census group, or into a problem with the outcome its users' logins would end
   * in.
   */
  private void classify(
      String encoded,
      String username,
      long users,
      Map<List<String>, Tally> groups,
      Map<List<String>, Tally> problems) {
    Optional<String> schemeId = PasswordHashers.schemeIdOf(encoded);
    PasswordHasher hasher = hashers.forEncodedHash(encoded).orElse(null);
    if (schemeId.isEmpty() || hasher == null) {
      // the stored text is never echoed: a legacy table may hold a plaintext password
      String what;
      if (schemeId.isEmpty()) {
        what = "no scheme id (not an encoded hash)";
      } else if (PasswordHashers.knowsScheme(schemeId.get())) {
        what = "scheme " + schemeId.get() + ": not enabled in this config (Portcullis can verify"
            + " it: add " + WrappedLegacyHasher.enablingSchemeId(schemeId.get())
            + " to hashing.legacy-schemes, or restore its hasher)";
      } else {
        what = "a scheme Portcullis does not know (the stored text is not shown)";
      }
      tally(problems, List.of(Outcome.UNSUPPORTED_HASH.name(), what), username, users, 0);
      return;
    }
    String scheme = schemeId.get();
    try {
      hasher.checkEncoded(encoded, config.hashCaps());
    } catch (UnverifiableHashException e) {
      Outcome outcome = e.reason() == UnverifiableHashException.Reason.PARAMETERS_REJECTED
          ? Outcome.HASH_PARAMS_REJECTED
          : Outcome.UNSUPPORTED_HASH;
      tally(problems, List.of(outcome.name(), "scheme " + scheme + ": " + e.getMessage()),
          username, users, 0);
      return;
    }
    if (costBudget.overBudget(encoded) != null) { // the same decision as at login
      tally(problems, List.of(Outcome.HASH_PARAMS_REJECTED.name(), "scheme " + scheme
          + ": estimated verification cost over hashing.caps.max-cost-factor = "
          + config.hashCaps().maxCostFactor() + " times the live policy's"), username, users, 0);
      return;
    }
    String parameters = "-";
    String keyId = "-";
    if (encoded.startsWith("$")) {
      try {
        PhcString phc = PhcString.parse(encoded);
        Map<String, String> params = new LinkedHashMap<>(phc.params());
        String id = params.remove("keyid");
        keyId = id == null ? "-" : id;
        List<String> pairs = new ArrayList<>();
        params.forEach((name, value) -> pairs.add(name + "=" + value));
        parameters = (phc.version().isPresent() ? "v=" + phc.version().getAsInt() + " " : "")
            + String.join(",", pairs);
      } catch (PhcFormatException e) {
        parameters = "-"; // a non-PHC scheme its hasher accepted
      }
    }
    if (!keyId.equals("-") && config.pepper().key(keyId).isEmpty()) {
      String what = config.pepper().retiredKeyIds().contains(keyId)
          ? RETIRED_KEY + keyId + RETIRED_SUFFIX
          : "pepper key id " + keyId + " is not in the keyring";
      tally(problems, List.of(Outcome.PEPPER_KEY_MISSING.name(), what), username, users, 0);
      return;
    }
    String currentKey = config.pepper().currentKeyId().orElse("-");
    boolean rehash;
    try {
      rehash = hasher != writer || !keyId.equals(currentKey)
          || writer.needsRehash(encoded, config.hashing());
    } catch (RuntimeException e) {
      rehash = true;
    }
    List<String> key = List.of(scheme, parameters, keyId);
    if (!groups.containsKey(key) && groups.size() >= MAX_GROUPS) {
      key = List.of(scheme, "(other parameters)", keyId);
    }
    tally(groups, key, username, users, rehash ? users : 0);
  }

  private static void tally(Map<List<String>, Tally> into, List<String> key, String username,
      long users, long needRehash) {
    Tally tally = into.computeIfAbsent(key, k -> new Tally());
    if (tally.users == 0) {
      tally.example = username;
    }
    tally.users += users;
    tally.needRehash += needRehash;
  }
}
