package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the caller knows about where an attempt comes from, for throttling per source: usually the
 * client IP address. Never logged and never in telemetry; held only as a key of the bounded
 * throttle state.
 */
public final class AttemptContext {

  private static final AttemptContext NONE = new AttemptContext(null);

  private final @Nullable String sourceKey;

  private AttemptContext(@Nullable String sourceKey) {
    this.sourceKey = sourceKey;
  }

  /** No source known: only per-account throttling applies. */
  public static AttemptContext none() {
    return NONE;
  }

  /**
   * An attempt from this source, e.g. {@code "203.0.113.7"}.
   *
   * @throws NullPointerException if sourceKey is null
   * @throws IllegalArgumentException if sourceKey is empty or longer than 256 characters
   */
  public static AttemptContext fromSource(String sourceKey) {
    requireNonNull(sourceKey, "sourceKey");
    if (sourceKey.isEmpty() || sourceKey.length() > 256) {
      throw new IllegalArgumentException(
          "sourceKey must be 1 to 256 characters, was " + sourceKey.length());
    }
    return new AttemptContext(sourceKey);
  }

  /** The source key, if known. */
  public Optional<String> sourceKey() {
    return Optional.ofNullable(sourceKey);
  }

  /** Does not show the source key. */
  @Override
  public String toString() {
    return sourceKey == null ? "AttemptContext[no source]" : "AttemptContext[source given]";
  }
}
