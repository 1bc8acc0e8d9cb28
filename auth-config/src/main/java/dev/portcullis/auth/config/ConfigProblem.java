package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a configuration: which setting, where it came from, what it was, why it is
 * refused, and how to fix it.
 *
 * <p>Problems are data so that tools (the {@code authctl check} command, a deployment pipeline)
 * can print or parse them. A secret value is never stored here: it is replaced by {@link
 * #REDACTED} before the problem is created.
 *
 * @param key the setting, e.g. {@code hashing.argon2id.memory-kib}
 * @param origin where the value came from, e.g. {@code code}, or a file and line
 * @param value the offending value as text, {@link #REDACTED} for secrets, or null when missing
 * @param reason why the value is refused, lower-case, e.g. {@code is required}
 * @param hint how to fix it (allowed range, nearest valid key), or null when nothing useful fits
 */
public record ConfigProblem(
    String key, String origin, @Nullable String value, String reason, @Nullable String hint) {

  /** What a secret value is shown as. */
  public static final String REDACTED = "<redacted>";

  /** Origin of settings made through the builder API. */
  public static final String CODE = "code";

  /**
   * Creates a problem.
   *
   * @throws NullPointerException if key, origin or reason is null
   */
  public ConfigProblem {
    requireNonNull(key, "key");
    requireNonNull(origin, "origin");
    requireNonNull(reason, "reason");
  }

  /** One line for a person: {@code key (origin) = value: reason (hint)}. */
  public String describe() {
    StringBuilder line = new StringBuilder(key).append(" (").append(origin).append(')');
    line.append(value == null ? " is missing" : " = " + value).append(": ").append(reason);
    if (hint != null) {
      line.append(" (").append(hint).append(')');
    }
    return line.toString();
  }
}
