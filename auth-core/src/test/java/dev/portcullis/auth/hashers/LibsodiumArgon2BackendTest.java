package dev.portcullis.auth.hashers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.hashers.ReferenceVectors.Vector;
import dev.portcullis.auth.internal.Pepper;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** libsodium's Argon2 against the reference command line's hashes and against argon2-jvm. */
final class LibsodiumArgon2BackendTest {

  private static final HashParameterCaps CAPS = HashParameterCaps.defaults();
  private static final LibsodiumArgon2Backend LIBSODIUM = new LibsodiumArgon2Backend();
  private static final Argon2JvmBackend ARGON2_JVM = new Argon2JvmBackend();
  private static final byte[] SALT_16 = ascii("0123456789abcdef");

  static Stream<Vector> vectorsLibsodiumCanCompute() {
    return ReferenceVectors.all().stream().filter(v -> libsodiumCanCompute(parse(v)));
  }

  @Test
  void canCompute_referenceVectors_exactlyTheOwaspRowAndThoseMarkedLibsodium() {
    // The reference file's only p=1 hashes with a 16-byte salt are its m=19456 rows.
    Set<String> expected =
        ReferenceVectors.all().stream()
            .filter(v -> v.name().startsWith("id-v13-m19456-") || "libsodium".equals(v.backend()))
            .map(Vector::name)
            .collect(Collectors.toSet());

    Set<String> computable =
        vectorsLibsodiumCanCompute().map(Vector::name).collect(Collectors.toSet());

    assertThat(expected).hasSize(10);
    assertThat(computable).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorsLibsodiumCanCompute")
  void rawHash_referenceVector_matchesTheReferenceTagAndArgon2Jvm(Vector vector) {
    Argon2Hash hash = parse(vector);

    byte[] libsodium = rawHash(LIBSODIUM, hash, vector.password());
    byte[] argon2Jvm = rawHash(ARGON2_JVM, hash, vector.password());

    assertThat(libsodium).isEqualTo(hash.hash).isEqualTo(argon2Jvm);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorsLibsodiumCanCompute")
  void rawHash_referenceVectorWithOneBitChanged_differs(Vector vector) {
    Argon2Hash hash = parse(vector);
    byte[] wrong = vector.password().clone();
    wrong[wrong.length - 1] ^= 0x01;

    assertThat(rawHash(LIBSODIUM, hash, wrong)).isNotEqualTo(hash.hash);
  }

  static Stream<Arguments> pepperedShapes() {
    return Stream.of(
        Arguments.of(Argon2Variant.ARGON2ID, 2, 19_456, 32),
        Arguments.of(Argon2Variant.ARGON2ID, 1, 47_104, 32),
        Arguments.of(Argon2Variant.ARGON2ID, 3, 12_288, 32),
        Arguments.of(Argon2Variant.ARGON2ID, 2, 1024, 64),
        Arguments.of(Argon2Variant.ARGON2I, 3, 1024, 16));
  }

  @ParameterizedTest
  @MethodSource("pepperedShapes")
  void rawHash_pepperedPassword_givesTheSameTagOnBothBackends(
      Argon2Variant variant, int iterations, int memoryKib, int tagBytes) {
    // What the engine hands a hasher when a pepper is configured: 32 bytes of HMAC output,
    // binary, possibly with NUL bytes. Both backends must treat them as plain bytes.
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0x42);
    byte[] peppered = Pepper.apply(Secret.of(key, "test:k1"), ascii("password"));

    Argon2Params params = new Argon2Params(variant, 0x13, iterations, memoryKib, 1, tagBytes);

    byte[] libsodium = LIBSODIUM.rawHash(params, peppered, SALT_16, null, null);
    byte[] argon2Jvm = ARGON2_JVM.rawHash(params, peppered, SALT_16, null, null);

    assertThat(peppered).hasSize(32);
    assertThat(libsodium).hasSize(tagBytes).isEqualTo(argon2Jvm);
  }

  @Test
  void pepperedReferenceVectors_holdWhatThePepperComputes() throws UnverifiableHashException {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0x42);
    byte[] peppered = Pepper.apply(Secret.of(key, "test:k1"), ascii("password"));
    List<Vector> vectors =
        ReferenceVectors.read(ReferenceVectors.BACKENDS).stream()
            .filter(v -> v.name().contains("peppered"))
            .toList();

    assertThat(vectors).hasSize(2);
    for (Vector vector : vectors) {
      assertThat(vector.password()).as(vector.name()).isEqualTo(peppered);
      Argon2Hash hash = Argon2Hash.parse(vector.encoded(), CAPS);
      assertThat(rawHash(LIBSODIUM, hash, peppered)).as(vector.name()).isEqualTo(hash.hash);
    }
  }

  /** Each row: a limit of libsodium's, what canCompute says, and what libsodium itself says. */
  static Stream<Arguments> libsodiumLimits() {
    return Stream.of(
        Arguments.of("argon2id t=1", Argon2Variant.ARGON2ID, 1, 8, 16, true),
        Arguments.of("argon2id m=7 KiB", Argon2Variant.ARGON2ID, 1, 7, 16, false),
        Arguments.of("argon2id tag of 15 bytes", Argon2Variant.ARGON2ID, 1, 8, 15, false),
        Arguments.of("argon2i t=3", Argon2Variant.ARGON2I, 3, 8, 16, true),
        Arguments.of("argon2i t=2", Argon2Variant.ARGON2I, 2, 8, 16, false),
        Arguments.of("argon2i t=1", Argon2Variant.ARGON2I, 1, 8, 16, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libsodiumLimits")
  void canCompute_matchesWhatLibsodiumItselfAccepts(
      String description,
      Argon2Variant variant,
      int iterations,
      int memoryKib,
      int tagBytes,
      boolean accepted) {
    boolean claimed;
    try {
      claimed =
          LIBSODIUM.canCompute(
              new Argon2Params(variant, 0x13, iterations, memoryKib, 1, tagBytes), 16, false, false);
    } catch (IllegalArgumentException e) {
      // m=7 is no Argon2 computation (RFC 9106 wants 8 KiB a lane): no parameters can hold it,
      // so it reaches no backend.
      claimed = false;
    }
    int result =
        LIBSODIUM.cryptoPwhash(
            new byte[tagBytes], variant, iterations, memoryKib, ascii("password"), SALT_16);

    assertThat(claimed).as(description).isEqualTo(accepted);
    assertThat(result).as(description + ": crypto_pwhash's result").isEqualTo(accepted ? 0 : -1);
  }

  @Test
  void cryptoPwhash_longerSalt_readsOnlySixteenBytesSoOtherSaltsMustGoElsewhere() {
    // libsodium takes no salt length: it reads crypto_pwhash_SALTBYTES and would silently
    // compute another hash for a 24-byte salt (and read past a shorter one).
    byte[] salt24 = ascii("0123456789abcdef01234567");
    byte[] libsodium = new byte[32];

    int result =
        LIBSODIUM.cryptoPwhash(libsodium, Argon2Variant.ARGON2ID, 2, 1024, ascii("password"), salt24);

    assertThat(result).isZero();
    Argon2Params params = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 1024, 1, 32);
    assertThat(libsodium)
        .isNotEqualTo(ARGON2_JVM.rawHash(params, ascii("password"), salt24, null, null))
        .isEqualTo(ARGON2_JVM.rawHash(params, ascii("password"), SALT_16, null, null));
    assertThat(LIBSODIUM.canCompute(params, 24, false, false)).isFalse();
    assertThat(LIBSODIUM.canCompute(params, 8, false, false)).isFalse();
  }

  @Test
  void canCompute_shapesOutsideLibsodiumsApi_isFalse() {
    Argon2Variant id = Argon2Variant.ARGON2ID;
    Argon2Params owasp = new Argon2Params(id, 0x13, 2, 19_456, 1, 32);

    assertThat(LIBSODIUM.canCompute(owasp, 16, false, false)).isTrue();
    assertThat(LIBSODIUM.canCompute(new Argon2Params(id, 0x13, 2, 19_456, 1, 64), 16, false, false))
        .isTrue();
    assertThat(LIBSODIUM.canCompute(new Argon2Params(id, 0x10, 2, 19_456, 1, 32), 16, false, false))
        .isFalse();
    assertThat(LIBSODIUM.canCompute(new Argon2Params(id, 0x13, 2, 19_456, 2, 32), 16, false, false))
        .isFalse();
    assertThat(LIBSODIUM.canCompute(owasp, 16, true, false)).isFalse();
    assertThat(LIBSODIUM.canCompute(owasp, 16, false, true)).isFalse();
    assertThat(
            LIBSODIUM.canCompute(
                new Argon2Params(Argon2Variant.ARGON2D, 0x13, 3, 19_456, 1, 32), 16, false, false))
        .isFalse();
  }

  @Test
  void rawHash_shapeItCannotCompute_isRefusedNamingTheShape() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                LIBSODIUM.rawHash(
                    new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 1024, 2, 32),
                    ascii("password"),
                    SALT_16,
                    null,
                    null))
        .withMessageContaining("libsodium cannot compute argon2id v=19 m=1024 t=2 p=2");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                LIBSODIUM.rawHash(
                    new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 1024, 1, 32),
                    ascii("password"),
                    SALT_16,
                    null,
                    ascii("data")))
        .withMessageContaining("associated data");
  }

  @Test
  void name_isLibsodium() {
    assertThat(LIBSODIUM.name()).isEqualTo("libsodium");
    assertThat(LIBSODIUM.components()).containsExactly(LIBSODIUM);
  }

  // ---------------------------------------------------------------- helpers

  private static boolean libsodiumCanCompute(Argon2Hash hash) {
    return LIBSODIUM.canCompute(
        hash.params, hash.salt.length, false, hash.associatedData != null);
  }

  private static byte[] rawHash(Argon2Backend backend, Argon2Hash hash, byte[] password) {
    return backend.rawHash(hash.params, password, hash.salt, null, hash.associatedData);
  }

  private static Argon2Hash parse(Vector vector) {
    try {
      return Argon2Hash.parse(vector.encoded(), CAPS);
    } catch (UnverifiableHashException e) {
      throw new IllegalStateException(vector.name() + " does not parse", e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(UTF_8);
  }
}
