package dev.portcullis.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class PhcStringTest {

  /** Written by the reference {@code argon2} command line (see vectors/argon2-reference.tsv). */
  private static final String ARGON2ID =
      "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";

  private static final String ARGON2I_V16 =
      "$argon2i$v=16$m=4096,t=2,p=2$c29tZXNhbHQ$/8Cq3at1YKMKEpiu/kpGsS2c5uzBxQ60KR1DYnPicjk";

  private static final String ARGON2D_SHORT_TAG =
      "$argon2d$v=16$m=256,t=1,p=1$c29tZXNhbHQ$On8n8paPJKCDchjXn92g2fEFcc3/NJ0B";

  private static final String SALT_B64 = "c29tZXNhbHQ";
  private static final String HASH_B64 = "7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
  private static final String PREFIX = "$argon2id$v=19$m=1024,t=2,p=1$";

  @Test
  void parse_referenceArgon2idHash_readsEveryField() throws PhcFormatException {
    PhcString phc = PhcString.parse(ARGON2ID);

    assertThat(phc.id()).isEqualTo("argon2id");
    assertThat(phc.version()).hasValue(19);
    assertThat(phc.params())
        .containsExactly(Map.entry("m", "1024"), Map.entry("t", "2"), Map.entry("p", "1"));
    assertThat(phc.decimalParam("m")).isEqualTo(1024L);
    assertThat(phc.decimalParam("t")).isEqualTo(2L);
    assertThat(phc.decimalParam("p")).isEqualTo(1L);
    assertThat(phc.param("m")).hasValue("1024");
    assertThat(phc.param("keyid")).isEmpty();
    assertThat(phc.hasSalt()).isTrue();
    assertThat(phc.hasHash()).isTrue();
    assertThat(new String(phc.salt(), StandardCharsets.US_ASCII)).isEqualTo("somesalt");
    assertThat(phc.saltLength()).isEqualTo(8);
    assertThat(phc.hash()).isEqualTo(Base64.getDecoder().decode(HASH_B64));
    assertThat(phc.hashLength()).isEqualTo(32);
    assertThat(phc.encode()).isEqualTo(ARGON2ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {ARGON2ID, ARGON2I_V16, ARGON2D_SHORT_TAG})
  void parse_referenceHashes_reEncodeToThemselves(String encoded) throws PhcFormatException {
    assertThat(PhcString.parse(encoded).encode()).isEqualTo(encoded);
  }

  @Test
  void parse_shortReferenceTag_hasItsLength() throws PhcFormatException {
    PhcString phc = PhcString.parse(ARGON2D_SHORT_TAG);

    assertThat(phc.id()).isEqualTo("argon2d");
    assertThat(phc.version()).hasValue(16);
    assertThat(phc.hashLength()).isEqualTo(24);
  }

  @Test
  void parse_withoutVersion_hasNoVersion() throws PhcFormatException {
    PhcString phc = PhcString.parse("$argon2id$m=1024,t=2,p=1$" + SALT_B64 + "$" + HASH_B64);

    assertThat(phc.version()).isEmpty();
    assertThat(phc.params()).containsOnlyKeys("m", "t", "p");
  }

  @Test
  void parse_idOnly_hasNothingElse() throws PhcFormatException {
    PhcString phc = PhcString.parse("$plain");

    assertThat(phc.id()).isEqualTo("plain");
    assertThat(phc.version()).isEmpty();
    assertThat(phc.params()).isEmpty();
    assertThat(phc.hasSalt()).isFalse();
    assertThat(phc.hasHash()).isFalse();
    assertThat(phc.saltLength()).isZero();
    assertThat(phc.hashLength()).isZero();
    assertThatThrownBy(phc::salt).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(phc::hash).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void parse_saltWithoutHash_hasSaltOnly() throws PhcFormatException {
    PhcString phc = PhcString.parse("$scheme$v=1$" + SALT_B64);

    assertThat(phc.hasSalt()).isTrue();
    assertThat(phc.hasHash()).isFalse();
    assertThat(phc.params()).isEmpty();
    assertThat(phc.encode()).isEqualTo("$scheme$v=1$" + SALT_B64);
  }

  @Test
  void parse_idOf32Characters_isAccepted() throws PhcFormatException {
    String id = "a".repeat(32);

    assertThat(PhcString.parse("$" + id).id()).isEqualTo(id);
  }

  @Test
  void parse_zeroVersionAndZeroParameter_areAccepted() throws PhcFormatException {
    PhcString phc = PhcString.parse("$x$v=0$n=0");

    assertThat(phc.version()).hasValue(0);
    assertThat(phc.decimalParam("n")).isZero();
  }

  @Test
  void parse_exactlyMaximumLength_isAccepted() throws PhcFormatException {
    // "$ab$" plus 1020 base64 characters (765 bytes, no partial group) is 1024 characters.
    String encoded = "$ab$" + Base64.getEncoder().withoutPadding().encodeToString(new byte[765]);
    assertThat(encoded).hasSize(PhcString.MAX_ENCODED_LENGTH);

    assertThat(PhcString.parse(encoded).saltLength()).isEqualTo(765);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        // padding
        Arguments.of("padded salt", PREFIX + SALT_B64 + "=$" + HASH_B64, "salt", "padding"),
        Arguments.of("padded hash", PREFIX + SALT_B64 + "$" + HASH_B64 + "=", "hash", "padding"),
        Arguments.of(
            "padded hash, full group",
            PREFIX + SALT_B64 + "$" + Base64.getEncoder().encodeToString(new byte[31]),
            "hash",
            "padding"),
        // whitespace anywhere
        Arguments.of("leading space", " " + ARGON2ID, "start with '$'", ""),
        Arguments.of("trailing newline", ARGON2ID + "\n", "hash", "whitespace"),
        Arguments.of("trailing space", ARGON2ID + " ", "hash", "whitespace"),
        Arguments.of("space in salt", PREFIX + "c29tZX NhbHQ$" + HASH_B64, "salt", "whitespace"),
        Arguments.of("tab in id", "$argon2id\t$v=19", "scheme id", "[a-z0-9-]"),
        Arguments.of(
            "space after comma", "$argon2id$v=19$m=1024, t=2,p=1", "parameter name", "[a-z0-9-]"),
        Arguments.of(
            "space in value",
            "$argon2id$v=19$m=1024 ,t=2,p=1",
            "value of parameter m",
            "[a-zA-Z0-9/+.-]"),
        Arguments.of("space in version", "$argon2id$v= 19$m=1024", "version", "decimal"),
        // leading zeros, signs, overflow in the version
        Arguments.of(
            "leading zero in version", "$argon2id$v=019$m=1024", "version", "leading zeros"),
        Arguments.of("sign in version", "$argon2id$v=+19$m=1024", "version", "without sign"),
        Arguments.of("empty version", "$argon2id$v=$m=1024", "version", "decimal"),
        Arguments.of("version over int", "$argon2id$v=2147483648", "version", "out of range"),
        Arguments.of("version of 19 digits", "$argon2id$v=1000000000000000000", "version", "18"),
        // duplicated parameter
        Arguments.of("duplicated m", "$argon2id$v=19$m=1024,t=2,m=1024", "parameter m", "twice"),
        // empty fields
        Arguments.of("empty id", "$$v=19$m=1024", "scheme id", "1 to 32"),
        Arguments.of("only a dollar", "$", "scheme id", "1 to 32"),
        Arguments.of("empty salt field", PREFIX + "$" + HASH_B64, "salt", "empty"),
        Arguments.of("empty hash field", PREFIX + SALT_B64 + "$", "hash", "empty"),
        Arguments.of("empty parameter", "$argon2id$v=19$m=1024,,p=1", "parameter", "name=value"),
        Arguments.of("trailing comma", "$argon2id$v=19$m=1024,t=2,", "parameter", "name=value"),
        Arguments.of("empty parameter name", "$argon2id$v=19$=1024", "parameter name", "1 to 32"),
        Arguments.of(
            "empty parameter value", "$argon2id$v=19$m=", "value of parameter m", "1 or more"),
        Arguments.of("empty field after id", "$argon2id$$" + SALT_B64, "salt", "empty"),
        // trailing '$' and a field after the hash
        Arguments.of("trailing dollar", ARGON2ID + "$", "after the hash", ""),
        Arguments.of("field after hash", ARGON2ID + "$" + SALT_B64, "after the hash", ""),
        Arguments.of(
            "trailing dollar after params", "$argon2id$v=19$m=1024,t=2,p=1$", "salt", "empty"),
        // bad id
        Arguments.of("uppercase id", "$Argon2id$v=19", "scheme id", "[a-z0-9-]"),
        Arguments.of("all uppercase id", "$ARGON2ID", "scheme id", "[a-z0-9-]"),
        Arguments.of("underscore in id", "$pbkdf2_sha256$i=1", "scheme id", "[a-z0-9-]"),
        Arguments.of("dot in id", "$argon2.id", "scheme id", "[a-z0-9-]"),
        Arguments.of("non-ASCII id", "$argön2", "scheme id", "[a-z0-9-]"),
        Arguments.of("id of 33 characters", "$" + "a".repeat(33), "scheme id", "1 to 32"),
        // bad parameter names and values
        Arguments.of("uppercase parameter name", "$x$M=1", "parameter name", "[a-z0-9-]"),
        Arguments.of(
            "parameter name of 33", "$x$" + "n".repeat(33) + "=1", "parameter name", "1 to 32"),
        Arguments.of(
            "comma-less second pair", "$x$m=1=2", "value of parameter m", "[a-zA-Z0-9/+.-]"),
        Arguments.of("parameter without '='", "$x$m=1,t", "parameter", "name=value"),
        // base64
        Arguments.of(
            "non-canonical salt", PREFIX + "c29tZXNhbHR$" + HASH_B64, "salt", "not canonical"),
        Arguments.of(
            "non-canonical hash",
            PREFIX + SALT_B64 + "$" + HASH_B64.substring(0, 42) + "l",
            "hash",
            "not canonical"),
        Arguments.of("salt length mod 4 is 1", PREFIX + "c29tZ$" + HASH_B64, "salt", "length"),
        Arguments.of("hash length mod 4 is 1", PREFIX + SALT_B64 + "$AAAAA", "hash", "length"),
        Arguments.of(
            "url-safe base64 salt", PREFIX + "c29t-_Nh$" + HASH_B64, "salt", "[A-Za-z0-9+/]"),
        // framing
        Arguments.of("missing leading dollar", ARGON2ID.substring(1), "start with '$'", ""),
        Arguments.of("empty string", "", "start with '$'", ""),
        Arguments.of(
            "longer than 1024",
            "$abc$" + Base64.getEncoder().withoutPadding().encodeToString(new byte[765]),
            "1025 characters",
            "1024"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parse_malformed_throwsPhcFormatExceptionNamingTheProblem(
      String description, String encoded, String problem, String rule) {
    assertThatThrownBy(() -> PhcString.parse(encoded))
        .as(description)
        .isExactlyInstanceOf(PhcFormatException.class)
        .hasMessageContaining(problem)
        .hasMessageContaining(rule)
        .message()
        .doesNotContain(SALT_B64)
        .doesNotContain(HASH_B64);
  }

  @Test
  @SuppressWarnings("NullAway") // null on purpose
  void parse_null_throwsNullPointerException() {
    assertThatNullPointerException().isThrownBy(() -> PhcString.parse(null));
  }

  @Test
  void base64Param_canonicalUnpadded_isDecoded() throws PhcFormatException {
    PhcString phc = PhcString.parse("$x$data=dGVuYW50LTQy");

    assertThat(new String(phc.base64Param("data"), StandardCharsets.US_ASCII))
        .isEqualTo("tenant-42");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.b-", "A", "AB", "ABC", "AAAAA"})
  void base64Param_notCanonicalUnpaddedBase64_throwsNamingTheParameter(String value)
      throws PhcFormatException {
    // "a.b-": PHC value characters outside base64; "AB", "ABC": non-zero unused trailing bits;
    // "A", "AAAAA": no base64 string has that length.
    PhcString phc = PhcString.parse("$x$data=" + value);

    assertThatThrownBy(() -> phc.base64Param("data"))
        .isExactlyInstanceOf(PhcFormatException.class)
        .hasMessageContaining("parameter data");
  }

  @Test
  void base64Param_missing_throwsNamingTheParameter() throws PhcFormatException {
    PhcString phc = PhcString.parse("$x$m=1");

    assertThatThrownBy(() -> phc.base64Param("data"))
        .isExactlyInstanceOf(PhcFormatException.class)
        .hasMessage("parameter data is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0100", "00", "+1", "-1", "1.0", "0x10", "1e3", "1000000000000000000"})
  void decimalParam_notStrictDecimal_throwsNamingTheParameter(String value)
      throws PhcFormatException {
    PhcString phc = PhcString.parse("$x$m=" + value);

    assertThatThrownBy(() -> phc.decimalParam("m"))
        .isExactlyInstanceOf(PhcFormatException.class)
        .hasMessageContaining("parameter m")
        .hasMessageContaining("decimal");
  }

  @Test
  void decimalParam_leadingZero_namesLeadingZeros() throws PhcFormatException {
    PhcString phc = PhcString.parse("$x$m=019456");

    assertThatThrownBy(() -> phc.decimalParam("m"))
        .isExactlyInstanceOf(PhcFormatException.class)
        .hasMessageContaining("parameter m")
        .hasMessageContaining("leading zeros");
  }

  @Test
  void decimalParam_missing_throwsNamingTheParameter() throws PhcFormatException {
    PhcString phc = PhcString.parse("$x$m=1");

    assertThatThrownBy(() -> phc.decimalParam("t"))
        .isExactlyInstanceOf(PhcFormatException.class)
        .hasMessage("parameter t is missing");
  }

  @Test
  void decimalParam_eighteenDigits_isRead() throws PhcFormatException {
    assertThat(PhcString.parse("$x$m=999999999999999999").decimalParam("m"))
        .isEqualTo(999_999_999_999_999_999L);
  }

  @ParameterizedTest
  @ValueSource(strings = {ARGON2ID, ARGON2I_V16, ARGON2D_SHORT_TAG})
  void toString_neverShowsSaltOrHashText(String encoded) throws PhcFormatException {
    PhcString phc = PhcString.parse(encoded);
    String[] fields = encoded.split("\\$", -1);
    String saltText = fields[fields.length - 2];
    String hashText = fields[fields.length - 1];

    assertThat(phc.toString())
        .doesNotContain(saltText)
        .doesNotContain(hashText)
        .doesNotContain("somesalt")
        .contains(phc.id())
        .contains("salt=8 bytes")
        .contains("hash=" + phc.hashLength() + " bytes");
  }

  @Test
  void of_validParts_encodesInOrder() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("m", "1024");
    params.put("t", "2");
    params.put("p", "1");

    PhcString phc =
        PhcString.of(
            "argon2id",
            19,
            params,
            "somesalt".getBytes(StandardCharsets.US_ASCII),
            Base64.getDecoder().decode(HASH_B64));

    assertThat(phc.encode()).isEqualTo(ARGON2ID);
  }

  @Test
  void of_copiesItsInputs() {
    byte[] salt = "somesalt".getBytes(StandardCharsets.US_ASCII);
    byte[] hash = Base64.getDecoder().decode(HASH_B64);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("m", "1024");
    params.put("t", "2");
    params.put("p", "1");
    PhcString phc = PhcString.of("argon2id", 19, params, salt, hash);

    salt[0] ^= 1;
    hash[0] ^= 1;
    params.put("m", "1");
    phc.salt()[1] ^= 1;

    assertThat(phc.encode()).isEqualTo(ARGON2ID);
    assertThatThrownBy(() -> phc.params().put("x", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equals_sameTextParsedTwice_isEqual() throws PhcFormatException {
    assertThat(PhcString.parse(ARGON2ID))
        .isEqualTo(PhcString.parse(ARGON2ID))
        .hasSameHashCodeAs(PhcString.parse(ARGON2ID))
        .isNotEqualTo(PhcString.parse(ARGON2ID.replace("p=1", "p=2")))
        .isNotEqualTo(
            PhcString.parse("$argon2id$v=19$t=2,m=1024,p=1$" + SALT_B64 + "$" + HASH_B64));
  }

  static Stream<Arguments> badParts() {
    byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8};
    byte[] hash = {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    return Stream.of(
        Arguments.of("uppercase id", "Argon2", null, Map.of(), null, null, "id"),
        Arguments.of("empty id", "", null, Map.of(), null, null, "id"),
        Arguments.of("id with '$'", "a$b", null, Map.of(), null, null, "id"),
        Arguments.of("id of 33", "a".repeat(33), null, Map.of(), null, null, "id"),
        Arguments.of("negative version", "x", -1, Map.of(), null, null, "version"),
        Arguments.of("empty name", "x", null, Map.of("", "1"), null, null, "parameter name"),
        Arguments.of("name with '='", "x", null, Map.of("a=b", "1"), null, null, "parameter name"),
        Arguments.of("uppercase name", "x", null, Map.of("M", "1"), null, null, "parameter name"),
        Arguments.of("empty value", "x", null, Map.of("m", ""), null, null, "parameter m"),
        Arguments.of("value with ','", "x", null, Map.of("m", "1,2"), null, null, "parameter m"),
        Arguments.of("value with '$'", "x", null, Map.of("m", "1$"), null, null, "parameter m"),
        Arguments.of("value with '='", "x", null, Map.of("m", "a="), null, null, "parameter m"),
        Arguments.of("value with space", "x", null, Map.of("m", "1 "), null, null, "parameter m"),
        Arguments.of("empty salt", "x", null, Map.of(), new byte[0], null, "salt"),
        Arguments.of("empty hash", "x", null, Map.of(), salt, new byte[0], "hash"),
        Arguments.of("hash without salt", "x", null, Map.of(), null, hash, "salt"),
        Arguments.of(
            "first parameter v without version",
            "x",
            null,
            Map.of("v", "19"),
            null,
            null,
            "parameter v"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badParts")
  void of_badPart_throwsIllegalArgumentNamingThePart(
      String description,
      String id,
      @Nullable Integer version,
      Map<String, String> params,
      byte @Nullable [] salt,
      byte @Nullable [] hash,
      String part) {
    assertThatIllegalArgumentException()
        .as(description)
        .isThrownBy(() -> PhcString.of(id, version, params, salt, hash))
        .withMessageContaining(part);
  }

  @Test
  void of_parameterVAfterVersion_roundTrips() throws PhcFormatException {
    PhcString phc = PhcString.of("x", 1, Map.of("v", "2"), null, null);

    assertThat(phc.encode()).isEqualTo("$x$v=1$v=2");
    assertThat(PhcString.parse(phc.encode())).isEqualTo(phc);
  }

  @Test
  @SuppressWarnings("NullAway") // null on purpose
  void of_nullIdOrParams_throwsNullPointerException() {
    assertThatNullPointerException()
        .isThrownBy(() -> PhcString.of(null, null, Map.of(), null, null))
        .withMessage("id");
    assertThatNullPointerException()
        .isThrownBy(() -> PhcString.of("x", null, null, null, null))
        .withMessage("params");
  }
}
