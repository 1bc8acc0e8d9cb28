package dev.portcullis.auth.hashers;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Differential tests: Portcullis's own Argon2, on every kernel, computes the same tags as
 * argon2-jvm's libargon2 (the reference C code) over random variants, versions, costs, lanes,
 * tag lengths, passwords, salts, secrets and associated data, and the same as libsodium on every
 * shape libsodium computes. Sizes stay modest (m up to 512 KiB) so that thousands of cases run
 * in seconds.
 */
final class NativeArgon2BackendProperties {

  private static final Argon2JvmBackend ARGON2_JVM = new Argon2JvmBackend();
  private static final LibsodiumArgon2Backend LIBSODIUM = new LibsodiumArgon2Backend();

  /** One computation's inputs. */
  record Input(
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData) {}

  @Property(tries = 2000)
  void rawHash_anyRfc9106Input_equalsArgon2Jvm(
      @ForAll("kernels") Argon2Isa isa, @ForAll("anyInput") Input input) {
    Statistics.label("kernel").collect(isa);
    Statistics.label("variant").collect(input.params().variant());
    Statistics.label("version").collect(input.params().version());
    Statistics.label("lanes").collect(input.params().parallelism());
    Statistics.label("secret/data")
        .collect(input.secret() != null, input.associatedData() != null);

    byte[] ours = NativeArgon2Library.backend(isa).rawHash(input.params(), input.password(),
        input.salt(), input.secret(), input.associatedData());
    byte[] reference = ARGON2_JVM.rawHash(input.params(), input.password(), input.salt(),
        input.secret(), input.associatedData());

    assertThat(ours).isEqualTo(reference);
  }

  @Property(tries = 1000)
  void rawHash_anyShapeLibsodiumComputes_equalsLibsodium(
      @ForAll("kernels") Argon2Isa isa, @ForAll("libsodiumInput") Input input) {
    Statistics.label("variant").collect(input.params().variant());

    byte[] ours = NativeArgon2Library.backend(isa).rawHash(input.params(), input.password(),
        input.salt(), null, null);
    byte[] libsodium = LIBSODIUM.rawHash(input.params(), input.password(), input.salt(), null,
        null);

    assertThat(ours).isEqualTo(libsodium);
  }

  @Provide
  Arbitrary<Argon2Isa> kernels() {
    return Arbitraries.of(NativeArgon2Library.kernelsHere());
  }

  @Provide
  Arbitrary<Input> anyInput() {
    Arbitrary<Integer> lanes = Arbitraries.integers().between(1, 4);
    return lanes.flatMap(
        parallelism ->
            Combinators.combine(
                    Combinators.combine(
                        Arbitraries.of(Argon2Variant.class),
                        Arbitraries.of(Argon2Hash.VERSION_16, Argon2Hash.VERSION_19),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(8 * parallelism, 512),
                        Arbitraries.integers().between(4, 160))
                        .as((variant, version, t, m, tag) ->
                            new Argon2Params(variant, version, t, m, parallelism, tag)),
                    bytes(1, 96), // argon2-jvm cannot pass an empty password
                    bytes(8, 48),
                    bytes(1, 32).injectNull(0.5),
                    bytes(1, 32).injectNull(0.5))
                .as(Input::new));
  }

  @Provide
  Arbitrary<Input> libsodiumInput() {
    return Combinators.combine(
            Arbitraries.of(Argon2Variant.ARGON2ID, Argon2Variant.ARGON2I),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(8, 512),
            Arbitraries.integers().between(16, 128),
            bytes(0, 96),
            bytes(16, 16))
        .as(
            (variant, t, m, tag, password, salt) ->
                new Input(
                    new Argon2Params(
                        variant, Argon2Hash.VERSION_19,
                        variant == Argon2Variant.ARGON2I ? Math.max(3, t) : t, m, 1, tag),
                    password,
                    salt,
                    null,
                    null));
  }

  private static Arbitrary<byte[]> bytes(int min, int max) {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
  }
}
