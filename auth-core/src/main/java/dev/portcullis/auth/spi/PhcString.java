package dev.portcullis.auth.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A hash in the PHC string format, parsed strictly:
 *
 * <pre>{@code $<id>[$v=<version>][$<param>=<value>(,<param>=<value>)*][$<salt>[$<hash>]]}</pre>
 *
 * <ul>
 *   <li>id and parameter names: {@code [a-z0-9-]}, 1 to 32 characters; parameter values: {@code
 *       [a-zA-Z0-9/+.-]}, at least one; no parameter twice;
 *   <li>the version and every {@linkplain #decimalParam(String) decimal} value: {@code
 *       0|[1-9][0-9]*} (no sign, no leading zeros);
 *   <li>salt and hash: standard base64 <em>without</em> padding and in canonical form (unused
 *       trailing bits zero), so that every accepted string re-encodes to itself;
 *   <li>no whitespace, no empty field, nothing after the hash, at most {@value
 *       #MAX_ENCODED_LENGTH} characters.
 * </ul>
 *
 * <p>Which parameters a scheme accepts, their order and ranges are the scheme's business; this
 * class checks only the grammar. Instances are immutable. {@link #toString()} never shows the
 * salt or hash bytes.
 */
public final class PhcString {

  /** Longest encoded string accepted; real hashes are under 200 characters. */
  public static final int MAX_ENCODED_LENGTH = 1024;

  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  // Hand-written character classes instead of regular expressions: parsing sits on the login
  // path and must stay well under a microsecond.
  private static final String BASE64_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final int[] BASE64_VALUE = new int[128];

  static {
    java.util.Arrays.fill(BASE64_VALUE, -1);
    for (int i = 0; i < BASE64_ALPHABET.length(); i++) {
      BASE64_VALUE[BASE64_ALPHABET.charAt(i)] = i;
    }
  }

  /** {@code [a-z0-9-]{1,32}}: ids and parameter names. */
  private static boolean isName(String text) {
    int length = text.length();
    if (length < 1 || length > 32) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-zA-Z0-9/+.-]+}: parameter values. */
  private static boolean isValue(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '/' || c == '+' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code 0|[1-9][0-9]{0,17}}: a decimal without sign or leading zeros that fits a long. */
  private static boolean isDecimal(String text) {
    int length = text.length();
    if (length < 1 || length > 18 || (length > 1 && text.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private final String id;
  private final @Nullable Integer version;
  private final Map<String, String> params;
  private final byte @Nullable [] salt;
  private final byte @Nullable [] hash;

  private PhcString(
      String id,
      @Nullable Integer version,
      Map<String, String> params,
      byte @Nullable [] salt,
      byte @Nullable [] hash) {
    this.id = id;
    this.version = version;
    this.params = params;
    this.salt = salt;
    this.hash = hash;
  }

  /**
   * Builds a PHC string from its parts, for hashers that write one.
   *
   * @param id scheme id, e.g. {@code argon2id}
   * @param version the {@code v=} field, or null to omit it
   * @param params parameters in the order they are to be written
   * @param salt salt bytes, or null to omit the salt (and the hash)
   * @param hash hash bytes, or null to omit them
   * @throws NullPointerException if id or params is null
   * @throws IllegalArgumentException if a part breaks the grammar (names the part and the rule)
   */
  public static PhcString of(
      String id,
      @Nullable Integer version,
      Map<String, String> params,
      byte @Nullable [] salt,
      byte @Nullable [] hash) {
    requireNonNull(id, "id");
    requireNonNull(params, "params");
    if (!isName(id)) {
      throw new IllegalArgumentException("id must be 1 to 32 characters of [a-z0-9-]");
    }
    if (version != null && version < 0) {
      throw new IllegalArgumentException("version was " + version + ", must not be negative");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    params.forEach(
        (name, value) -> {
          if (!isName(name)) {
            throw new IllegalArgumentException(
                "parameter name must be 1 to 32 characters of [a-z0-9-]");
          }
          if (!isValue(value)) {
            throw new IllegalArgumentException(
                "value of parameter " + name + " must be 1 or more characters of [a-zA-Z0-9/+.-]");
          }
          copy.put(name, value);
        });
    // Without a version field, a first parameter "v=..." would read back as the version.
    if (version == null && copy.keySet().stream().findFirst().filter("v"::equals).isPresent()) {
      throw new IllegalArgumentException(
          "parameter v cannot come first when the version is omitted: it would read back as the"
              + " v= field");
    }
    if (salt != null && salt.length == 0) {
      throw new IllegalArgumentException("salt must not be empty (pass null to omit it)");
    }
    if (hash != null && hash.length == 0) {
      throw new IllegalArgumentException("hash must not be empty (pass null to omit it)");
    }
    if (hash != null && salt == null) {
      throw new IllegalArgumentException("a hash cannot be written without a salt");
    }
    return new PhcString(
        id,
        version,
        Collections.unmodifiableMap(copy),
        salt == null ? null : salt.clone(),
        hash == null ? null : hash.clone());
  }

  /**
   * Parses an encoded hash.
   *
   * @throws NullPointerException if {@code encoded} is null
   * @throws PhcFormatException for any input that breaks the grammar; no other exception
   */
  public static PhcString parse(String encoded) throws PhcFormatException {
    requireNonNull(encoded, "encoded");
    if (encoded.length() > MAX_ENCODED_LENGTH) {
      throw new PhcFormatException(
          "encoded hash is "
              + encoded.length()
              + " characters, longer than the "
              + MAX_ENCODED_LENGTH
              + " allowed");
    }
    if (!encoded.startsWith("$")) {
      throw new PhcFormatException("encoded hash must start with '$'");
    }
    String[] fields = split(encoded, '$');
    int next = 1;
    String id = fields[next++];
    if (!isName(id)) {
      throw new PhcFormatException("scheme id must be 1 to 32 characters of [a-z0-9-]");
    }
    Integer version = null;
    if (next < fields.length && fields[next].startsWith("v=")) {
      long parsed = parseDecimal(fields[next++].substring(2), "version");
      if (parsed > Integer.MAX_VALUE) {
        throw new PhcFormatException("version is out of range");
      }
      version = (int) parsed;
    }
    Map<String, String> params = Map.of();
    if (next < fields.length && fields[next].indexOf('=') >= 0) {
      params = parseParams(fields[next++]);
    }
    byte[] salt = next < fields.length ? decodeBase64(fields[next++], "salt") : null;
    byte[] hash = next < fields.length ? decodeBase64(fields[next++], "hash") : null;
    if (next < fields.length) {
      throw new PhcFormatException("unexpected field after the hash");
    }
    return new PhcString(id, version, params, salt, hash);
  }

  private static Map<String, String> parseParams(String field) throws PhcFormatException {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : split(field, ',')) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        throw new PhcFormatException("parameter must be written name=value");
      }
      String name = pair.substring(0, equals);
      String value = pair.substring(equals + 1);
      if (!isName(name)) {
        throw new PhcFormatException("parameter name must be 1 to 32 characters of [a-z0-9-]");
      }
      if (!isValue(value)) {
        throw new PhcFormatException(
            "value of parameter " + name + " must be 1 or more characters of [a-zA-Z0-9/+.-]");
      }
      if (params.put(name, value) != null) {
        throw new PhcFormatException("parameter " + name + " appears twice");
      }
    }
    return Collections.unmodifiableMap(params);
  }

  private static long parseDecimal(String text, String what) throws PhcFormatException {
    if (!isDecimal(text)) {
      throw new PhcFormatException(
          what + " must be a decimal number without sign or leading zeros, at most 18 digits");
    }
    return Long.parseLong(text);
  }

  private static byte[] decodeBase64(String text, String what) throws PhcFormatException {
    if (text.isEmpty()) {
      throw new PhcFormatException(what + " is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || BASE64_VALUE[c] < 0) {
        throw new PhcFormatException(
            what + " must be standard base64 without padding or whitespace ([A-Za-z0-9+/])");
      }
    }
    int remainder = text.length() % 4;
    if (remainder == 1) {
      throw new PhcFormatException(what + " has an impossible base64 length");
    }
    // Java's decoder ignores non-zero unused trailing bits; such a string is not canonical
    // (it would re-encode differently), so the unused bits of the last character must be 0.
    int last = BASE64_VALUE[text.charAt(text.length() - 1)];
    int unusedBitsMask = remainder == 2 ? 0x0F : remainder == 3 ? 0x03 : 0;
    if ((last & unusedBitsMask) != 0) {
      throw new PhcFormatException(what + " is not canonical base64 (non-zero trailing bits)");
    }
    return DECODER.decode(text);
  }

  /** Splits on a separator, keeping empty fields (like {@code split(regex, -1)}, without regex). */
  private static String[] split(String text, char separator) {
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == separator) {
        count++;
      }
    }
    String[] parts = new String[count];
    int start = 0;
    int part = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == separator) {
        parts[part++] = text.substring(start, i);
        start = i + 1;
      }
    }
    parts[part] = text.substring(start);
    return parts;
  }

  /** Writes the string back; {@code parse(s).encode()} equals {@code s} for every valid s. */
  public String encode() {
    StringBuilder out = new StringBuilder(128).append('$').append(id);
    if (version != null) {
      out.append("$v=").append(version.intValue());
    }
    if (!params.isEmpty()) {
      out.append('$');
      boolean first = true;
      for (Map.Entry<String, String> param : params.entrySet()) {
        if (!first) {
          out.append(',');
        }
        out.append(param.getKey()).append('=').append(param.getValue());
        first = false;
      }
    }
    if (salt != null) {
      out.append('$').append(ENCODER.encodeToString(salt));
    }
    if (hash != null) {
      out.append('$').append(ENCODER.encodeToString(hash));
    }
    return out.toString();
  }

  /** The scheme id, e.g. {@code argon2id}. */
  public String id() {
    return id;
  }

  /** The {@code v=} field, if present. */
  public OptionalInt version() {
    return version == null ? OptionalInt.empty() : OptionalInt.of(version);
  }

  /** Every parameter, in the order written; unmodifiable. */
  public Map<String, String> params() {
    return params;
  }

  /** One parameter's value as written. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /**
   * One parameter's value as a strict decimal.
   *
   * @throws PhcFormatException if the parameter is missing or not a decimal without leading zeros
   */
  public long decimalParam(String name) throws PhcFormatException {
    String value = params.get(name);
    if (value == null) {
      throw new PhcFormatException("parameter " + name + " is missing");
    }
    return parseDecimal(value, "parameter " + name);
  }

  /**
   * One parameter's value as bytes, held to the rules of the salt and hash: standard base64
   * without padding, in canonical form.
   *
   * @throws PhcFormatException if the parameter is missing or not canonical unpadded base64
   */
  public byte[] base64Param(String name) throws PhcFormatException {
    String value = params.get(name);
    if (value == null) {
      throw new PhcFormatException("parameter " + name + " is missing");
    }
    return decodeBase64(value, "parameter " + name);
  }

  /** Whether a salt field is present. */
  public boolean hasSalt() {
    return salt != null;
  }

  /** Whether a hash field is present. */
  public boolean hasHash() {
    return hash != null;
  }

  /**
   * A copy of the salt bytes.
   *
   * @throws IllegalStateException if there is no salt field
   */
  public byte[] salt() {
    if (salt == null) {
      throw new IllegalStateException("this PHC string has no salt");
    }
    return salt.clone();
  }

  /**
   * A copy of the hash bytes.
   *
   * @throws IllegalStateException if there is no hash field
   */
  public byte[] hash() {
    if (hash == null) {
      throw new IllegalStateException("this PHC string has no hash");
    }
    return hash.clone();
  }

  /** Length of the salt in bytes, 0 if absent. */
  public int saltLength() {
    return salt == null ? 0 : salt.length;
  }

  /** Length of the hash in bytes, 0 if absent. */
  public int hashLength() {
    return hash == null ? 0 : hash.length;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof PhcString)) {
      return false;
    }
    PhcString that = (PhcString) other;
    return id.equals(that.id)
        && Objects.equals(version, that.version)
        && params.equals(that.params)
        && paramOrderEquals(that)
        && Arrays.equals(salt, that.salt)
        && Arrays.equals(hash, that.hash);
  }

  private boolean paramOrderEquals(PhcString that) {
    return String.join(",", params.keySet()).equals(String.join(",", that.params.keySet()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version, params, Arrays.hashCode(salt), Arrays.hashCode(hash));
  }

  /** Shows the id, version and parameter names; salt and hash only as lengths. */
  @Override
  public String toString() {
    return "PhcString[id="
        + id
        + (version == null ? "" : ", v=" + version)
        + ", params="
        + params.keySet()
        + ", salt="
        + saltLength()
        + " bytes, hash="
        + hashLength()
        + " bytes]";
  }
}
