package dev.portcullis.auth;

/**
 * How a verification ended. Precise on purpose, for logs, metrics and the spike detector; an end
 * user should only ever be told "invalid credentials" (never which outcome), so that the
 * response does not reveal whether an account exists.
 *
 * <p>A {@link Category#SYSTEM} outcome is never a bad password: it means the service, not the
 * user, must act, and it never counts toward a user's throttling.
 */
public enum Outcome {
  /** The password matched. */
  SUCCESS(Category.SUCCESS),
  /** The user exists and the password did not match. */
  BAD_PASSWORD(Category.CLIENT),
  /** No such user; a dummy hash was computed so this costs what a wrong password costs. */
  UNKNOWN_USER(Category.CLIENT),
  /** Empty or over-long username or password, or a password that is not valid Unicode. */
  MALFORMED_INPUT(Category.CLIENT),
  /** Too many recent failures for this account or source. */
  THROTTLED(Category.POLICY),
  /** The password matched but the account is disabled. */
  DISABLED(Category.POLICY),
  /** The credential store could not answer. */
  STORE_UNAVAILABLE(Category.SYSTEM),
  /** The stored hash is malformed or of a scheme no configured hasher verifies. */
  UNSUPPORTED_HASH(Category.SYSTEM),
  /** The stored hash names a pepper key id that is not in the keyring. */
  PEPPER_KEY_MISSING(Category.SYSTEM),
  /** The stored hash's parameters exceed the configured caps; no work was done. */
  HASH_PARAMS_REJECTED(Category.SYSTEM),
  /** Hashing capacity is exhausted. */
  OVERLOADED(Category.SYSTEM),
  /** An unexpected failure inside Portcullis or a plug-in. */
  INTERNAL_ERROR(Category.SYSTEM);

  /** Who an outcome is about. */
  public enum Category {
    /** The credential was accepted. */
    SUCCESS,
    /** The caller sent something wrong. */
    CLIENT,
    /** A rule refused the attempt. */
    POLICY,
    /** The service could not decide: configuration, store, capacity or a bug. */
    SYSTEM
  }

  private final Category category;

  Outcome(Category category) {
    this.category = category;
  }

  /** The category of this outcome. */
  public Category category() {
    return category;
  }
}
