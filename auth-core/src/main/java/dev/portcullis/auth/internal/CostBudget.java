package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import java.util.Locale;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The budget on the work of verifying one stored hash: its {@linkplain StoredHashCost estimated
 * cost} may be at most {@code hashing.caps.max-cost-factor} times the reference cost, the live
 * policy's own verification or OWASP's minimum Argon2id (m=19456 KiB, t=2, p=1), whichever is
 * higher (so that a deliberately light policy does not refuse what real systems write). The
 * per-parameter caps bound each number; this bounds their product, which is what pins a core.
 *
 * <p>{@link #overBudget} is the one decision: the engine calls it before any memory is allocated
 * for a login, the preflight's inventory for every row it classifies.
 */
public final class CostBudget {

  private static final double OWASP_MINIMUM_MILLIS =
      StoredHashCost.estimateMillis(HashingPolicy.argon2id(19_456, 2, 1)).orElseThrow();

  private final double referenceMillis;
  private final int factor;
  private final OptionalDouble liveMillis;

  private CostBudget(double referenceMillis, int factor, OptionalDouble liveMillis) {
    this.referenceMillis = referenceMillis;
    this.factor = factor;
    this.liveMillis = liveMillis;
  }

  /** The budget of a configuration: its hashing policy and {@code hashing.caps.max-cost-factor}. */
  public static CostBudget of(AuthConfig config) {
    OptionalDouble live = StoredHashCost.estimateMillis(config.hashing());
    return new CostBudget(
        Math.max(live.orElse(OWASP_MINIMUM_MILLIS), OWASP_MINIMUM_MILLIS),
        config.hashCaps().maxCostFactor(),
        live);
  }

  /**
   * Whether verifying {@code encodedHash} is estimated to cost less than the live policy's own
   * verification (the dummy an unknown user costs); true when either cannot be estimated, so
   * that the timing floor errs on the side of padding.
   */
  public boolean cheaperThanLivePolicy(String encodedHash) {
    OptionalDouble estimate = StoredHashCost.estimateMillis(encodedHash);
    return estimate.isEmpty() || liveMillis.isEmpty() || estimate.getAsDouble() < liveMillis.getAsDouble();
  }

  /** The cost a stored hash is measured against, in reference milliseconds. */
  public double referenceMillis() {
    return referenceMillis;
  }

  /** The most a stored hash may cost, in reference milliseconds. */
  public double budgetMillis() {
    return referenceMillis * factor;
  }

  /**
   * Why verifying {@code encodedHash} would exceed the budget, or null if it would not (or its
   * cost cannot be estimated: its hasher's own caps still apply). The reason names the
   * estimate and the setting, never the hash.
   */
  public @Nullable String overBudget(String encodedHash) {
    OptionalDouble estimate = StoredHashCost.estimateMillis(encodedHash);
    if (estimate.isEmpty() || estimate.getAsDouble() <= budgetMillis()) {
      return null;
    }
    return String.format(Locale.ROOT,
        "estimated verification cost %.0fx the reference (%.0f ms vs %.1f ms for the live policy"
            + " or OWASP's minimum) exceeds hashing.caps.max-cost-factor = %d",
        estimate.getAsDouble() / referenceMillis, estimate.getAsDouble(), referenceMillis, factor);
  }
}
