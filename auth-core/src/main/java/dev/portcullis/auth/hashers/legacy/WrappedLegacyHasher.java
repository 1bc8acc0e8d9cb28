package dev.portcullis.auth.hashers.legacy;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.Radix64Encoder;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.internal.Pbkdf2;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * A legacy hash wrapped in Argon2id (OWASP's "layering" upgrade for users who never log in):
 * the legacy scheme's parameters and salt are kept, and the legacy hash output is replaced by an
 * Argon2id hash of it. Verify-only; rewritten as plain Argon2id at the next successful login.
 *
 * <p><b>Format.</b> For a legacy hash {@code L}, let {@code O} be its output (the text the
 * legacy tool wrote last: bcrypt's 31-character checksum, sha-crypt's hash after the last {@code
 * $}, Django's padded base64 after the last {@code $}) and {@code S} the rest without the {@code $}
 * that separates it from {@code O} (the setting: scheme, cost or rounds or iterations, salt; for
 * bcrypt, whose checksum follows the salt directly, the first 29 characters). Let {@code A =
 * $argon2id$v=19$m=M,t=T,p=P$<salt>$<tag>} be the Argon2id hash of the ASCII bytes of {@code O}
 * (fresh salt, no pepper, no keyid). The wrapped hash is:
 *
 * <pre>
 * $wrap-&lt;legacy id&gt;$&lt;S&gt;$v=19$m=M,t=T,p=P$&lt;argon2 salt&gt;$&lt;argon2 tag&gt;
 *
 * $wrap-2b$$2b$05$A5SCf5X4wdP99zAkdROiCe$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;tag&gt;
 * $wrap-6$$6$rounds=20000$A//ZLEoUuq3qVoQT$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;tag&gt;
 * $wrap-pbkdf2_sha256$pbkdf2_sha256$1000$rO2fu7tMXoZ9rRhWcOIDLM$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;tag&gt;
 * </pre>
 *
 * <p>That is: {@code $wrap-<legacy id>$}, the setting verbatim (it may contain {@code $}), then
 * {@code A} without its leading {@code $argon2id}; the last four {@code $}-separated fields are
 * the Argon2id layer, so the string ends with the Argon2id tag as a PHC string does. Wrapped scheme
 * ids: {@code wrap-2a}, {@code wrap-2b}, {@code wrap-2y}, {@code wrap-5}, {@code wrap-6}, {@code
 * wrap-pbkdf2_sha256}, {@code wrap-pbkdf2_sha1}; each is enabled by its legacy id in {@code
 * hashing.legacy-schemes} (listing {@code 2b} enables {@code $2b$} and {@code $wrap-2b$}).
 *
 * <p><b>Verify.</b> The legacy output {@code O} is recomputed from the password and {@code S},
 * with the legacy scheme's caps checked first (bcrypt cost at most {@link BcryptHasher#MAX_COST},
 * sha-crypt rounds at most the lower of {@code hashing.caps.max-pbkdf2-iterations} and {@link
 * ShaCryptHasher#MAX_ROUNDS}, PBKDF2 iterations at most {@code max-pbkdf2-iterations}, the
 * salt at most {@code max-salt-bytes}); then {@code A} is verified with {@code O} as the password
 * through the Argon2 hasher, whose caps and memory admission apply ({@link #memoryCostKib}
 * reports {@code A}'s memory). A login therefore costs the legacy hash plus the Argon2id hash.
 */
public final class WrappedLegacyHasher extends VerifyOnlyHasher {

  /** The prefix of every wrapped scheme id: {@code wrap-2b} wraps {@code 2b}. */
  public static final String PREFIX = "wrap-";

  /** The legacy scheme ids that can be wrapped. */
  public static final Set<String> WRAPPABLE =
      Set.of("2a", "2b", "2y", "5", "6", "pbkdf2_sha256", "pbkdf2_sha1");

  static final Set<String> SCHEME_IDS = wrappedIds(WRAPPABLE);

  private static final Pattern BCRYPT_SETTING = Pattern.compile("\\$(2[aby])\\$([0-9]{2})\\$([./A-Za-z0-9]{22})");
  private static final Pattern BCRYPT_OUTPUT = Pattern.compile("[./A-Za-z0-9]{31}");
  private static final Pattern SHA_CRYPT_SETTING =
      Pattern.compile("\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?([./0-9A-Za-z]{1,16})");
  private static final Pattern DJANGO_SETTING =
      Pattern.compile("(pbkdf2_sha256|pbkdf2_sha1)\\$([1-9][0-9]{0,9})\\$([^$]+)");
  private static final Pattern WRAPPED =
      Pattern.compile("\\$(wrap-[a-z0-9_]+)\\$(.+)\\$"
          + "(v=19\\$m=[0-9]+,t=[0-9]+,p=[0-9]+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+)");

  private final PasswordHasher argon2;

  /**
   * A hasher verifying every wrapped scheme, with {@code argon2} verifying the Argon2id layer.
   *
   * @throws NullPointerException if {@code argon2} is null
   * @throws IllegalArgumentException if {@code argon2} does not verify {@code argon2id}
   */
  public WrappedLegacyHasher(PasswordHasher argon2) {
    this(SCHEME_IDS, argon2);
  }

  WrappedLegacyHasher(Set<String> schemeIds, PasswordHasher argon2) {
    super(schemeIds, SCHEME_IDS);
    this.argon2 = requireNonNull(argon2, "argon2");
    if (!argon2.schemeIds().contains("argon2id")) {
      throw new IllegalArgumentException(
          "argon2 was " + argon2.name() + ", must verify argon2id for wrapped legacy hashes");
    }
  }

  /** The wrapped scheme ids of {@code legacyIds} that can be wrapped, e.g. {@code wrap-2b}. */
  static Set<String> wrappedIds(Set<String> legacyIds) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : legacyIds) {
      if (WRAPPABLE.contains(id)) {
        ids.add(PREFIX + id);
      }
    }
    return Set.copyOf(ids);
  }

  /**
   * The legacy scheme id whose entry in {@code hashing.legacy-schemes} enables {@code schemeId}:
   * {@code 2b} for {@code wrap-2b}, {@code schemeId} itself otherwise.
   */
  public static String enablingSchemeId(String schemeId) {
    requireNonNull(schemeId, "schemeId");
    return SCHEME_IDS.contains(schemeId) ? schemeId.substring(PREFIX.length()) : schemeId;
  }

  @Override
  public String name() {
    return "wrapped legacy (verify-only)";
  }

  /**
   * Wraps a legacy hash: an Argon2id hash of its output under {@code policy}, written by {@code
   * argon2} with a fresh salt, in the format of this class.
   *
   * @param legacySchemeId the scheme id of {@code legacyHash}, one of {@link #WRAPPABLE}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the scheme cannot be wrapped, {@code legacyHash} is not a
   *     well-formed hash of it (the message never repeats the hash), or {@code argon2} cannot
   *     write {@code policy} as Argon2id
   */
  public static String wrap(
      String legacySchemeId, String legacyHash, PasswordHasher argon2, HashingPolicy policy) {
    requireNonNull(legacySchemeId, "legacySchemeId");
    requireNonNull(legacyHash, "legacyHash");
    requireNonNull(argon2, "argon2");
    requireNonNull(policy, "policy");
    if (!WRAPPABLE.contains(legacySchemeId)) {
      throw new IllegalArgumentException(
          "scheme " + legacySchemeId + " cannot be wrapped; wrappable: " + new java.util.TreeSet<>(WRAPPABLE));
    }
    Optional<Integer> split = outputStart(legacySchemeId, legacyHash);
    if (split.isEmpty()) {
      throw new IllegalArgumentException(
          "the stored hash is not a well-formed " + legacySchemeId + " hash");
    }
    int start = split.get();
    // the setting without the '$' that separates it from the output (bcrypt has none)
    String setting = legacyHash.substring(0, legacyHash.charAt(start - 1) == '$' ? start - 1 : start);
    byte[] output = legacyHash.substring(start).getBytes(US_ASCII);
    String layer = argon2.hash(output, policy);
    if (!layer.startsWith("$argon2id$v=19$")) {
      throw new IllegalArgumentException(
          "policy was " + policy.schemeId() + ", wrapping needs an argon2id policy");
    }
    return "$" + PREFIX + legacySchemeId + "$" + setting + layer.substring("$argon2id".length());
  }

  /** Where the output of a well-formed legacy hash starts, or empty if it is not well formed. */
  private static Optional<Integer> outputStart(String schemeId, String hash) {
    switch (schemeId) {
      case "2a":
      case "2b":
      case "2y":
        if (hash.length() != 60 || !hash.startsWith("$" + schemeId + "$")) {
          return Optional.empty();
        }
        return BCRYPT_SETTING.matcher(hash.substring(0, 29)).matches()
                && BCRYPT_OUTPUT.matcher(hash.substring(29)).matches()
                && BcryptHasher.canonical(hash.substring(7, 29))
                && BcryptHasher.canonical(hash.substring(29))
            ? Optional.of(29)
            : Optional.empty();
      default:
        int last = hash.lastIndexOf('$');
        if (last < 0 || last == hash.length() - 1) {
          return Optional.empty();
        }
        String setting = hash.substring(0, last);
        boolean shaCrypt = schemeId.equals("5") || schemeId.equals("6");
        Matcher matcher = (shaCrypt ? SHA_CRYPT_SETTING : DJANGO_SETTING).matcher(setting);
        return matcher.matches() && matcher.group(1).equals(schemeId)
            ? Optional.of(last + 1)
            : Optional.empty();
    }
  }

  /** The parts of a wrapped hash, checked against the caps. */
  private static final class Parts {
    final String legacyId;
    final String argon2Layer;
    final String setting;

    Parts(String legacyId, String argon2Layer, String setting) {
      this.legacyId = legacyId;
      this.argon2Layer = argon2Layer;
      this.setting = setting;
    }
  }

  private Parts parse(String encodedHash, HashParameterCaps caps) throws UnverifiableHashException {
    Matcher matcher = WRAPPED.matcher(encodedHash);
    if (!matcher.matches() || !SCHEME_IDS.contains(matcher.group(1))) {
      throw new UnverifiableHashException(
          MALFORMED,
          "wrapped hash must be $wrap-<legacy id>$<legacy setting>$v=19$m=M,t=T,p=P$<salt>$<tag>");
    }
    String schemeId = claimedSchemeId(encodedHash, matcher.group(1));
    Parts parts =
        new Parts(
            schemeId.substring(PREFIX.length()),
            "$argon2id$" + matcher.group(3),
            matcher.group(2));
    argon2.checkEncoded(parts.argon2Layer, caps);
    checkSetting(parts, caps);
    return parts;
  }

  private static void checkSetting(Parts parts, HashParameterCaps caps)
      throws UnverifiableHashException {
    String id = parts.legacyId;
    switch (id) {
      case "2a":
      case "2b":
      case "2y": {
        Matcher matcher = BCRYPT_SETTING.matcher(parts.setting);
        if (!matcher.matches() || !matcher.group(1).equals(id)) {
          throw malformedSetting(id);
        }
        if (!BcryptHasher.canonical(matcher.group(3))) {
          throw malformedSetting(id); // a salt bcrypt never writes: unused bits set
        }
        int cost = Integer.parseInt(matcher.group(2));
        if (cost < BCrypt.MIN_COST) {
          throw malformedSetting(id);
        }
        if (cost > BcryptHasher.MAX_COST) {
          throw new UnverifiableHashException(
              PARAMETERS_REJECTED,
              "wrapped bcrypt cost " + cost + " exceeds the cap of " + BcryptHasher.MAX_COST);
        }
        return;
      }
      case "5":
      case "6": {
        Matcher matcher = SHA_CRYPT_SETTING.matcher(parts.setting);
        if (!matcher.matches() || !matcher.group(1).equals(id)) {
          throw malformedSetting(id);
        }
        String rounds = matcher.group(2);
        if (rounds != null) {
          ShaCryptHasher.checkRounds(
              ShaCryptHasher.parseRounds(rounds, "wrapped sha-crypt"), caps, "wrapped sha-crypt");
        }
        return;
      }
      default: {
        Matcher matcher = DJANGO_SETTING.matcher(parts.setting);
        if (!matcher.matches() || !matcher.group(1).equals(id)) {
          throw malformedSetting(id);
        }
        long iterations = Long.parseLong(matcher.group(2));
        if (iterations > caps.maxPbkdf2Iterations()) {
          throw new UnverifiableHashException(
              PARAMETERS_REJECTED,
              "wrapped django " + id + " iterations=" + iterations + " exceeds the cap of "
                  + caps.maxPbkdf2Iterations() + " (hashing.caps.max-pbkdf2-iterations)");
        }
        int saltBytes = matcher.group(3).getBytes(UTF_8).length;
        if (saltBytes > caps.maxSaltBytes()) {
          throw new UnverifiableHashException(
              PARAMETERS_REJECTED,
              "wrapped django " + id + " salt is " + saltBytes + " bytes, over the cap of "
                  + caps.maxSaltBytes() + " (hashing.caps.max-salt-bytes)");
        }
      }
    }
  }

  private static UnverifiableHashException malformedSetting(String id) {
    return new UnverifiableHashException(
        MALFORMED, "wrapped hash's legacy setting is not a well-formed " + id + " setting");
  }

  /** The legacy output the password gives under the (checked) setting, as ASCII bytes. */
  private static byte[] legacyOutput(byte[] password, Parts parts) {
    String id = parts.legacyId;
    switch (id) {
      case "2a":
      case "2b":
      case "2y": {
        Matcher matcher = BCRYPT_SETTING.matcher(parts.setting);
        if (!matcher.matches()) {
          throw new IllegalStateException("setting checked before");
        }
        int cost = Integer.parseInt(matcher.group(2));
        byte[] salt = new Radix64Encoder.Default().decode(matcher.group(3).getBytes(US_ASCII));
        byte[] key =
            password.length > BcryptHasher.MAX_PASSWORD_BYTES
                ? Arrays.copyOf(password, BcryptHasher.MAX_PASSWORD_BYTES)
                : password.clone();
        try {
          byte[] full = BCrypt.with(version(id), LongPasswordStrategies.none()).hash(cost, salt, key);
          return Arrays.copyOfRange(full, full.length - 31, full.length);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
      case "5":
      case "6": {
        Matcher matcher = SHA_CRYPT_SETTING.matcher(parts.setting);
        if (!matcher.matches()) {
          throw new IllegalStateException("setting checked before");
        }
        String rounds = matcher.group(2);
        // the specification's clamp, as ShaCryptHasher applies it
        String setting =
            "$" + id + "$"
                + (rounds == null ? "" : "rounds=" + Math.max(1000, Long.parseLong(rounds)) + "$")
                + matcher.group(3);
        byte[] input = password.clone();
        try {
          String computed =
              id.equals("5") ? Sha2Crypt.sha256Crypt(input, setting) : Sha2Crypt.sha512Crypt(input, setting);
          return computed.substring(computed.lastIndexOf('$') + 1).getBytes(US_ASCII);
        } finally {
          Arrays.fill(input, (byte) 0);
        }
      }
      default: {
        Matcher matcher = DJANGO_SETTING.matcher(parts.setting);
        if (!matcher.matches()) {
          throw new IllegalStateException("setting checked before");
        }
        boolean sha256 = id.equals("pbkdf2_sha256");
        byte[] key =
            Pbkdf2.derive(
                sha256 ? "HmacSHA256" : "HmacSHA1",
                password,
                matcher.group(3).getBytes(UTF_8),
                Integer.parseInt(matcher.group(2)),
                sha256 ? 32 : 20);
        try {
          return Base64.getEncoder().encode(key);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
    }
  }

  private static BCrypt.Version version(String schemeId) {
    switch (schemeId) {
      case "2a":
        return BCrypt.Version.VERSION_2A;
      case "2b":
        return BCrypt.Version.VERSION_2B;
      default:
        return BCrypt.Version.VERSION_2Y;
    }
  }

  @Override
  public boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    requireNonNull(password, "password");
    requireNonNull(encodedHash, "encodedHash");
    requireNonNull(caps, "caps");
    Parts parts = parse(encodedHash, caps);
    byte[] output = legacyOutput(password, parts);
    try {
      return argon2.verify(output, parts.argon2Layer, caps);
    } finally {
      Arrays.fill(output, (byte) 0);
    }
  }

  @Override
  public void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {
    parse(requireNonNull(encodedHash, "encodedHash"), requireNonNull(caps, "caps"));
  }

  /** The Argon2id layer's memory, so the engine admits the verification within its budget. */
  @Override
  public int memoryCostKib(String encodedHash, HashParameterCaps caps) {
    try {
      return argon2.memoryCostKib(parse(encodedHash, caps).argon2Layer, caps);
    } catch (UnverifiableHashException e) {
      return 0; // refused without work by verify
    }
  }

  /**
   * Wraps a known legacy hash of each claimed family under a small Argon2id policy and verifies
   * it, and refuses a wrong password.
   *
   * @throws IllegalStateException naming the vector that failed
   */
  @Override
  public void selfTest() {
    HashingPolicy small = HashingPolicy.argon2id(64, 1, 1);
    String password = "correct horse battery staple";
    String[][] vectors = {
      {"2b", "$2b$05$A5SCf5X4wdP99zAkdROiCeR0wzTBztOJMuewE0L8dZ.rncXDUt5WC"},
      {"2y", "$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW"},
      {"2a", "$2a$05$Me06nIgbZUUcMgOU0K75SeNj1nmSUajAidKQf21H2mPtFH6rl3Cp."},
      {"5", "$5$rounds=1000$Ss6w47wvQ1AAn/.T$C2X.QYx99Bcf/8wdosKNl.W3lnGJwDeYemeIT7dvFg3"},
      {"6", "$6$z4xYNarLPCNZKBS6$n5yZ5z/Aub/QSnH2QO6hwx5loAbf5K5zF4k5Xnf4EUXIOsqXhmjSgxLICNffsVBoNwUPf7P0j"
          + ".OGj7DsVs2Kw0"},
      {"pbkdf2_sha256", "pbkdf2_sha256$1000$rO2fu7tMXoZ9rRhWcOIDLM$"
          + "uA4tDLoieAg86lw1ZkdeYdAh4Akh0y8dSFnWbUA4ue8="},
      {"pbkdf2_sha1", "pbkdf2_sha1$1000$fsl6KlvmtZGd1pkLryoZyR$FWdLl2SLua05S5nLyVcn7hKe2/g="},
    };
    for (String[] vector : vectors) {
      if (schemeIds().contains(PREFIX + vector[0])) {
        String wrapped = wrap(vector[0], vector[1], argon2, small);
        SelfTests.expect(this, "wrapped " + vector[0], password, wrapped);
        SelfTests.expectMismatch(this, "wrapped " + vector[0], password + "!", wrapped);
      }
    }
  }
}
