package dev.portcullis.auth.hashers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.hashers.ReferenceVectors.Vector;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Portcullis's own Argon2 through JNA, on every kernel this CPU runs (not only the one it picks):
 * RFC 9106's known answers, the reference command line's hashes, shapes no other backend can
 * compute in one library, and arenas reused between hashes.
 */
final class NativeArgon2BackendTest {

  private static final HexFormat HEX = HexFormat.of();

  static List<Argon2Isa> kernels() {
    return NativeArgon2Library.kernelsHere();
  }

  static Stream<Arguments> rfc9106Vectors() {
    return kernels().stream()
        .flatMap(
            isa ->
                Stream.of(
                    Arguments.of(isa, Argon2Variant.ARGON2D, 0x13,
                        "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb"),
                    Arguments.of(isa, Argon2Variant.ARGON2I, 0x13,
                        "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8"),
                    Arguments.of(isa, Argon2Variant.ARGON2ID, 0x13,
                        "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"),
                    // draft-irtf-cfrg-argon2 printed the version 16 answer for the same input
                    Arguments.of(isa, Argon2Variant.ARGON2D, 0x10,
                        "96a9d4e5a1734092c85e29f410a45914a5dd1f5cbf08b2670da68a0285abf32b")));
  }

  @ParameterizedTest(name = "{0} {1} v={2}")
  @MethodSource("rfc9106Vectors")
  void rawHash_rfc9106Section5_givesTheRfcTag(
      Argon2Isa isa, Argon2Variant variant, int version, String expectedTag) {
    NativeArgon2Backend backend = NativeArgon2Library.backend(isa);

    byte[] tag =
        backend.rawHash(
            new Argon2Params(variant, version, 3, 32, 4, 32),
            filled(32, 0x01),
            filled(16, 0x02),
            filled(8, 0x03),
            filled(12, 0x04));

    assertThat(HEX.formatHex(tag)).isEqualTo(expectedTag);
  }

  static Stream<Arguments> referenceVectorsOnEveryKernel() {
    return kernels().stream()
        .flatMap(isa -> ReferenceVectors.all().stream().map(vector -> Arguments.of(isa, vector)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("referenceVectorsOnEveryKernel")
  void verify_referenceCommandLineHash_matchesAndRejectsAWrongPassword(Argon2Isa isa, Vector vector)
      throws UnverifiableHashException {
    Argon2Hasher hasher =
        new Argon2Hasher(NativeArgon2Library.backend(isa), new SecureRandom());
    byte[] wrong = vector.password().clone();
    wrong[wrong.length - 1] ^= 1;

    assertThat(hasher.verify(vector.password(), vector.encoded(), HashParameterCaps.defaults()))
        .isTrue();
    assertThat(hasher.verify(wrong, vector.encoded(), HashParameterCaps.defaults())).isFalse();
  }

  @Test
  void canCompute_shapesLibsodiumCannot_isTrueAndComputesThem() {
    NativeArgon2Backend backend = NativeArgon2Library.backend();
    Argon2JvmBackend oracle = new Argon2JvmBackend();
    Argon2Params fourLanesArgon2d = new Argon2Params(Argon2Variant.ARGON2D, 0x10, 1, 64, 4, 4);
    byte[] salt = filled(8, 7);

    assertThat(backend.canCompute(fourLanesArgon2d, 8, true, true)).isTrue();
    // without secret and associated data argon2-jvm computes the same shape: the same tag
    byte[] plain = backend.rawHash(fourLanesArgon2d, bytes("pw"), salt, null, null);
    assertThat(plain).isEqualTo(oracle.rawHash(fourLanesArgon2d, bytes("pw"), salt, null, null));
    // with them (no other backend takes both) the tag must change with each, and every kernel
    // must agree on it
    byte[] keyed = backend.rawHash(fourLanesArgon2d, bytes("pw"), salt, filled(3, 1), filled(5, 2));
    assertThat(keyed).hasSize(4).isNotEqualTo(plain);
    assertThat(backend.rawHash(fourLanesArgon2d, bytes("pw"), salt, filled(3, 9), filled(5, 2)))
        .isNotEqualTo(keyed);
    assertThat(backend.rawHash(fourLanesArgon2d, bytes("pw"), salt, filled(3, 1), filled(5, 9)))
        .isNotEqualTo(keyed);
    for (Argon2Isa isa : kernels()) {
      assertThat(new NativeArgon2Backend(isa)
              .rawHash(fourLanesArgon2d, bytes("pw"), salt, filled(3, 1), filled(5, 2)))
          .as("%s", isa)
          .isEqualTo(keyed);
    }
  }

  @Test
  void rawHash_everyTagLengthAcrossTheHPrimeBoundaries_agreesWithArgon2Jvm() {
    NativeArgon2Backend backend = NativeArgon2Library.backend();
    Argon2JvmBackend oracle = new Argon2JvmBackend();
    for (int tagBytes : new int[] {4, 31, 32, 33, 63, 64, 65, 96, 127, 128, 129, 1024}) {
      Argon2Params params = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 1, 16, 1, tagBytes);
      byte[] salt = filled(16, 9);

      assertThat(backend.rawHash(params, bytes("password"), salt, null, null))
          .as("%d-byte tag", tagBytes)
          .isEqualTo(oracle.rawHash(params, bytes("password"), salt, null, null));
    }
  }

  @Test
  void rawHash_emptyPassword_isComputedAsRfc9106Defines() {
    // argon2-jvm cannot pass an empty password; libsodium can, and must agree with us
    NativeArgon2Backend backend = NativeArgon2Library.backend();
    LibsodiumArgon2Backend libsodium = new LibsodiumArgon2Backend();
    Argon2Params params = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 64, 1, 32);
    byte[] salt = filled(16, 3);

    assertThat(backend.rawHash(params, new byte[0], salt, null, null))
        .isEqualTo(libsodium.rawHash(params, new byte[0], salt, null, null));
  }

  @Test
  void rawHash_sameSizeTwice_reusesOneArenaWithoutMappingAgain() {
    NativeArgon2Backend backend = NativeArgon2Library.backend();
    // a size no other test uses, so that the arena is this test's own
    Argon2Params params = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 1, 1_212, 1, 32);
    byte[] salt = filled(16, 1);

    long mappedBefore = backend.pool().mappedBytes();
    int idleBefore = backend.pool().idleArenas();
    byte[] first = backend.rawHash(params, bytes("pw"), salt, null, null);
    long mappedAfterFirst = backend.pool().mappedBytes();
    byte[] second = backend.rawHash(params, bytes("pw"), salt, null, null);

    assertThat(second).isEqualTo(first);
    // the first hash mapped exactly one arena of its size, the second none
    assertThat(mappedAfterFirst - mappedBefore).isEqualTo(1_212 * 1_024L);
    assertThat(backend.pool().mappedBytes()).isEqualTo(mappedAfterFirst);
    assertThat(backend.pool().idleArenas()).isEqualTo(idleBefore + 1);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void rawHash_eachKernel_agreesWithThePortableOne(Argon2Isa isa) {
    Argon2Params params = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 256, 2, 48);
    byte[] salt = filled(16, 5);
    byte[] expected =
        NativeArgon2Library.backend(Argon2Isa.PORTABLE)
            .rawHash(params, bytes("kernels"), salt, filled(4, 6), null);

    assertThat(NativeArgon2Library.backend(isa).rawHash(params, bytes("kernels"), salt,
            filled(4, 6), null))
        .isEqualTo(expected);
  }

  @Test
  void defaultHasher_onLinuxX8664_runsOnPortcullisArgon2Alone() {
    assumeTrue(
        System.getProperty("os.name", "").startsWith("Linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch", "")),
        "the library is built for Linux x86-64");
    NativeArgon2Backend backend = NativeArgon2Library.backend();

    assertThat(new Argon2Hasher().name())
        .isEqualTo(
            "argon2 ("
                + backend.name()
                + "; libsodium not loaded: not needed; argon2-jvm not loaded: not needed)");
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
