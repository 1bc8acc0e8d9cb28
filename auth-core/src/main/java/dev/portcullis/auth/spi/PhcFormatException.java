package dev.portcullis.auth.spi;

/**
 * An encoded hash does not follow the PHC string format, or not the part of it a scheme
 * requires. This is the only exception {@link PhcString#parse(String)} throws for bad input.
 *
 * <p>Who must fix it: whoever wrote the hash (a migration, an import, a manual edit of the
 * store). The message names the field and the rule broken, never the salt or hash bytes.
 */
public final class PhcFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a lower-case message naming the field and the rule broken. */
  public PhcFormatException(String message) {
    super(message);
  }
}
