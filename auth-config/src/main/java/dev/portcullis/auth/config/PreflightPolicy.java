package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the preflight checks, when, and how hard it fails.
 *
 * <p>{@link #onCreate()} lists the checks {@code Authenticator.create} runs (default: every
 * check but the inventory, which reads every stored hash and belongs in the pipeline's {@code
 * authctl check}; the cheaper {@code stored-hashes} check proves each class of stored hash); a failing check stops creation unless it is in {@link #warnOnly()}. {@code
 * authctl check} runs every check.
 *
 * @param onCreate the checks run when an authenticator is created
 * @param warnOnly checks whose failure is reported as a warning instead of stopping creation
 * @param storeTimeoutMillis how long the store may take to answer the store check
 * @param inventorySample how many stored credentials the inventory reads; 0 means all
 * @param canaries accounts that must log in with SUCCESS before traffic
 */
public record PreflightPolicy(
    Set<Check> onCreate,
    Set<Check> warnOnly,
    int storeTimeoutMillis,
    int inventorySample,
    List<Canary> canaries) {

  /** The checks, in the order they run. */
  public enum Check {
    /** The configuration is valid. */
    CONFIG,
    /** Known-answer tests of every hasher the config or the store needs. */
    HASHERS,
    /** The store answers, within the configured time, with the schema this version needs. */
    STORE,
    /**
     * Every pepper key matches the key check value the store recorded, and every key id the store
     * has recorded or its hashes name is in the keyring or explicitly retired.
     */
    PEPPER,
    /**
     * Every class of stored hash (scheme, parameters, pepper key id) verifies under this config,
     * counted by the store where it can aggregate (SQL), by a scan otherwise.
     */
    STORED_HASHES,
    /** Canary accounts log in with SUCCESS through the full engine. */
    CANARIES,
    /** Every stored hash (or a sample) is verifiable under this config. */
    INVENTORY;

    /** The name used in config files, reports and JSON, e.g. {@code stored-hashes}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The check with this {@link #id()}, if any. */
    public static Optional<Check> byId(String id) {
      for (Check check : values()) {
        if (check.id().equals(id)) {
          return Optional.of(check);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * An account that must log in before traffic is served.
   *
   * @param name the canary's id in the config ({@code preflight.canary.<name>.username})
   * @param username the account
   * @param password its password, a secret reference
   */
  public record Canary(String name, String username, Secret password) {
    /**
     * @throws NullPointerException if any field is null
     */
    public Canary {
      requireNonNull(name, "name");
      requireNonNull(username, "username");
      requireNonNull(password, "password");
    }
  }

  /** Default time the store may take to answer the store check. */
  public static final int DEFAULT_STORE_TIMEOUT_MILLIS = 2_000;

  /**
   * Copies the collections.
   *
   * @throws NullPointerException if a collection is null
   * @throws IllegalArgumentException if a number is out of range
   */
  public PreflightPolicy {
    onCreate = Set.copyOf(onCreate.isEmpty() ? EnumSet.noneOf(Check.class) : EnumSet.copyOf(onCreate));
    warnOnly = Set.copyOf(warnOnly.isEmpty() ? EnumSet.noneOf(Check.class) : EnumSet.copyOf(warnOnly));
    canaries = List.copyOf(canaries);
    if (storeTimeoutMillis < 1) {
      throw new IllegalArgumentException("storeTimeoutMillis must be positive");
    }
    if (inventorySample < 0) {
      throw new IllegalArgumentException("inventorySample must be 0 (all) or positive");
    }
  }

  /** Every check but the inventory at creation, none downgraded, no canaries, full inventory. */
  public static PreflightPolicy defaults() {
    return new PreflightPolicy(
        EnumSet.complementOf(EnumSet.of(Check.INVENTORY)),
        Set.of(),
        DEFAULT_STORE_TIMEOUT_MILLIS,
        0,
        List.of());
  }

  /** This policy with these canaries. */
  public PreflightPolicy withCanaries(List<Canary> canaries) {
    return new PreflightPolicy(onCreate, warnOnly, storeTimeoutMillis, inventorySample, canaries);
  }

  /** This policy with these checks at creation, and these downgraded to warnings. */
  public PreflightPolicy withChecks(Set<Check> onCreate, Set<Check> warnOnly) {
    return new PreflightPolicy(onCreate, warnOnly, storeTimeoutMillis, inventorySample, canaries);
  }

  /** This policy with another inventory sample size (0: every credential). */
  public PreflightPolicy withInventorySample(int inventorySample) {
    return new PreflightPolicy(onCreate, warnOnly, storeTimeoutMillis, inventorySample, canaries);
  }
}
