package dev.portcullis.auth.hashers.legacy;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;

/** Known-answer checks shared by the legacy hashers' self-tests. */
final class SelfTests {

  private SelfTests() {}

  /**
   * {@code password} must match {@code encoded}, and the password with its first character
   * changed must not.
   */
  static void expect(PasswordHasher hasher, String vector, String password, String encoded) {
    if (!verify(hasher, vector, password, encoded)) {
      throw new IllegalStateException(
          hasher.name() + " failed the known-answer test: " + vector + " did not match");
    }
    String wrong = (password.charAt(0) == 'x' ? "y" : "x") + password.substring(1);
    expectMismatch(hasher, vector + ", wrong password", wrong, encoded);
  }

  /** {@code password} must not match {@code encoded}. */
  static void expectMismatch(
      PasswordHasher hasher, String vector, String password, String encoded) {
    if (verify(hasher, vector, password, encoded)) {
      throw new IllegalStateException(
          hasher.name() + " failed the known-answer test: " + vector + " matched");
    }
  }

  private static boolean verify(
      PasswordHasher hasher, String vector, String password, String encoded) {
    try {
      return hasher.verify(password.getBytes(UTF_8), encoded, HashParameterCaps.defaults());
    } catch (UnverifiableHashException e) {
      throw new IllegalStateException(
          hasher.name() + " could not verify the known-answer test " + vector + ": "
              + e.getMessage(), e);
    }
  }
}
