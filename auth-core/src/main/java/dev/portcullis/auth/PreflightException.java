package dev.portcullis.auth;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An authenticator refused to start, or to reload, because a check before traffic failed: a
 * hasher failed its known-answer test or could not load its native library, no hasher can write
 * the configured policy, or a preflight check failed ({@link #report()} then holds every result).
 *
 * <p>Who must fix it: whoever deploys the service (platform, dependencies, configuration). The
 * message names the failing component; the report says what each check found.
 */
public final class PreflightException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // a report is for this process; it is not serialized
  private final transient @Nullable PreflightReport report;

  /** Creates the exception. */
  public PreflightException(String message) {
    super(message);
    this.report = null;
  }

  /** Creates the exception with its cause. */
  public PreflightException(String message, Throwable cause) {
    super(message, cause);
    this.report = null;
  }

  /** Creates the exception for a preflight that failed. */
  public PreflightException(String message, PreflightReport report) {
    super(message);
    this.report = report;
  }

  /** The preflight's report, if a preflight check (rather than a hasher's loading) failed. */
  public Optional<PreflightReport> report() {
    return Optional.ofNullable(report);
  }
}
