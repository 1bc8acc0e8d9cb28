package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

/**
 * The result of checking a password against one encoded hash ({@link Authenticator#checkHash}):
 * {@link Outcome#SUCCESS}, {@link Outcome#BAD_PASSWORD}, or the system outcome that prevented the
 * check, with a detail for operators (parameter names and numbers, never a secret).
 *
 * @param outcome how the check ended
 * @param detail why, for SYSTEM outcomes; empty otherwise
 */
public record HashCheck(Outcome outcome, String detail) {

  /**
   * Creates a result.
   *
   * @throws NullPointerException if an argument is null
   */
  public HashCheck {
    requireNonNull(outcome, "outcome");
    requireNonNull(detail, "detail");
  }

  /** True for {@link Outcome#SUCCESS}. */
  public boolean matches() {
    return outcome == Outcome.SUCCESS;
  }
}
