package dev.portcullis.auth.hashers;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.Pbkdf2Policy;
import dev.portcullis.auth.config.Pbkdf2Policy.Digest;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class Pbkdf2HasherTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final HashParameterCaps CAPS = HashParameterCaps.defaults();
  private static final Pbkdf2Policy POLICY = HashingPolicy.pbkdf2Sha256(1000);

  /** Salt = bytes 0x00..0x0f; hashes computed with Python's hashlib.pbkdf2_hmac (OpenSSL 3.0). */
  private static final String SALT_0_TO_15 = "AAECAwQFBgcICQoLDA0ODw";

  private static final String SHA256_TAG = "ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4";
  private static final String SHA256_BY_PYTHON =
      "$pbkdf2-sha256$i=1000,l=32$" + SALT_0_TO_15 + "$" + SHA256_TAG;
  private static final String SHA256_BY_PYTHON_PASSWORD = "correct horse battery staple";

  private static final String SHA512_BY_PYTHON =
      "$pbkdf2-sha512$i=1000,l=64$"
          + SALT_0_TO_15
          + "$tesGdwmZwygAGYLzLiZnuLe7u7U7QwD64kd8Dxsmq1czniS4pZHyb0gH6ZCWHMgN1oFJ7mpRl1LV"
          + "shQSj7oYVw";
  private static final String SHA512_BY_PYTHON_PASSWORD = "pässwörd";

  private final Pbkdf2Hasher hasher = new Pbkdf2Hasher();

  static Stream<Arguments> knownAnswers() {
    return Stream.of(
        // RFC 7914 §11
        Arguments.of(
            "RFC 7914 c=1",
            Digest.SHA256,
            "passwd",
            "salt",
            1,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        Arguments.of(
            "RFC 7914 c=80000",
            Digest.SHA256,
            "Password",
            "NaCl",
            80_000,
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
        // python3 hashlib.pbkdf2_hmac (OpenSSL 3.0.19): odd lengths, partial last blocks
        Arguments.of(
            "sha256 20 bytes",
            Digest.SHA256,
            "password",
            "salt",
            2,
            "ae4d0c95af6b46d32d0adff928f06dd02a303f8e"),
        Arguments.of(
            "sha256 33 bytes (2 blocks)",
            Digest.SHA256,
            "password",
            "NaCl-and-more",
            3,
            "04bcb2cda9033cccb0fd693c00e773bb1641f626388fb9560d03b3bb81531375c2"),
        Arguments.of(
            "sha256 65 bytes (3 blocks), empty password",
            Digest.SHA256,
            "",
            "saltsaltsalt",
            5,
            "94b503c10a572afb53f6db0fac1e1855dd0393bafb0a3135919e1c265cc9ac39"
                + "850a95360bb8ad6a36063324d053d80222e96c3e4e4d18ad06f86a737ee07cb882"),
        Arguments.of(
            "sha512 33 bytes",
            Digest.SHA512,
            "password",
            "salt",
            3,
            "b6b07cb2cebf4ad84468391a543824fccffe0e0769dbe6bddf10a65673c4b648e6"),
        Arguments.of(
            "sha512 65 bytes (2 blocks), NUL in password and salt",
            Digest.SHA512,
            "pass\0word",
            "sa\0lt",
            4,
            "9b1c3cd9ae7bc77a2fdb016891b6fc6ed630fbc1cf5222e213ad4186d7bd8a6b"
                + "2ca192c9d6cfab38edec92aefa3da3ffecec44b853945c1ee5db713ee3262e3dfe"),
        Arguments.of(
            "sha512 20 bytes, empty password",
            Digest.SHA512,
            "",
            "salt",
            1,
            "00ef42cdbfc98d29db20976608e455567fdddf14"),
        Arguments.of(
            "sha512 129 bytes (3 blocks), UTF-8 password",
            Digest.SHA512,
            "pässwörd",
            "saltysalt",
            7,
            "fdfe7646eff6ed25053857250c90cc9696375dab08a07077b9facfdcb797d38b"
                + "28004003d92f64b11413f22b0cbc7869a370b32d1fb2a694d719e15c182806c2"
                + "0495eec795c2b157cce269f84dc33df86d296a20fe4556019b36d46baef5909f"
                + "6644b55d25b70babb3465c9078b610a0faa11c11e15a3cebfbd32be1f311cac7"
                + "47"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownAnswers")
  void derive_knownAnswer_matches(
      String name, Digest digest, String password, String salt, int iterations, String expected) {
    int length = expected.length() / 2;

    byte[] derived = Pbkdf2Hasher.derive(digest, utf8(password), utf8(salt), iterations, length);

    assertThat(HEX.formatHex(derived)).as(name).isEqualTo(expected);
  }

  @Test
  void derive_shorterLength_isAPrefixOfTheLonger() {
    byte[] full = Pbkdf2Hasher.derive(Digest.SHA256, utf8("passwd"), utf8("salt"), 1, 64);
    byte[] part = Pbkdf2Hasher.derive(Digest.SHA256, utf8("passwd"), utf8("salt"), 1, 33);

    assertThat(full).startsWith(part);
  }

  @Test
  void derive_trailingZeroBytes_giveTheSameKeyAsHmacDefines() {
    // RFC 2104 pads short keys with zeros, so "" and "\0", "pw" and "pw\0" are the same HMAC
    // key (Python's hashlib agrees). The derivation must follow the standard, not "fix" it.
    byte[] empty = Pbkdf2Hasher.derive(Digest.SHA256, new byte[0], utf8("salt"), 3, 32);
    byte[] zero = Pbkdf2Hasher.derive(Digest.SHA256, new byte[1], utf8("salt"), 3, 32);
    byte[] one = Pbkdf2Hasher.derive(Digest.SHA256, new byte[] {1}, utf8("salt"), 3, 32);
    byte[] pw = Pbkdf2Hasher.derive(Digest.SHA512, utf8("pw"), utf8("salt"), 3, 64);
    byte[] pwNul = Pbkdf2Hasher.derive(Digest.SHA512, utf8("pw\0"), utf8("salt"), 3, 64);

    assertThat(empty).isEqualTo(zero).isNotEqualTo(one);
    assertThat(pw).isEqualTo(pwNul);
  }

  @Test
  void verify_handBuiltSha256FromPython_isTrue() throws UnverifiableHashException {
    assertThat(hasher.verify(utf8(SHA256_BY_PYTHON_PASSWORD), SHA256_BY_PYTHON, CAPS)).isTrue();
    assertThat(hasher.verify(utf8("correct horse battery stapl"), SHA256_BY_PYTHON, CAPS))
        .isFalse();
    assertThat(hasher.verify(utf8(SHA256_BY_PYTHON_PASSWORD + "e"), SHA256_BY_PYTHON, CAPS))
        .isFalse();
  }

  @Test
  void verify_handBuiltSha512FromPython_isTrue() throws UnverifiableHashException {
    assertThat(hasher.verify(utf8(SHA512_BY_PYTHON_PASSWORD), SHA512_BY_PYTHON, CAPS)).isTrue();
    // The same characters in Latin-1 are other bytes.
    assertThat(
            hasher.verify(
                SHA512_BY_PYTHON_PASSWORD.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                SHA512_BY_PYTHON,
                CAPS))
        .isFalse();
  }

  @Test
  void verify_pepperKeyIdAfterTheParameters_isIgnoredByTheScheme()
      throws UnverifiableHashException {
    // The engine applies the pepper before the scheme; the hasher only has to accept the key id.
    String withKeyId = SHA256_BY_PYTHON.replace("l=32$", "l=32,keyid=k2$");

    assertThat(hasher.verify(utf8(SHA256_BY_PYTHON_PASSWORD), withKeyId, CAPS)).isTrue();
    assertThat(hasher.needsRehash(withKeyId, POLICY)).isFalse();
  }

  @Test
  void verify_sha512HashLabelledSha256_isFalse() throws UnverifiableHashException {
    String relabelled = SHA512_BY_PYTHON.replace("pbkdf2-sha512", "pbkdf2-sha256");

    assertThat(hasher.verify(utf8(SHA512_BY_PYTHON_PASSWORD), relabelled, CAPS)).isFalse();
  }

  @Test
  void hash_sha256Policy_writesPhcAndVerifies() throws UnverifiableHashException {
    String encoded = hasher.hash(utf8("s3cret"), POLICY);

    assertThat(encoded)
        .matches("^\\$pbkdf2-sha256\\$i=1000,l=32\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$");
    assertThat(hasher.verify(utf8("s3cret"), encoded, CAPS)).isTrue();
    assertThat(hasher.verify(utf8("s3cres"), encoded, CAPS)).isFalse();
  }

  @Test
  void hash_sha512Policy_writesPhcAndVerifies() throws UnverifiableHashException {
    String encoded = hasher.hash(utf8("s3cret"), HashingPolicy.pbkdf2Sha512(1000));

    assertThat(encoded)
        .matches("^\\$pbkdf2-sha512\\$i=1000,l=64\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{86}$");
    assertThat(hasher.verify(utf8("s3cret"), encoded, CAPS)).isTrue();
    assertThat(hasher.verify(utf8("s3cres"), encoded, CAPS)).isFalse();
  }

  @Test
  void hash_customSaltAndKeyLength_areWritten() throws UnverifiableHashException {
    Pbkdf2Policy policy = new Pbkdf2Policy(Digest.SHA512, 10, 64, 20);

    String encoded = hasher.hash(utf8("s3cret"), policy);

    assertThat(encoded)
        .matches("^\\$pbkdf2-sha512\\$i=10,l=20\\$[A-Za-z0-9+/]{86}\\$[A-Za-z0-9+/]{27}$");
    assertThat(hasher.verify(utf8("s3cret"), encoded, CAPS)).isTrue();
  }

  @Test
  void hash_samePasswordTwice_usesAFreshSalt() {
    assertThat(hasher.hash(utf8("s3cret"), POLICY))
        .isNotEqualTo(hasher.hash(utf8("s3cret"), POLICY));
  }

  @Test
  void hash_argon2Policy_isRefused() {
    assertThat(hasher.supports(HashingPolicy.argon2id(19_456, 2, 1))).isFalse();
    assertThat(hasher.supports(POLICY)).isTrue();
    assertThat(hasher.supports(HashingPolicy.pbkdf2Sha512(1))).isTrue();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> hasher.hash(utf8("pw"), HashingPolicy.argon2id(19_456, 2, 1)))
        .withMessageContaining("argon2id");
  }

  @Test
  void verify_iterationsOverCap_isRejectedWithoutWork() {
    String planted =
        "$pbkdf2-sha256$i=2000000000,l=32$" + SALT_0_TO_15 + "$" + hashField(SHA256_BY_PYTHON);

    UnverifiableHashException rejected =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () ->
                catchThrowableOfType(
                    UnverifiableHashException.class,
                    () -> hasher.verify(utf8("pw"), planted, CAPS)));

    assertThat(rejected).isNotNull();
    assertThat(rejected.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(rejected)
        .hasMessageContaining("i=2000000000")
        .hasMessageContaining("10000000")
        .hasMessageContaining("max-pbkdf2-iterations");
    assertNoSaltOrHashIn(rejected, planted);
  }

  @Test
  void verify_iterationsOneOverACustomCap_isRejected() throws UnverifiableHashException {
    HashParameterCaps atThousand = new HashParameterCaps(262_144, 64, 16, 1000, 64, 64);
    HashParameterCaps belowThousand = new HashParameterCaps(262_144, 64, 16, 999, 64, 64);

    assertThat(hasher.verify(utf8(SHA256_BY_PYTHON_PASSWORD), SHA256_BY_PYTHON, atThousand))
        .isTrue();
    UnverifiableHashException rejected =
        catchThrowableOfType(
            UnverifiableHashException.class,
            () -> hasher.verify(utf8(SHA256_BY_PYTHON_PASSWORD), SHA256_BY_PYTHON, belowThousand));
    assertThat(rejected).isNotNull();
    assertThat(rejected.reason()).isEqualTo(PARAMETERS_REJECTED);
  }

  @Test
  void verify_saltOrHashOverACustomCap_isRejected() {
    HashParameterCaps smallHash = new HashParameterCaps(262_144, 64, 16, 10_000_000, 64, 32);
    HashParameterCaps smallSalt = new HashParameterCaps(262_144, 64, 16, 10_000_000, 15, 64);

    UnverifiableHashException hash =
        catchThrowableOfType(
            UnverifiableHashException.class,
            () -> hasher.verify(utf8(SHA512_BY_PYTHON_PASSWORD), SHA512_BY_PYTHON, smallHash));
    UnverifiableHashException salt =
        catchThrowableOfType(
            UnverifiableHashException.class,
            () -> hasher.verify(utf8(SHA256_BY_PYTHON_PASSWORD), SHA256_BY_PYTHON, smallSalt));

    assertThat(hash).isNotNull();
    assertThat(hash.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(hash).hasMessageContaining("hash is 64 bytes");
    assertThat(salt).isNotNull();
    assertThat(salt.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(salt).hasMessageContaining("salt is 16 bytes");
  }

  static Stream<Arguments> unverifiable() {
    String salt = "$" + SALT_0_TO_15;
    String hash = "$" + hashField(SHA256_BY_PYTHON);
    return Stream.of(
        Arguments.of(
            "l=31 for 32 bytes", "$pbkdf2-sha256$i=1000,l=31" + salt + hash, MALFORMED, "l=31"),
        Arguments.of(
            "l=33 for 32 bytes", "$pbkdf2-sha256$i=1000,l=33" + salt + hash, MALFORMED, "l=33"),
        Arguments.of("v= present", "$pbkdf2-sha256$v=1$i=1000,l=32" + salt + hash, MALFORMED, "v="),
        Arguments.of("order l,i", "$pbkdf2-sha256$l=32,i=1000" + salt + hash, MALFORMED, "i,l"),
        Arguments.of("missing l", "$pbkdf2-sha256$i=1000" + salt + hash, MALFORMED, "i,l"),
        Arguments.of(
            "keyid before l",
            "$pbkdf2-sha256$i=1000,keyid=k2,l=32" + salt + hash,
            MALFORMED,
            "in that order"),
        Arguments.of(
            "extra parameter", "$pbkdf2-sha256$i=1000,l=32,x=1" + salt + hash, MALFORMED, "i,l"),
        Arguments.of("i=0", "$pbkdf2-sha256$i=0,l=32" + salt + hash, MALFORMED, "i=0"),
        Arguments.of(
            "leading zero in i",
            "$pbkdf2-sha256$i=01000,l=32" + salt + hash,
            MALFORMED,
            "leading zeros"),
        Arguments.of(
            "missing hash", "$pbkdf2-sha256$i=1000,l=32" + salt, MALFORMED, "salt and a hash"),
        Arguments.of(
            "missing salt and hash", "$pbkdf2-sha256$i=1000,l=32", MALFORMED, "salt and a hash"),
        Arguments.of(
            "salt of 7 bytes",
            "$pbkdf2-sha256$i=1000,l=32$c2FsdHNhbA" + hash,
            MALFORMED,
            "salt is 7 bytes"),
        Arguments.of(
            "hash of 8 bytes",
            "$pbkdf2-sha256$i=1000,l=8" + salt + "$AAAAAAAAAAA",
            MALFORMED,
            "hash is 8 bytes"),
        Arguments.of(
            "padded hash", "$pbkdf2-sha256$i=1000,l=32" + salt + hash + "=", MALFORMED, "padding"),
        Arguments.of("sha1", "$pbkdf2-sha1$i=1000,l=32" + salt + hash, UNSUPPORTED, "pbkdf2-sha1"),
        Arguments.of("django style", "$pbkdf2$i=1000,l=32" + salt + hash, UNSUPPORTED, "pbkdf2"),
        Arguments.of(
            "argon2id", "$argon2id$v=19$m=19456,t=2,p=1" + salt + hash, UNSUPPORTED, "argon2id"),
        Arguments.of("not PHC", "pbkdf2_sha256$1000$salt$hash", MALFORMED, "start with"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unverifiable")
  void verify_unverifiableHash_throwsWithTheReason(
      String description, String encoded, UnverifiableHashException.Reason reason, String named) {
    UnverifiableHashException rejected =
        catchThrowableOfType(
            UnverifiableHashException.class, () -> hasher.verify(utf8("pw"), encoded, CAPS));

    assertThat(rejected).as(description).isNotNull();
    assertThat(rejected.reason()).as(description).isEqualTo(reason);
    assertThat(rejected).as(description).hasMessageContaining(named);
    assertNoSaltOrHashIn(rejected, encoded);
  }

  @Test
  void needsRehash_hashUnderTheSamePolicy_isFalse() {
    assertThat(hasher.needsRehash(hasher.hash(utf8("pw"), POLICY), POLICY)).isFalse();
    assertThat(hasher.needsRehash(SHA256_BY_PYTHON, POLICY)).isFalse();
    assertThat(hasher.needsRehash(SHA512_BY_PYTHON, HashingPolicy.pbkdf2Sha512(1000))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$pbkdf2-sha256$i=999,l=32$" + SALT_0_TO_15 + "$" + SHA256_TAG,
        "$pbkdf2-sha256$i=1001,l=32$" + SALT_0_TO_15 + "$" + SHA256_TAG,
        "$pbkdf2-sha512$i=1000,l=32$" + SALT_0_TO_15 + "$" + SHA256_TAG,
        "$pbkdf2-sha256$i=1000,l=20$" + SALT_0_TO_15 + "$rk0Mla9rRtMtCt/5KPBt0CowP44",
        "$pbkdf2-sha256$i=1000,l=32$c2FsdHNhbHQ$" + SHA256_TAG,
        "$argon2id$v=19$m=19456,t=2,p=1$" + SALT_0_TO_15 + "$" + SHA256_TAG
      })
  void needsRehash_anythingButThePolicy_isTrue(String encoded) {
    // Each is well-formed, so the answer comes from comparing it with the policy.
    assertThatCode(() -> PhcString.parse(encoded)).doesNotThrowAnyException();

    assertThat(hasher.needsRehash(encoded, POLICY)).isTrue();
  }

  @Test
  void needsRehash_unparseable_isTrue() {
    assertThat(hasher.needsRehash("not a hash", POLICY)).isTrue();
    assertThat(hasher.needsRehash(SHA256_BY_PYTHON + "=", POLICY)).isTrue();
  }

  @Test
  void needsRehash_otherPolicies_isTrue() {
    assertThat(hasher.needsRehash(SHA256_BY_PYTHON, HashingPolicy.pbkdf2Sha256(600_000))).isTrue();
    assertThat(hasher.needsRehash(SHA256_BY_PYTHON, HashingPolicy.pbkdf2Sha512(1000))).isTrue();
    assertThat(hasher.needsRehash(SHA256_BY_PYTHON, new Pbkdf2Policy(Digest.SHA256, 1000, 32, 32)))
        .isTrue();
    assertThat(hasher.needsRehash(SHA256_BY_PYTHON, HashingPolicy.argon2id(19_456, 2, 1))).isTrue();
  }

  @Test
  void selfTest_passes() {
    assertThatCode(hasher::selfTest).doesNotThrowAnyException();
    assertThat(hasher.schemeIds()).containsExactlyInAnyOrder("pbkdf2-sha256", "pbkdf2-sha512");
  }

  private static void assertNoSaltOrHashIn(Throwable rejected, String encoded) {
    String message = Objects.requireNonNull(rejected.getMessage());
    for (String field : encoded.split("\\$", -1)) {
      if (field.length() >= 8
          && field.indexOf('=') < 0
          && !field.startsWith("pbkdf2")
          && !field.startsWith("argon2")) {
        assertThat(message).doesNotContain(field);
      }
    }
  }

  private static String hashField(String encoded) {
    return encoded.substring(encoded.lastIndexOf('$') + 1);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
