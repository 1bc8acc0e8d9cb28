package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Set;

/**
 * Argon2 hashes behind another tool's prefix, both of scheme id {@code argon2}: Django's {@code
 * argon2$argon2id$v=19$m=...} (Django's prefix in front of the PHC string without its leading
 * {@code $}, as argon2-cffi wrote it) and Spring Security's {@code {argon2}$argon2id$...}
 * (Argon2PasswordEncoder's PHC string). Verified by the Argon2 hasher with the parameters the
 * string carries, so the Argon2 caps and the engine's memory admission apply. Verify-only.
 */
public final class PrefixedArgon2Hasher extends VerifyOnlyHasher {

  static final String SCHEME_ID = "argon2";
  private static final String DJANGO = "argon2$";
  private static final String SPRING = "{argon2}";

  private final PasswordHasher argon2;

  /**
   * A hasher for both prefixes, with its own Argon2 hasher.
   *
   * @throws LinkageError if the native Argon2 library cannot be loaded on this platform
   */
  public PrefixedArgon2Hasher() {
    this(new Argon2Hasher());
  }

  PrefixedArgon2Hasher(PasswordHasher argon2) {
    super(Set.of(SCHEME_ID), Set.of(SCHEME_ID));
    this.argon2 = requireNonNull(argon2, "argon2");
  }

  @Override
  public String name() {
    return "argon2 in django/spring-security formats (verify-only)";
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    requireNonNull(caps, "caps");
    Embedded embedded = embedded(requireNonNull(encodedHash, "encodedHash"));
    return EmbeddedArgon2.verify(argon2, password, embedded.phc(), caps, embedded.what());
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(caps, "caps");
    Embedded embedded = embedded(requireNonNull(encodedHash, "encodedHash"));
    EmbeddedArgon2.checkEncoded(argon2, embedded.phc(), caps, embedded.what());
  }

  @Override
  public int memoryCostKib(String encodedHash, HashParameterCaps caps) {
    try {
      Embedded embedded = embedded(encodedHash);
      return EmbeddedArgon2.memoryCostKib(argon2, embedded.phc(), caps, embedded.what());
    } catch (UnverifiableHashException e) {
      return 0; // refused without work by verify
    }
  }

  /** The PHC string behind either prefix, and the format's name for messages. */
  private record Embedded(String phc, String what) {}

  private static Embedded embedded(String encodedHash) throws UnverifiableHashException {
    if (encodedHash.startsWith(DJANGO)) {
      return new Embedded("$" + encodedHash.substring(DJANGO.length()), "django argon2 hash");
    }
    if (encodedHash.startsWith(SPRING)) {
      return new Embedded(encodedHash.substring(SPRING.length()), "spring {argon2} hash");
    }
    throw new UnverifiableHashException(
        UNSUPPORTED, "not an argon2 hash in Django (argon2$) or Spring Security ({argon2}) format");
  }

  /**
   * Verifies an Argon2 hash written by Django 3.2 and one by Spring Security 7.1, and refuses
   * wrong passwords.
   *
   * @throws IllegalStateException naming the vector that failed
   */
  @Override
  public void selfTest() {
    String password = "correct horse battery staple";
    SelfTests.expect(this, "Django 3.2 argon2", password,
        "argon2$argon2id$v=19$m=1024,t=1,p=2$MFVkanZ6RGRWaVhYUFM2SG1RR09zcg$"
            + "vTnukerrw3wHTyMfe5272Q");
    SelfTests.expect(this, "Spring Security 7.1 {argon2}", password,
        "{argon2}$argon2id$v=19$m=4096,t=3,p=1$MeRr8tMGXg3E6grrCHRMsw$"
            + "SoYmMcryJXjT1e4ZQf/lO32ffR3aRwGc0GFB/Bf6CcI");
  }
}
