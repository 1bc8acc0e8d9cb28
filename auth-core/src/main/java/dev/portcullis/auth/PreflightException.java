package dev.portcullis.auth;

/**
 * An authenticator refused to start because a check before traffic failed: a hasher failed its
 * known-answer test or could not load its native library, or no hasher can write the configured
 * policy.
 *
 * <p>Who must fix it: whoever deploys the service (platform, dependencies, configuration). The
 * message names the failing component and the platform.
 */
public final class PreflightException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public PreflightException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public PreflightException(String message, Throwable cause) {
    super(message, cause);
  }
}
