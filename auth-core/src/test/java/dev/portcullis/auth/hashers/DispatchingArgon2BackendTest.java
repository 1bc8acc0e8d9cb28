package dev.portcullis.auth.hashers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.ReferenceVectors.Vector;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which backend computes which hash, and what happens when libsodium cannot load. */
final class DispatchingArgon2BackendTest {

  private static final HashParameterCaps CAPS = HashParameterCaps.defaults();

  private final RecordingBackend libsodium = new RecordingBackend(new LibsodiumArgon2Backend());
  private final RecordingBackend argon2Jvm = new RecordingBackend(new Argon2JvmBackend());
  private final Argon2Hasher hasher =
      new Argon2Hasher(new DispatchingArgon2Backend(libsodium, argon2Jvm), new SecureRandom());

  static Stream<Vector> backendVectors() {
    return ReferenceVectors.read(ReferenceVectors.BACKENDS).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backendVectors")
  void verify_referenceVector_runsOnTheBackendItNames(Vector vector)
      throws UnverifiableHashException {
    boolean verified = hasher.verify(vector.password(), vector.encoded(), CAPS);

    assertThat(verified).isTrue();
    assertThat(ranOn()).containsExactly(vector.backend());
  }

  static Stream<Vector> referenceVectors() {
    return ReferenceVectors.read(ReferenceVectors.REFERENCE).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceVectors")
  void verify_referenceFile_onlyTheOwaspRowWithItsSixteenByteSaltRunsOnLibsodium(Vector vector)
      throws UnverifiableHashException {
    boolean verified = hasher.verify(vector.password(), vector.encoded(), CAPS);

    assertThat(verified).isTrue();
    assertThat(ranOn())
        .containsExactly(vector.name().startsWith("id-v13-m19456-") ? "libsodium" : "argon2-jvm");
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of(HashingPolicy.argon2id(47_104, 1, 1), "libsodium"),
        Arguments.of(HashingPolicy.argon2id(19_456, 2, 1), "libsodium"),
        Arguments.of(HashingPolicy.argon2id(12_288, 3, 1), "libsodium"),
        Arguments.of(new Argon2idPolicy(64, 1, 1, 16, 16), "libsodium"),
        Arguments.of(new Argon2idPolicy(64, 1, 1, 16, 64), "libsodium"),
        Arguments.of(HashingPolicy.argon2id(64, 1, 2), "argon2-jvm"),
        Arguments.of(new Argon2idPolicy(64, 1, 1, 32, 32), "argon2-jvm"),
        Arguments.of(new Argon2idPolicy(64, 1, 1, 48, 32), "argon2-jvm"));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void hashAndVerify_policy_runOnTheExpectedBackend(Argon2idPolicy policy, String backend)
      throws UnverifiableHashException {
    String encoded = hasher.hash(ascii("correct horse"), policy);
    boolean verified = hasher.verify(ascii("correct horse"), encoded, CAPS);

    assertThat(verified).isTrue();
    assertThat(ranOn()).containsExactly(backend, backend);
  }

  @Test
  void verify_associatedData_runsOnArgon2Jvm() throws UnverifiableHashException {
    byte[] salt = ascii("0123456789abcdef");
    byte[] data = ascii("tenant-42");
    byte[] tag =
        new Argon2JvmBackend()
            .rawHash(
                new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 1024, 1, 32),
                ascii("pw"),
                salt,
                null,
                data);
    String encoded =
        "$argon2id$v=19$m=1024,t=2,p=1,data=" + base64(data) + "$" + base64(salt) + "$"
            + base64(tag);

    assertThat(hasher.verify(ascii("pw"), encoded, CAPS)).isTrue();
    assertThat(ranOn()).containsExactly("argon2-jvm");
  }

  @Test
  void fastestAvailable_bothLoad_putsLibsodiumInFront() {
    Argon2Backend backend =
        DispatchingArgon2Backend.fastestAvailable(
            "libsodium", LibsodiumArgon2Backend::new, Argon2JvmBackend::new);

    assertThat(backend.name()).isEqualTo("libsodium+argon2-jvm");
    assertThat(backend.components())
        .extracting(Argon2Backend::name)
        .containsExactly("libsodium", "argon2-jvm");
    assertThat(new Argon2Hasher(backend, new SecureRandom()).name())
        .isEqualTo("argon2 (libsodium+argon2-jvm)");
  }

  static Stream<Arguments> loadFailures() {
    Supplier<Argon2Backend> linkageError =
        () -> {
          throw new UnsatisfiedLinkError("simulated: no libsodium for this platform");
        };
    Supplier<Argon2Backend> missingClass =
        () -> {
          throw new NoClassDefFoundError("com/goterl/lazysodium/SodiumJava");
        };
    Supplier<Argon2Backend> loaderException =
        () -> {
          throw new IllegalStateException("simulated: the resource loader failed");
        };
    return Stream.of(
        Arguments.of("UnsatisfiedLinkError", linkageError),
        Arguments.of("NoClassDefFoundError", missingClass),
        Arguments.of("a loader's RuntimeException", loaderException));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loadFailures")
  void fastestAvailable_libsodiumCannotLoad_argon2JvmServesEveryHashAlone(
      String failure, Supplier<Argon2Backend> libsodiumFactory) throws UnverifiableHashException {
    Argon2Backend backend =
        DispatchingArgon2Backend.fastestAvailable(
            "libsodium", libsodiumFactory, Argon2JvmBackend::new);
    Argon2Hasher alone = new Argon2Hasher(backend, new SecureRandom());

    assertThat(alone.name()).isEqualTo("argon2 (argon2-jvm)");
    assertThatCode(alone::selfTest).doesNotThrowAnyException();
    for (Vector vector : ReferenceVectors.all()) {
      assertThat(alone.verify(vector.password(), vector.encoded(), CAPS)).as(vector.name()).isTrue();
    }
    String encoded = alone.hash(ascii("pw"), HashingPolicy.argon2id(19_456, 2, 1));
    assertThat(alone.verify(ascii("pw"), encoded, CAPS)).isTrue();
  }

  @Test
  void fastestAvailable_argon2JvmCannotLoad_failsAsBefore() {
    // argon2-jvm is the one backend that computes every hash: without it there is no Argon2.
    assertThatThrownBy(
            () ->
                DispatchingArgon2Backend.fastestAvailable(
                    "libsodium",
                    LibsodiumArgon2Backend::new,
                    () -> {
                      throw new UnsatisfiedLinkError("simulated: no libargon2");
                    }))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining("no libargon2");
  }

  @Test
  void canCompute_isTheUnionOfBothBackends() {
    DispatchingArgon2Backend backend = new DispatchingArgon2Backend(libsodium, argon2Jvm);

    Argon2Params owasp = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 2, 19_456, 1, 32);
    Argon2Params argon2d = new Argon2Params(Argon2Variant.ARGON2D, 0x13, 2, 19_456, 1, 32);
    // 8 KiB per lane: the smallest memory four lanes may have
    Argon2Params odd = new Argon2Params(Argon2Variant.ARGON2D, 0x10, 1, 32, 4, 12);

    assertThat(backend.backendFor(owasp, 16, false, false)).isSameAs(libsodium);
    assertThat(backend.backendFor(argon2d, 16, false, false)).isSameAs(argon2Jvm);
    assertThat(backend.canCompute(odd, 8, true, true)).isTrue();
  }

  // ---------------------------------------------------------------- helpers

  /** Names of the backends that computed a tag since the test started, in order. */
  private List<String> ranOn() {
    List<String> ran = new ArrayList<>();
    ran.addAll(libsodium.calls);
    ran.addAll(argon2Jvm.calls);
    return ran;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(UTF_8);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A real backend that records each computation under its name. */
  private static final class RecordingBackend extends ForwardingArgon2Backend {
    final List<String> calls = new ArrayList<>();

    RecordingBackend(Argon2Backend delegate) {
      super(delegate);
    }

    @Override
    public synchronized byte[] rawHash(
        Argon2Params params,
        byte[] password,
        byte[] salt,
        byte @Nullable [] secret,
        byte @Nullable [] associatedData) {
      calls.add(name());
      return super.rawHash(params, password, salt, secret, associatedData);
    }
  }
}
