package dev.portcullis.auth.hashers;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An Argon2 PHC string, validated against the reference encoder's rules and the caps:
 * {@code $argon2{d,i,id}[$v=16|19]$m=M,t=T,p=P[,keyid=K][,data=D]$salt$hash}. A missing {@code
 * v=} means version 16, as the reference decoder reads it.
 */
final class Argon2Hash {

  static final int VERSION_16 = 0x10;
  static final int VERSION_19 = 0x13;
  static final int MIN_SALT_BYTES = 8;
  static final int MAX_SALT_BYTES = 48;
  static final int MIN_HASH_BYTES = 12;
  static final int MAX_HASH_BYTES = 64;

  /** Parameter names in the only orders the reference format allows. */
  private static final List<List<String>> ALLOWED_PARAMETER_ORDERS =
      List.of(
          List.of("m", "t", "p"),
          List.of("m", "t", "p", "keyid"),
          List.of("m", "t", "p", "data"),
          List.of("m", "t", "p", "keyid", "data"));

  /** The computation's shape; the tag length is the stored hash's. */
  final Argon2Params params;
  final @Nullable String keyId;
  final byte @Nullable [] associatedData;
  final byte[] salt;
  final byte[] hash;

  private Argon2Hash(
      Argon2Params params,
      @Nullable String keyId,
      byte @Nullable [] associatedData,
      byte[] salt,
      byte[] hash) {
    this.params = params;
    this.keyId = keyId;
    this.associatedData = associatedData;
    this.salt = salt;
    this.hash = hash;
  }

  /**
   * Parses and validates; caps are checked before anything is allocated for hashing.
   *
   * @throws UnverifiableHashException MALFORMED, UNSUPPORTED or PARAMETERS_REJECTED
   */
  static Argon2Hash parse(String encoded, HashParameterCaps caps) throws UnverifiableHashException {
    PhcString phc;
    try {
      phc = PhcString.parse(encoded);
    } catch (PhcFormatException e) {
      throw UnverifiableHashException.malformed(e);
    }
    Argon2Variant variant =
        Argon2Variant.bySchemeId(phc.id())
            .orElseThrow(
                () ->
                    new UnverifiableHashException(
                        UNSUPPORTED, "scheme " + phc.id() + " is not an Argon2 variant"));
    int version = phc.version().orElse(VERSION_16);
    if (version != VERSION_16 && version != VERSION_19) {
      throw new UnverifiableHashException(
          UNSUPPORTED, "argon2 version " + version + " is not supported (16 and 19 are)");
    }
    List<String> names = List.copyOf(phc.params().keySet());
    if (!ALLOWED_PARAMETER_ORDERS.contains(names)) {
      throw new UnverifiableHashException(
          MALFORMED,
          "argon2 parameters were " + names + ", expected m,t,p[,keyid][,data] in that order");
    }
    long memoryKib = decimal(phc, "m");
    long iterations = decimal(phc, "t");
    long parallelism = decimal(phc, "p");
    // Caps first: a planted huge value must be refused before anything else is looked at.
    cap("m", memoryKib, caps.maxArgon2MemoryKib(), " KiB", "max-argon2-memory-kib");
    cap("t", iterations, caps.maxArgon2Iterations(), "", "max-argon2-iterations");
    cap("p", parallelism, caps.maxArgon2Parallelism(), "", "max-argon2-parallelism");
    if (iterations < 1) {
      throw new UnverifiableHashException(MALFORMED, "argon2 t=0, must be at least 1");
    }
    if (parallelism < 1) {
      throw new UnverifiableHashException(MALFORMED, "argon2 p=0, must be at least 1");
    }
    if (memoryKib < 8 * parallelism) {
      throw new UnverifiableHashException(
          MALFORMED,
          "argon2 m=" + memoryKib + " is below 8 KiB per lane (p=" + parallelism + ")");
    }
    if (!phc.hasSalt() || !phc.hasHash()) {
      throw new UnverifiableHashException(MALFORMED, "argon2 hash needs both a salt and a hash");
    }
    length("salt", phc.saltLength(), MIN_SALT_BYTES, MAX_SALT_BYTES, caps.maxSaltBytes(),
        "max-salt-bytes");
    length("hash", phc.hashLength(), MIN_HASH_BYTES, MAX_HASH_BYTES, caps.maxHashBytes(),
        "max-hash-bytes");
    byte[] associatedData = phc.params().containsKey("data") ? decodeData(phc) : null;
    return new Argon2Hash(
        new Argon2Params(
            variant,
            version,
            (int) iterations,
            (int) memoryKib,
            (int) parallelism,
            phc.hashLength()),
        phc.param("keyid").orElse(null),
        associatedData,
        phc.salt(),
        phc.hash());
  }

  private static long decimal(PhcString phc, String name) throws UnverifiableHashException {
    try {
      return phc.decimalParam(name);
    } catch (PhcFormatException e) {
      throw UnverifiableHashException.malformed(e);
    }
  }

  private static void cap(String name, long value, int cap, String unit, String capKey)
      throws UnverifiableHashException {
    if (value > cap) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "argon2 "
              + name
              + "="
              + value
              + unit
              + " exceeds the cap of "
              + cap
              + unit
              + " (hashing.caps."
              + capKey
              + ")");
    }
  }

  private static void length(
      String what, int bytes, int formatMin, int formatMax, int cap, String capKey)
      throws UnverifiableHashException {
    if (bytes < formatMin || bytes > formatMax) {
      throw new UnverifiableHashException(
          MALFORMED,
          "argon2 " + what + " is " + bytes + " bytes, the format allows " + formatMin + " to "
              + formatMax);
    }
    if (bytes > cap) {
      throw new UnverifiableHashException(
          PARAMETERS_REJECTED,
          "argon2 " + what + " is " + bytes + " bytes, over the cap of " + cap
              + " (hashing.caps." + capKey + ")");
    }
  }

  private static byte[] decodeData(PhcString phc) throws UnverifiableHashException {
    try {
      return phc.base64Param("data");
    } catch (PhcFormatException e) {
      throw new UnverifiableHashException(
          MALFORMED, "argon2 data parameter must be canonical base64 without padding", e);
    }
  }

  @Override
  public String toString() {
    return "Argon2Hash[" + params + "]";
  }
}
