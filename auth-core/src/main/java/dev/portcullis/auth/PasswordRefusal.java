package dev.portcullis.auth;

/**
 * Why {@link Authenticator#setPassword} or {@link Authenticator#changePassword} refused a
 * password. A refusal lists every reason that applies, so that a user can fix them all at once.
 *
 * <p>The reasons follow NIST SP 800-63B and OWASP ASVS 5.0 V6.2: a length, a blocklist, and
 * nothing else (no composition rules). {@link #description()} is a plain sentence that a service
 * may show to the user; it never contains the password.
 */
public enum PasswordRefusal {
  /** Fewer code points, after NFC normalization, than {@code password.min-code-points}. */
  TOO_SHORT("the new password is shorter than the minimum length"),
  /**
   * More UTF-16 chars than {@code input.max-password-chars}, the engine's input limit: a
   * password that could not be verified is never set. A password this long is not checked
   * further.
   */
  TOO_LONG("the new password is longer than the maximum length"),
  /** An unpaired surrogate: the text is not Unicode and has no UTF-8 form to hash. */
  INVALID_UNICODE("the new password is not valid Unicode text"),
  /** Exactly one of the most common passwords, ignoring case (ASVS 6.2.4). */
  BLOCKLISTED("the new password is one of the most common passwords"),
  /** Contains the username, or the part of an e-mail username before the {@code @}. */
  CONTAINS_USERNAME("the new password contains the username"),
  /** Contains one of the configured {@code password.context-words}, such as the service's name. */
  CONTAINS_CONTEXT_WORD("the new password contains the name of this service"),
  /** A repetition: one character or a short group repeated, such as {@code aaaaaaaa}. */
  REPETITIVE("the new password is a repetition, such as aaaaaaaa or abcabcabc"),
  /** A sequence, such as {@code 12345678}, {@code abcdefgh} or a keyboard row. */
  SEQUENTIAL("the new password is a sequence, such as 12345678, abcdefgh or qwertyui"),
  /** The new password is the current one (compared after NFC normalization). */
  SAME_AS_CURRENT("the new password is the same as the current password"),
  /**
   * The current password was not accepted: wrong, unknown user or malformed input, which are not
   * told apart so that a change cannot probe for usernames.
   */
  CURRENT_PASSWORD_WRONG("the current password is wrong"),
  /**
   * The current password could not be checked: the account is disabled, the caller is
   * throttled, or the store or a hasher failed. {@link PasswordChangeResult#currentPasswordCheck()}
   * holds the precise outcome.
   */
  CURRENT_PASSWORD_NOT_VERIFIED("the current password cannot be checked right now"),
  /**
   * The stored credential changed (or was deleted) between checking the current password and
   * writing the new one; nothing was written, and the change may be tried again.
   */
  CONCURRENT_CHANGE("the password was changed elsewhere at the same time; try again"),

  /** {@code addUser}: a user of that name exists already (nothing was changed). */
  USERNAME_TAKEN("a user of that name already exists");

  private final String description;

  PasswordRefusal(String description) {
    this.description = description;
  }

  /** One sentence for the user, lower-case, without the password. */
  public String description() {
    return description;
  }
}
