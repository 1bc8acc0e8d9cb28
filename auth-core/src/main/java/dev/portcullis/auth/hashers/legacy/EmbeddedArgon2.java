package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Set;

/**
 * An Argon2 PHC string inside another format (Django's {@code argon2$...}, Spring's {@code
 * {argon2}...}), verified by the Argon2 hasher, so its caps and memory admission apply as to any
 * Argon2 hash.
 */
final class EmbeddedArgon2 {

  private static final Set<String> VARIANTS = Set.of("argon2id", "argon2i", "argon2d");

  private EmbeddedArgon2() {}

  /**
   * The PHC string, checked to be Argon2 without the pepper key id or associated data that only
   * Portcullis writes (neither Django nor Spring does; the engine would not apply a pepper here).
   */
  static String phc(String embedded, String what) throws UnverifiableHashException {
    PhcString phc;
    try {
      phc = PhcString.parse(embedded);
    } catch (PhcFormatException e) {
      throw new UnverifiableHashException(
          MALFORMED, what + " does not hold a valid Argon2 PHC string: " + e.getMessage(), e);
    }
    if (!VARIANTS.contains(phc.id())) {
      throw new UnverifiableHashException(
          MALFORMED, what + " must hold an argon2id, argon2i or argon2d PHC string");
    }
    if (phc.params().containsKey("keyid") || phc.params().containsKey("data")) {
      throw new UnverifiableHashException(
          MALFORMED, what + " never carries keyid or data parameters");
    }
    return embedded;
  }

  static boolean verify(
      PasswordHasher argon2, byte[] password, String embedded, HashParameterCaps caps, String what)
      throws UnverifiableHashException {
    return argon2.verify(password, phc(embedded, what), caps);
  }

  /** Everything {@link #verify} refuses before any work, the Argon2 caps included. */
  static void checkEncoded(
      PasswordHasher argon2, String embedded, HashParameterCaps caps, String what)
      throws UnverifiableHashException {
    argon2.checkEncoded(phc(embedded, what), caps);
  }

  static int memoryCostKib(
      PasswordHasher argon2, String embedded, HashParameterCaps caps, String what) {
    try {
      return argon2.memoryCostKib(phc(embedded, what), caps);
    } catch (UnverifiableHashException e) {
      return 0; // refused without work by verify
    }
  }
}
