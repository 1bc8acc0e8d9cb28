package dev.portcullis.auth.hashers;

import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.MALFORMED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.PARAMETERS_REJECTED;
import static dev.portcullis.auth.spi.UnverifiableHashException.Reason.UNSUPPORTED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Argon2 against the real native library and the reference command line's hashes. */
final class Argon2HasherTest {

  private static final String VECTORS = "/vectors/argon2-reference.tsv";
  private static final HashParameterCaps CAPS = HashParameterCaps.defaults();
  private static final Argon2idPolicy POLICY = HashingPolicy.argon2id(19_456, 2, 1);

  private static final String SALT_16 = "MDEyMzQ1Njc4OWFiY2RlZg"; // "0123456789abcdef"
  private static final String TAG_32 = "0qsHs573+LgGInzYb7sRqlOTBmqY4X6srNEm6ybpJ20";

  /** The reference CLI's hash of "password" under the OWASP policy (m=19456, t=2, p=1). */
  private static final String OWASP_REFERENCE =
      "$argon2id$v=19$m=19456,t=2,p=1$" + SALT_16 + "$" + TAG_32;

  private static final String OUTPUT_PATTERN =
      "^\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$";

  private final Argon2Hasher hasher = new Argon2Hasher();

  /** One line of the reference file: hashes written by the {@code argon2} command line. */
  static Stream<Arguments> referenceVectors() {
    return readVectors().stream().map(v -> Arguments.of(v.name, v.password, v.encoded));
  }

  static Stream<Arguments> referenceVectorsOfVersion16() {
    return readVectors().stream()
        .filter(v -> v.encoded.contains("$v=16$"))
        .map(v -> Arguments.of(v.name, v.password, v.encoded));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceVectors")
  void verify_referenceVectorWithItsPassword_isTrue(String name, byte[] password, String encoded)
      throws UnverifiableHashException {
    assertThat(hasher.verify(password, encoded, CAPS)).as(name).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceVectors")
  void verify_referenceVectorWithOneByteChanged_isFalse(
      String name, byte[] password, String encoded) throws UnverifiableHashException {
    for (int index : new int[] {0, password.length - 1}) {
      byte[] wrong = password.clone();
      wrong[index] ^= 0x01;

      assertThat(hasher.verify(wrong, encoded, CAPS)).as(name + ", byte " + index).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceVectors")
  void verify_referenceVectorWithOneByteAppended_isFalse(
      String name, byte[] password, String encoded) throws UnverifiableHashException {
    // A NUL byte: native code that treated the password as a C string would ignore it.
    byte[] longer = Arrays.copyOf(password, password.length + 1);

    assertThat(hasher.verify(longer, encoded, CAPS)).as(name).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceVectorsOfVersion16")
  void verify_version16WithoutVersionField_isTrue(String name, byte[] password, String encoded)
      throws UnverifiableHashException {
    String withoutVersion = encoded.replace("$v=16$", "$");
    assertThat(withoutVersion).doesNotContain("v=");

    assertThat(hasher.verify(password, withoutVersion, CAPS)).as(name).isTrue();
  }

  @Test
  void verify_version19HashWithoutVersionField_isFalse() throws UnverifiableHashException {
    // A missing v= means 16, so a version 19 tag no longer matches.
    String withoutVersion = OWASP_REFERENCE.replace("$v=19$", "$");

    assertThat(hasher.verify(ascii("password"), withoutVersion, CAPS)).isFalse();
  }

  @Test
  void verify_anotherVariantWithTheSameTag_isFalse() throws UnverifiableHashException {
    String asArgon2i = OWASP_REFERENCE.replace("$argon2id$", "$argon2i$");
    String asArgon2d = OWASP_REFERENCE.replace("$argon2id$", "$argon2d$");

    assertThat(hasher.verify(ascii("password"), asArgon2i, CAPS)).isFalse();
    assertThat(hasher.verify(ascii("password"), asArgon2d, CAPS)).isFalse();
  }

  @Test
  void verify_keyIdParameter_doesNotChangeTheTag() throws UnverifiableHashException {
    String withKeyId = OWASP_REFERENCE.replace("p=1$", "p=1,keyid=k2$");

    assertThat(hasher.verify(ascii("password"), withKeyId, CAPS)).isTrue();
  }

  @Test
  void verify_dataParameter_isUsedAsAssociatedData() throws UnverifiableHashException {
    byte[] salt = ascii("0123456789abcdef");
    byte[] data = ascii("tenant-42");
    byte[] tag =
        new Argon2JvmBackend()
            .rawHash(
                new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 1024, 1, 32),
                ascii("password"),
                salt,
                null,
                data);
    String params = "$argon2id$v=19$m=1024,t=2,p=1";
    String rest = "$" + base64(salt) + "$" + base64(tag);

    assertThat(hasher.verify(ascii("password"), params + ",data=" + base64(data) + rest, CAPS))
        .isTrue();
    assertThat(hasher.verify(ascii("password"), params + rest, CAPS)).isFalse();
    assertThat(
            hasher.verify(
                ascii("password"), params + ",data=" + base64(ascii("tenant-43")) + rest, CAPS))
        .isFalse();
  }

  @Test
  void hash_owaspPolicy_writesTheReferenceFormatAndVerifies() throws UnverifiableHashException {
    String encoded = hasher.hash(ascii("correct horse"), POLICY);

    assertThat(encoded).matches(OUTPUT_PATTERN);
    assertThat(hasher.verify(ascii("correct horse"), encoded, CAPS)).isTrue();
    assertThat(hasher.verify(ascii("correct horsf"), encoded, CAPS)).isFalse();
  }

  @Test
  void hash_samePasswordTwice_usesAFreshSalt() {
    String first = hasher.hash(ascii("correct horse"), POLICY);
    String second = hasher.hash(ascii("correct horse"), POLICY);

    assertThat(saltField(first)).isNotEqualTo(saltField(second));
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void hash_withFixedRandom_matchesTheReferenceCommandLine() {
    // The reference hash used the salt "0123456789abcdef"; feed the same bytes as "random".
    SecureRandom fixed =
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            byte[] salt = ascii("0123456789abcdef");
            System.arraycopy(salt, 0, bytes, 0, bytes.length);
          }
        };
    Argon2Hasher deterministic = new Argon2Hasher(new Argon2JvmBackend(), fixed);

    assertThat(deterministic.hash(ascii("password"), POLICY)).isEqualTo(OWASP_REFERENCE);
  }

  @Test
  void hash_policyWithLongerSaltAndTag_writesThem() throws UnverifiableHashException {
    Argon2idPolicy policy = new Argon2idPolicy(64, 1, 1, 32, 64);

    String encoded = hasher.hash(ascii("pw"), policy);

    assertThat(encoded)
        .matches("^\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{43}\\$[A-Za-z0-9+/]{86}$");
    assertThat(hasher.verify(ascii("pw"), encoded, CAPS)).isTrue();
  }

  @Test
  void hashAndVerify_emptyPassword_areRefusedAsDocumented() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> hasher.hash(new byte[0], POLICY))
        .withMessageContaining("empty password");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> hasher.verify(new byte[0], OWASP_REFERENCE, CAPS))
        .withMessageContaining("empty password");
  }

  @Test
  void hash_pbkdf2Policy_isRefused() {
    assertThat(hasher.supports(HashingPolicy.pbkdf2Sha256(1000))).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> hasher.hash(ascii("pw"), HashingPolicy.pbkdf2Sha256(1000)))
        .withMessageContaining("pbkdf2-sha256");
  }

  @Test
  void supports_argon2idPolicy_isTrue() {
    assertThat(hasher.supports(POLICY)).isTrue();
    assertThat(hasher.schemeIds()).containsExactlyInAnyOrder("argon2id", "argon2i", "argon2d");
    assertThat(hasher.name()).contains("argon2-jvm");
  }

  @Test
  void needsRehash_hashUnderTheSamePolicy_isFalse() {
    assertThat(hasher.needsRehash(hasher.hash(ascii("pw"), POLICY), POLICY)).isFalse();
    assertThat(hasher.needsRehash(OWASP_REFERENCE, POLICY)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$argon2id$v=19$m=19457,t=2,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2id$v=19$m=9216,t=2,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2id$v=19$m=19456,t=1,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2id$v=19$m=19456,t=3,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2id$v=19$m=19456,t=2,p=2$" + SALT_16 + "$" + TAG_32,
        "$argon2i$v=19$m=19456,t=2,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2d$v=19$m=19456,t=2,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2id$v=16$m=19456,t=2,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2id$m=19456,t=2,p=1$" + SALT_16 + "$" + TAG_32,
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$" + TAG_32,
        "$argon2id$v=19$m=19456,t=2,p=1$" + SALT_16 + "$On8n8paPJKCDchjXn92g2fEFcc3/NJ0B",
        "$argon2id$v=19$m=19456,t=2,p=1,data=AAAA$" + SALT_16 + "$" + TAG_32,
        "$pbkdf2-sha256$i=600000,l=32$" + SALT_16 + "$" + TAG_32
      })
  void needsRehash_anythingButThePolicy_isTrue(String encoded) {
    // Each is well-formed, so the answer comes from comparing it with the policy.
    assertThatCode(() -> PhcString.parse(encoded)).doesNotThrowAnyException();

    assertThat(hasher.needsRehash(encoded, POLICY)).isTrue();
  }

  @Test
  void needsRehash_unparseable_isTrue() {
    assertThat(hasher.needsRehash("not a hash", POLICY)).isTrue();
    assertThat(hasher.needsRehash(OWASP_REFERENCE + "$", POLICY)).isTrue();
  }

  @Test
  void needsRehash_pbkdf2Policy_isTrue() {
    assertThat(hasher.needsRehash(OWASP_REFERENCE, HashingPolicy.pbkdf2Sha256(600_000))).isTrue();
  }

  static Stream<Arguments> overCaps() {
    String tail = "$" + SALT_16 + "$" + TAG_32;
    return Stream.of(
        Arguments.of("$argon2id$v=19$m=4194304,t=2,p=1" + tail, CAPS, "m=4194304"),
        Arguments.of("$argon2id$v=19$m=19456,t=4000000,p=1" + tail, CAPS, "t=4000000"),
        Arguments.of("$argon2id$v=19$m=19456,t=2,p=1000" + tail, CAPS, "p=1000"),
        Arguments.of("$argon2id$v=19$m=999999999999999999,t=2,p=1" + tail, CAPS, "m="),
        Arguments.of("$argon2id$v=19$m=4194304,t=4000000,p=1000" + tail, CAPS, "exceeds the cap"),
        Arguments.of(
            readVector("id-v13-m256-t4-p1-l64-ascii").encoded,
            new HashParameterCaps(262_144, 64, 16, 10_000_000, 64, 32),
            "hash is 64 bytes"),
        Arguments.of(
            "$argon2id$v=19$m=1024,t=2,p=1$YS1sb25nZXItc2FsdC1vZi0zMi1jaGFyYWN0ZXJzISE$" + TAG_32,
            new HashParameterCaps(262_144, 64, 16, 10_000_000, 16, 64),
            "salt is 32 bytes"));
  }

  @ParameterizedTest
  @MethodSource("overCaps")
  void verify_overCap_isRejectedWithoutWork(String encoded, HashParameterCaps caps, String named) {
    // Were the cap not checked first, m=4 GiB or t=4,000,000 would run for minutes or fail.
    UnverifiableHashException rejected =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () ->
                catchThrowableOfType(
                    UnverifiableHashException.class,
                    () -> hasher.verify(ascii("password"), encoded, caps)));

    assertThat(rejected).isNotNull();
    assertThat(rejected.reason()).isEqualTo(PARAMETERS_REJECTED);
    assertThat(rejected).hasMessageContaining(named).hasMessageContaining("hashing.caps.");
    assertNoSaltOrHashIn(rejected, encoded);
  }

  @ParameterizedTest
  @MethodSource("overCaps")
  void verify_overCap_neverReachesTheBackend(String encoded, HashParameterCaps caps, String named) {
    Argon2Hasher guarded = new Argon2Hasher(new UnreachableBackend(), new SecureRandom());

    UnverifiableHashException rejected =
        catchThrowableOfType(
            UnverifiableHashException.class,
            () -> guarded.verify(ascii("password"), encoded, caps));

    assertThat(rejected).isNotNull();
    assertThat(rejected.reason()).isEqualTo(PARAMETERS_REJECTED);
  }

  @Test
  void verify_atTheCaps_isAccepted() throws UnverifiableHashException {
    String encoded = readVector("id-v13-m4096-t3-p4-l32-ascii").encoded;
    HashParameterCaps exact = new HashParameterCaps(4096, 3, 4, 1, 16, 32);

    assertThat(hasher.verify(ascii("password"), encoded, exact)).isTrue();
  }

  static Stream<Arguments> unverifiable() {
    String tail = "$" + SALT_16 + "$" + TAG_32;
    return Stream.of(
        Arguments.of(
            "unknown parameter",
            "$argon2id$v=19$m=19456,t=2,p=1,x=1" + tail,
            MALFORMED,
            "[m, t, p, x]"),
        Arguments.of(
            "order t,m,p", "$argon2id$v=19$t=2,m=19456,p=1" + tail, MALFORMED, "in that order"),
        Arguments.of(
            "keyid after data",
            "$argon2id$v=19$m=19456,t=2,p=1,data=AAAA,keyid=k" + tail,
            MALFORMED,
            "in that order"),
        Arguments.of("missing p", "$argon2id$v=19$m=19456,t=2" + tail, MALFORMED, "in that order"),
        Arguments.of("no parameters", "$argon2id$v=19" + tail, MALFORMED, "parameter"),
        Arguments.of(
            "missing hash",
            "$argon2id$v=19$m=19456,t=2,p=1$" + SALT_16,
            MALFORMED,
            "salt and a hash"),
        Arguments.of(
            "missing salt and hash",
            "$argon2id$v=19$m=19456,t=2,p=1",
            MALFORMED,
            "salt and a hash"),
        Arguments.of(
            "salt of 4 bytes",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + TAG_32,
            MALFORMED,
            "salt is 4 bytes"),
        Arguments.of(
            "salt of 7 bytes",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbA$" + TAG_32,
            MALFORMED,
            "salt is 7 bytes"),
        Arguments.of(
            "salt of 49 bytes",
            "$argon2id$v=19$m=19456,t=2,p=1$" + base64(new byte[49]) + "$" + TAG_32,
            MALFORMED,
            "salt is 49 bytes"),
        Arguments.of(
            "hash of 11 bytes",
            "$argon2id$v=19$m=19456,t=2,p=1$" + SALT_16 + "$" + base64(new byte[11]),
            MALFORMED,
            "hash is 11 bytes"),
        Arguments.of(
            "hash of 65 bytes",
            "$argon2id$v=19$m=19456,t=2,p=1$" + SALT_16 + "$" + base64(new byte[65]),
            MALFORMED,
            "hash is 65 bytes"),
        Arguments.of("t=0", "$argon2id$v=19$m=19456,t=0,p=1" + tail, MALFORMED, "t=0"),
        Arguments.of("p=0", "$argon2id$v=19$m=19456,t=2,p=0" + tail, MALFORMED, "p=0"),
        Arguments.of("m below 8 per lane", "$argon2id$v=19$m=15,t=2,p=2" + tail, MALFORMED, "m=15"),
        Arguments.of(
            "leading zero in m",
            "$argon2id$v=19$m=019456,t=2,p=1" + tail,
            MALFORMED,
            "leading zeros"),
        Arguments.of(
            "non-decimal t", "$argon2id$v=19$m=19456,t=two,p=1" + tail, MALFORMED, "parameter t"),
        Arguments.of(
            "data not base64",
            "$argon2id$v=19$m=19456,t=2,p=1,data=a.b-" + tail,
            MALFORMED,
            "data"),
        Arguments.of(
            "data not canonical",
            "$argon2id$v=19$m=19456,t=2,p=1,data=AB" + tail,
            MALFORMED,
            "data"),
        Arguments.of(
            "padded salt",
            "$argon2id$v=19$m=19456,t=2,p=1$" + SALT_16 + "==$" + TAG_32,
            MALFORMED,
            "padding"),
        Arguments.of(
            "field after hash", OWASP_REFERENCE + "$" + SALT_16, MALFORMED, "after the hash"),
        Arguments.of("empty", "", MALFORMED, "start with"),
        Arguments.of(
            "version 20", "$argon2id$v=20$m=19456,t=2,p=1" + tail, UNSUPPORTED, "version 20"),
        Arguments.of("version 0", "$argon2id$v=0$m=19456,t=2,p=1" + tail, UNSUPPORTED, "version 0"),
        Arguments.of("argon2x", "$argon2x$v=19$m=19456,t=2,p=1" + tail, UNSUPPORTED, "argon2x"),
        Arguments.of("argon2", "$argon2$v=19$m=19456,t=2,p=1" + tail, UNSUPPORTED, "argon2"),
        Arguments.of("pbkdf2", "$pbkdf2-sha256$i=1000,l=32" + tail, UNSUPPORTED, "pbkdf2-sha256"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unverifiable")
  void verify_unverifiableHash_throwsWithTheReason(
      String description, String encoded, UnverifiableHashException.Reason reason, String named) {
    UnverifiableHashException rejected =
        catchThrowableOfType(
            UnverifiableHashException.class, () -> hasher.verify(ascii("password"), encoded, CAPS));

    assertThat(rejected).as(description).isNotNull();
    assertThat(rejected.reason()).as(description).isEqualTo(reason);
    assertThat(rejected).as(description).hasMessageContaining(named);
    assertNoSaltOrHashIn(rejected, encoded);
  }

  @Test
  void selfTest_realBackend_passes() {
    assertThatCode(hasher::selfTest).doesNotThrowAnyException();
  }

  @Test
  void selfTest_backendWithOneBitWrong_failsNamingTheVector() {
    Argon2Hasher broken =
        new Argon2Hasher(new BitFlippingBackend(new Argon2JvmBackend()), new SecureRandom());

    assertThatIllegalStateException()
        .isThrownBy(broken::selfTest)
        .withMessageContaining("RFC 9106")
        .withMessageContaining("known-answer test")
        .withMessageContaining("bit-flipping");
  }

  @Test
  void selfTest_backendIgnoringSecretAndData_failsNamingTheVector() {
    // The RFC vectors use a secret and associated data; a backend dropping them must not pass.
    Argon2Backend real = new Argon2JvmBackend();
    Argon2Backend dropping =
        new ForwardingArgon2Backend(real) {
          @Override
          public byte[] rawHash(
              Argon2Params params,
              byte[] password,
              byte[] salt,
              byte @Nullable [] secret,
              byte @Nullable [] associatedData) {
            return real.rawHash(params, password, salt, null, null);
          }
        };

    assertThatIllegalStateException()
        .isThrownBy(new Argon2Hasher(dropping, new SecureRandom())::selfTest)
        .withMessageContaining("RFC 9106");
  }

  @Test
  void constructor_onLinuxX8664_runsPortcullisArgon2() {
    // the build compiles the library for this platform: failing to load it here would only show
    // as logins slower than they should be, so it is a test failure, not a silent fallback
    // (NativeArgon2BackendTest pins the full name; Argon2BackendSelectionTest the fallbacks)
    assumeTrue(
        System.getProperty("os.name", "").startsWith("Linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch", "")),
        "the native library is asserted on Linux x86-64");
    NativeArgon2Library.backend();

    assertThat(hasher.name()).startsWith("argon2 (portcullis-argon2/");
  }

  @Test
  void argon2JvmOnly_computesTheSameHashesWithoutLibsodium() throws UnverifiableHashException {
    Argon2Hasher argon2JvmOnly = Argon2Hasher.argon2JvmOnly();

    assertThat(argon2JvmOnly.name()).isEqualTo("argon2 (argon2-jvm)");
    String encoded = hasher.hash(ascii("correct horse"), POLICY);
    assertThat(argon2JvmOnly.verify(ascii("correct horse"), encoded, CAPS)).isTrue();
    String back = argon2JvmOnly.hash(ascii("correct horse"), POLICY);
    assertThat(hasher.verify(ascii("correct horse"), back, CAPS)).isTrue();
  }

  @Test
  void selfTest_libsodiumWithOneBitWrong_failsNamingIt() {
    Argon2Hasher broken =
        new Argon2Hasher(
            new DispatchingArgon2Backend(
                new BitFlippingBackend(new LibsodiumArgon2Backend()), new Argon2JvmBackend()),
            new SecureRandom());

    assertThatIllegalStateException()
        .isThrownBy(broken::selfTest)
        .withMessageContaining("bit-flipping libsodium")
        .withMessageContaining("known-answer test");
  }

  @Test
  void selfTest_backendsDisagreeingWhereNoKnownAnswerReaches_failsNamingBoth() {
    // A libsodium whose 64-byte tags are wrong (an output-length bug) passes every known answer,
    // whose tags are 16 and 32 bytes; the cross-verification of both backends must catch it.
    Argon2Backend real = new LibsodiumArgon2Backend();
    Argon2Backend longTagsWrong =
        new ForwardingArgon2Backend(real) {
          @Override
          public byte[] rawHash(
              Argon2Params params,
              byte[] password,
              byte[] salt,
              byte @Nullable [] secret,
              byte @Nullable [] associatedData) {
            byte[] tag = real.rawHash(params, password, salt, secret, associatedData);
            if (params.tagBytes() == 64) {
              tag[63] ^= 0x01;
            }
            return tag;
          }
        };
    Argon2Hasher disagreeing =
        new Argon2Hasher(
            new DispatchingArgon2Backend(longTagsWrong, new Argon2JvmBackend()),
            new SecureRandom());

    assertThatIllegalStateException()
        .isThrownBy(disagreeing::selfTest)
        .withMessageContaining("backends libsodium and argon2-jvm disagree")
        .withMessageContaining("64-byte tag");
  }

  @Test
  void selfTest_backendThatCanComputeNoKnownAnswer_fails() {
    Argon2Backend narrow =
        new ForwardingArgon2Backend(new LibsodiumArgon2Backend()) {
          @Override
          public boolean canCompute(
              Argon2Params params, int saltBytes, boolean hasSecret, boolean hasAssociatedData) {
            return params.tagBytes() == 48
                && super.canCompute(params, saltBytes, hasSecret, hasAssociatedData);
          }
        };
    Argon2Hasher untested =
        new Argon2Hasher(new DispatchingArgon2Backend(narrow, new Argon2JvmBackend()),
            new SecureRandom());

    assertThatIllegalStateException()
        .isThrownBy(untested::selfTest)
        .withMessageContaining("backend libsodium can compute none of the known answers");
  }

  // ---------------------------------------------------------------- helpers

  private static void assertNoSaltOrHashIn(Throwable rejected, String encoded) {
    String message = Objects.requireNonNull(rejected.getMessage());
    String[] fields = encoded.split("\\$", -1);
    for (String field : fields) {
      // Salt and hash fields are the only ones of 8+ characters without '='.
      if (field.length() >= 8
          && field.indexOf('=') < 0
          && !field.startsWith("argon2")
          && !field.startsWith("pbkdf2")) {
        assertThat(message).doesNotContain(field);
      }
    }
    assertThat(message).doesNotContain(SALT_16).doesNotContain(TAG_32);
  }

  private static String saltField(String encoded) {
    String[] fields = encoded.split("\\$", -1);
    return fields[fields.length - 2];
  }

  private static byte[] ascii(String text) {
    return text.getBytes(UTF_8);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Vector readVector(String name) {
    return readVectors().stream()
        .filter(v -> v.name.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no vector " + name + " in " + VECTORS));
  }

  private static List<Vector> readVectors() {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in = Argon2HasherTest.class.getResourceAsStream(VECTORS)) {
      if (in == null) {
        throw new IllegalStateException(VECTORS + " is not on the test class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        if (columns.length != 3) {
          throw new IllegalStateException(
              "line of " + VECTORS + " has " + columns.length + " columns: " + line);
        }
        vectors.add(new Vector(columns[0], HexFormat.of().parseHex(columns[1]), columns[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return vectors;
  }

  private static final class Vector {
    final String name;
    final byte[] password;
    final String encoded;

    Vector(String name, byte[] password, String encoded) {
      this.name = name;
      this.password = password;
      this.encoded = encoded;
    }
  }

  /** A real backend whose every answer has its lowest bit flipped: a subtly broken build. */
  private static final class BitFlippingBackend extends ForwardingArgon2Backend {
    BitFlippingBackend(Argon2Backend delegate) {
      super(delegate);
    }

    @Override
    public String name() {
      return "bit-flipping " + super.name();
    }

    @Override
    public byte[] rawHash(
        Argon2Params params,
        byte[] password,
        byte[] salt,
        byte @Nullable [] secret,
        byte @Nullable [] associatedData) {
      byte[] tag = super.rawHash(params, password, salt, secret, associatedData);
      tag[tag.length - 1] ^= 0x01;
      return tag;
    }
  }

  /** Fails the test if any hashing work is attempted. */
  private static final class UnreachableBackend implements Argon2Backend {
    @Override
    public String name() {
      return "unreachable";
    }

    @Override
    public byte[] rawHash(
        Argon2Params params,
        byte[] password,
        byte[] salt,
        byte @Nullable [] secret,
        byte @Nullable [] associatedData) {
      throw new AssertionError(
          "hashing work was started for " + params);
    }
  }
}
