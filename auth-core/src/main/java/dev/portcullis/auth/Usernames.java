package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What Portcullis accepts as a username beyond its length: text a store holds faithfully. The
 * engine refuses anything else as {@link Outcome#MALFORMED_INPUT} before the throttle and the
 * store, and importers and sign-up forms can apply the same rule up front.
 */
public final class Usernames {

  private Usernames() {}

  /**
   * Why {@code username} is not acceptable text, or empty if it is. An unpaired surrogate is
   * rewritten by drivers (PostgreSQL's sends {@code ?}), so {@code "alice\uD800"} could log in as
   * a stored {@code "alice?"} under a throttle key of its own; a NUL or another control character
   * is refused by some databases, which would turn a guess into a cheap false store alarm. The
   * reason never repeats the username.
   *
   * @throws NullPointerException if username is null
   */
  public static Optional<String> problem(String username) {
    requireNonNull(username, "username");
    for (int i = 0; i < username.length(); i++) {
      char c = username.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < username.length()
          && Character.isLowSurrogate(username.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("username is not valid Unicode (unpaired surrogate)");
      } else if (c < 0x20 || c == 0x7f) {
        return Optional.of("username contains a control character");
      }
    }
    return Optional.empty();
  }
}
