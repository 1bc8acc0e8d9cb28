package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.internal.Pbkdf2;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Spring Security's {@code DelegatingPasswordEncoder} formats, by the {@code {id}} prefix:
 *
 * <ul>
 *   <li>{@code {bcrypt}$2a$10$...}: bcrypt, as {@link BcryptHasher} (72-byte truncation included);
 *   <li>{@code {argon2@SpringSecurity_v5_8}} + an Argon2 PHC string: verified by the Argon2 hasher
 *       with the parameters the string carries ({@code {argon2}}, whose scheme id {@code argon2}
 *       Django's format shares, is verified by {@link PrefixedArgon2Hasher});
 *   <li>{@code {pbkdf2@SpringSecurity_v5_8}} + hex(16-byte salt ‖ 32-byte key): PBKDF2-HMAC-SHA256
 *       over the UTF-8 password, 310,000 iterations, no secret. None of these is in the string:
 *       the id implies them, exactly as {@code Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()}
 *       fixes them;
 *   <li>{@code {noop}}: recognized only to be refused. A plaintext password is never accepted.
 * </ul>
 *
 * <p>Spring's plain {@code {pbkdf2}} is not recognized: its parameters depend on the Spring version
 * and on how the application configured the encoder (secret, iterations, algorithm), none of which
 * the string records. Verify-only.
 */
public final class SpringSecurityHasher extends VerifyOnlyHasher {

  static final String PBKDF2_V5_8 = "pbkdf2@SpringSecurity_v5_8";
  static final Set<String> SCHEME_IDS =
      Set.of("bcrypt", "argon2@SpringSecurity_v5_8", PBKDF2_V5_8, "noop");
  /** {@code Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()}. */
  static final int PBKDF2_V5_8_ITERATIONS = 310_000;

  private static final int PBKDF2_V5_8_SALT_BYTES = 16;
  private static final int PBKDF2_V5_8_KEY_BYTES = 32;
  private static final Pattern HEX_DIGITS = Pattern.compile("[0-9a-fA-F]*");

  private final PasswordHasher argon2;

  /**
   * A Spring Security hasher for every id it knows, with its own Argon2 hasher.
   *
   * @throws LinkageError if the native Argon2 library cannot be loaded on this platform
   */
  public SpringSecurityHasher() {
    this(SCHEME_IDS, new Argon2Hasher());
  }

  SpringSecurityHasher(Set<String> schemeIds, PasswordHasher argon2) {
    super(schemeIds, SCHEME_IDS);
    this.argon2 = requireNonNull(argon2, "argon2");
  }

  @Override
  public String name() {
    return "spring-security (verify-only)";
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    Parsed parsed =
        parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
    switch (parsed.schemeId()) {
      case "bcrypt":
        return BcryptHasher.check(password, parsed.rest(), "spring {bcrypt}");
      case PBKDF2_V5_8:
        return verifyPbkdf2(password, parsed.rest(), caps, PBKDF2_V5_8_ITERATIONS);
      default:
        return EmbeddedArgon2.verify(argon2, password, parsed.rest(), caps, parsed.what());
    }
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
  }

  /** A well-formed hash within the caps: its id and what follows the id's closing brace. */
  private record Parsed(String schemeId, String rest) {
    String what() {
      return "spring {" + schemeId + "}";
    }
  }

  /** Everything {@link #verify} checks before any work; {@code {noop}} is always refused. */
  private Parsed parse(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    int close = encodedHash.indexOf('}');
    String id = encodedHash.startsWith("{") && close > 0 ? encodedHash.substring(1, close) : "";
    if (!SCHEME_IDS.contains(id)) {
      // the text is not echoed: a bad prefix may sit in front of a plaintext password
      throw new UnverifiableHashException(
          UNSUPPORTED,
          "not a Spring Security hash this hasher knows: expected one of {bcrypt},"
              + " {argon2@SpringSecurity_v5_8}, {pbkdf2@SpringSecurity_v5_8}");
    }
    Parsed parsed = new Parsed(claimedSchemeId(encodedHash, id), encodedHash.substring(close + 1));
    switch (parsed.schemeId()) {
      case "noop":
        throw new UnverifiableHashException(
            UNSUPPORTED,
            "plaintext {noop} passwords are never accepted; reset these users' passwords");
      case "bcrypt":
        BcryptHasher.parse(parsed.rest(), parsed.what());
        break;
      case PBKDF2_V5_8:
        pbkdf2Layout(parsed.rest(), caps, PBKDF2_V5_8_ITERATIONS);
        break;
      default:
        EmbeddedArgon2.checkEncoded(argon2, parsed.rest(), caps, parsed.what());
    }
    return parsed;
  }

  @Override
  public int memoryCostKib(String encodedHash, HashParameterCaps caps) {
    String prefix = "{argon2@SpringSecurity_v5_8}";
    if (encodedHash.startsWith(prefix) && schemeIds().contains("argon2@SpringSecurity_v5_8")) {
      return EmbeddedArgon2.memoryCostKib(
          argon2, encodedHash.substring(prefix.length()), caps, "spring " + prefix);
    }
    return 0;
  }

  /** Spring's layout: hex(salt ‖ key); iterations are a parameter only for the self-test. */
  static boolean verifyPbkdf2(
      byte[] password, String hex, HashParameterCaps caps, int iterations)
      throws UnverifiableHashException {
    byte[] decoded = pbkdf2Layout(hex, caps, iterations);
    byte[] salt = Arrays.copyOfRange(decoded, 0, PBKDF2_V5_8_SALT_BYTES);
    byte[] expected = Arrays.copyOfRange(decoded, PBKDF2_V5_8_SALT_BYTES, decoded.length);
    byte[] computed =
        Pbkdf2.derive("HmacSHA256", password, salt, iterations, PBKDF2_V5_8_KEY_BYTES);
    try {
      return MessageDigest.isEqual(computed, expected);
    } finally {
      Arrays.fill(computed, (byte) 0);
    }
  }

  /** Everything {@link #verifyPbkdf2} checks before any work; the decoded salt ‖ key. */
  private static byte[] pbkdf2Layout(String hex, HashParameterCaps caps, int iterations)
      throws UnverifiableHashException {
    int expectedChars = 2 * (PBKDF2_V5_8_SALT_BYTES + PBKDF2_V5_8_KEY_BYTES);
    if (hex.length() != expectedChars || !HEX_DIGITS.matcher(hex).matches()) {
      throw new UnverifiableHashException(
          MALFORMED,
          "spring {" + PBKDF2_V5_8 + "} hash must be " + expectedChars
              + " hex digits (16-byte salt, 32-byte key)");
    }
    if (iterations > caps.maxPbkdf2Iterations()) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "spring {" + PBKDF2_V5_8 + "} implies " + iterations + " iterations, over the cap of "
              + caps.maxPbkdf2Iterations() + " (hashing.caps.max-pbkdf2-iterations)");
    }
    return HexFormat.of().parseHex(hex);
  }

  /**
   * Verifies hashes written by Spring Security 7.1's encoders for the ids this hasher is set up
   * for (bcrypt through a cheaper {@code htpasswd} string of the same layout) and the {@code
   * {pbkdf2@SpringSecurity_v5_8}} layout at 1000 iterations against Python's {@code hashlib}, so
   * the self-test stays fast; refuses wrong passwords.
   *
   * @throws IllegalStateException naming the vector that failed
   */
  @Override
  public void selfTest() {
    // the vectors cover every scheme id of this class, whichever this instance claims
    SpringSecurityHasher all = schemeIds().equals(SCHEME_IDS) ? this : new SpringSecurityHasher(SCHEME_IDS, argon2);
    String password = "correct horse battery staple";
    String[][] vectors = {
      {"bcrypt", "{bcrypt}$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW"},
      {"argon2@SpringSecurity_v5_8", "{argon2@SpringSecurity_v5_8}$argon2id$v=19$m=16384,t=2,p=1$"
          + "p4MKYKY8gi5s4yr/uuy4wA$p3C2zjRQ5C2W9Igt+Xyt9mHUSVrmgiI7ok3AFtFsjbI"},
    };
    for (String[] vector : vectors) {
      if (schemeIds().contains(vector[0])) {
        SelfTests.expect(all, "Spring Security 7.1 {" + vector[0] + "}", password, vector[1]);
      }
    }
    if (schemeIds().contains(PBKDF2_V5_8)) {
      // salt 00..0f, key = hashlib.pbkdf2_hmac("sha256", password, salt, 1000, 32)
      String layout =
          "000102030405060708090a0b0c0d0e0f"
              + "a69b179e3add3c1e0aaf227a0eb3aa2aa8645ab86fecf6ca00c17512697c719e";
      try {
        byte[] right = password.getBytes(UTF_8);
        byte[] wrong = ("x" + password).getBytes(UTF_8);
        if (!verifyPbkdf2(right, layout, HashParameterCaps.defaults(), 1000)
            || verifyPbkdf2(wrong, layout, HashParameterCaps.defaults(), 1000)) {
          throw new IllegalStateException(
              name() + " failed the known-answer test: {" + PBKDF2_V5_8 + "} layout");
        }
      } catch (UnverifiableHashException e) {
        throw new IllegalStateException(name() + " could not parse its own known answer", e);
      }
    }
  }
}
