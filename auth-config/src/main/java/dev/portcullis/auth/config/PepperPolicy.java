package dev.portcullis.auth.config;

/**
 * Whether passwords are peppered (an HMAC-SHA-256 under a secret key kept apart from the store,
 * applied before the hashing scheme). The choice is required: a deployment must say {@link
 * #none()} explicitly rather than lose its pepper to a missing setting.
 *
 * <p>Only {@code none} exists so far; a keyring of {@code id -> secret} is the next step. A stored
 * hash that names a pepper key id is therefore reported as {@code PEPPER_KEY_MISSING} by the
 * engine, never as a bad password.
 */
public final class PepperPolicy {

  private static final PepperPolicy NONE = new PepperPolicy();

  private PepperPolicy() {}

  /** No pepper: passwords go to the hashing scheme as their UTF-8 bytes. */
  public static PepperPolicy none() {
    return NONE;
  }

  /** True for {@link #none()}. */
  public boolean isNone() {
    return this == NONE;
  }

  @Override
  public String toString() {
    return "PepperPolicy[none]";
  }
}
