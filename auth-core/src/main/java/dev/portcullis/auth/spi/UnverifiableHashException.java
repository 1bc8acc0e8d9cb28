package dev.portcullis.auth.spi;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A stored hash cannot be verified at all: it is malformed, of a scheme nobody handles, or asks
 * for more work than the configured caps allow. This is never a wrong password.
 *
 * <p>Who must fix it: whoever owns the stored hash or the caps. The engine reports {@link
 * Reason#MALFORMED} and {@link Reason#UNSUPPORTED} as {@code UNSUPPORTED_HASH} and {@link
 * Reason#PARAMETERS_REJECTED} as {@code HASH_PARAMS_REJECTED}. Messages name parameters and their
 * numeric values, never salt or hash bytes.
 */
public final class UnverifiableHashException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the hash cannot be verified. */
  public enum Reason {
    /** The string breaks the format of its scheme. */
    MALFORMED,
    /** The format is understood but this variant (scheme, version) is not supported. */
    UNSUPPORTED,
    /** A parameter exceeds a configured cap; no work was done. */
    PARAMETERS_REJECTED
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @throws NullPointerException if reason or message is null
   */
  public UnverifiableHashException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @throws NullPointerException if reason or message is null
   */
  public UnverifiableHashException(Reason reason, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.reason = requireNonNull(reason, "reason");
  }

  /** Wraps a codec failure as {@link Reason#MALFORMED}. */
  public static UnverifiableHashException malformed(PhcFormatException cause) {
    return new UnverifiableHashException(Reason.MALFORMED, requireNonNull(cause.getMessage()), cause);
  }

  /** Why the hash cannot be verified. */
  public Reason reason() {
    return reason;
  }
}
