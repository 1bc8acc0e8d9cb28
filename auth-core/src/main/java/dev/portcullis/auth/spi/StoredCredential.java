package dev.portcullis.auth.spi;

import static java.util.Objects.requireNonNull;

/**
 * A user's stored credential: the username, the encoded hash and whether the account is
 * disabled.
 *
 * <p>A final class rather than a record because it holds a hash: {@link #toString()} never shows
 * it, and there is no {@code equals} that could be used to compare hashes in variable time.
 */
public final class StoredCredential {
  private final String username;
  private final String encodedHash;
  private final boolean disabled;

  /**
   * Creates a credential.
   *
   * @throws NullPointerException if username or encodedHash is null
   * @throws IllegalArgumentException if username is empty
   */
  public StoredCredential(String username, String encodedHash, boolean disabled) {
    this.username = requireNonNull(username, "username");
    this.encodedHash = requireNonNull(encodedHash, "encodedHash");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("username must not be empty");
    }
    this.disabled = disabled;
  }

  /** An enabled account. */
  public static StoredCredential of(String username, String encodedHash) {
    return new StoredCredential(username, encodedHash, false);
  }

  /** The username, exactly as stored. */
  public String username() {
    return username;
  }

  /** The encoded hash (a PHC string for the built-in schemes). Treat it as a secret. */
  public String encodedHash() {
    return encodedHash;
  }

  /** Whether the account is disabled: a correct password then yields {@code DISABLED}. */
  public boolean disabled() {
    return disabled;
  }

  /** The same credential with another hash. */
  public StoredCredential withHash(String newEncodedHash) {
    return new StoredCredential(username, newEncodedHash, disabled);
  }

  /** Never shows the hash. */
  @Override
  public String toString() {
    return "StoredCredential[username=" + username + ", disabled=" + disabled + ", hash=<redacted>]";
  }
}
