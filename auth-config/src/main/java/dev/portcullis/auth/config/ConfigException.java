package dev.portcullis.auth.config;

import java.util.List;

/**
 * A configuration was refused. {@link #problems()} lists <em>every</em> problem found, not just
 * the first, so that a half-updated deployment is fixed in one round instead of one error at a
 * time.
 *
 * <p>Who must fix it: whoever owns the configuration (the operator or the deployment pipeline).
 * The message is safe to log: secret values are redacted.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable List.copyOf of records
  private final List<ConfigProblem> problems;

  /**
   * Creates the exception.
   *
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order they were checked; never empty. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    StringBuilder message =
        new StringBuilder("configuration refused, ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem:" : " problems:");
    for (ConfigProblem problem : problems) {
      message.append("\n  - ").append(problem.describe());
    }
    return message.toString();
  }
}
