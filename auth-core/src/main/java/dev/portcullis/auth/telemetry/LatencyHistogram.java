package dev.portcullis.auth.telemetry;

import java.time.Duration;
import java.util.List;

/**
 * Verification latencies in fixed buckets (no dependency, constant memory): {@code counts.get(i)}
 * verifications took at most {@code upperBounds.get(i)} and more than the bound before; the last
 * count is everything slower than the last bound.
 *
 * @param upperBounds bucket upper bounds, ascending
 * @param counts one more entry than {@code upperBounds}: the overflow bucket last
 */
public record LatencyHistogram(List<Duration> upperBounds, List<Long> counts) {

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if counts does not have one entry more than upperBounds
   */
  public LatencyHistogram {
    upperBounds = List.copyOf(upperBounds);
    counts = List.copyOf(counts);
    if (counts.size() != upperBounds.size() + 1) {
      throw new IllegalArgumentException(
          "counts has " + counts.size() + " entries, needs " + (upperBounds.size() + 1));
    }
  }

  /** All verifications counted. */
  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /**
   * The upper bound of the bucket holding the given quantile, e.g. {@code 0.99}: an upper
   * estimate. {@link Duration#ZERO} when nothing was counted; the last bound doubled for the
   * overflow bucket.
   *
   * @throws IllegalArgumentException if quantile is not within (0, 1]
   */
  public Duration quantileUpperBound(double quantile) {
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile was " + quantile + ", allowed is (0, 1]");
    }
    long total = total();
    if (total == 0) {
      return Duration.ZERO;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < upperBounds.size(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return upperBounds.get(i);
      }
    }
    return upperBounds.get(upperBounds.size() - 1).multipliedBy(2);
  }
}
