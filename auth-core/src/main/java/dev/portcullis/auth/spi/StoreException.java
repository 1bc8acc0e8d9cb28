package dev.portcullis.auth.spi;

/**
 * A credential store could not answer: unreachable, timed out, or failed. The engine reports it
 * as {@code STORE_UNAVAILABLE}, never as a bad password or an unknown user.
 *
 * <p>Who must fix it: whoever runs the store. Store implementations throw it for every
 * infrastructure failure; its message must not contain hashes or passwords.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public StoreException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
