package dev.portcullis.auth.hashers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2BackendSelection.Candidate;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which backends serve when some cannot load, and what the hasher's name says about it. */
final class Argon2BackendSelectionTest {

  private static final Candidate NO_NATIVE =
      new Candidate("portcullis-argon2", () -> {
        throw new UnsatisfiedLinkError("no build of portcullis-argon2 for darwin-aarch64");
      }, true);
  private static final Candidate LIBSODIUM =
      new Candidate("libsodium", LibsodiumArgon2Backend::new, false);
  private static final Candidate ARGON2_JVM =
      new Candidate("argon2-jvm", Argon2JvmBackend::new, true);
  private static final Candidate ARGON2_JVM_ABSENT =
      new Candidate("argon2-jvm", () -> {
        throw new NoClassDefFoundError("de/mkammerer/argon2/Argon2Factory");
      }, true);

  /** From argon2-reference.tsv: "password" under two lanes, which libsodium cannot compute. */
  private static final String TWO_LANES =
      "$argon2id$v=19$m=512,t=1,p=2$YS1sb25nZXItc2FsdC1vZi0zMi1jaGFyYWN0ZXJzISE$Kn1qMQ8B6cdU9s3737XR1Q";

  @Test
  void select_nativeLoads_loadsNothingElse() {
    NativeArgon2Library.backend();

    Argon2BackendSelection selection =
        Argon2BackendSelection.select(Argon2BackendSelection.defaultCandidates());

    assertThat(selection.backend().components()).hasSize(1);
    assertThat(selection.backend().name()).startsWith("portcullis-argon2/");
    assertThat(selection.summary())
        .endsWith("; libsodium not loaded: not needed; argon2-jvm not loaded: not needed");
    assertThat(selection.computesEveryHash()).isTrue();
  }

  @Test
  void select_noNative_runsLibsodiumInFrontOfArgon2JvmAndSaysWhy() {
    Argon2BackendSelection selection =
        Argon2BackendSelection.select(List.of(NO_NATIVE, LIBSODIUM, ARGON2_JVM));

    assertThat(selection.backend().name()).isEqualTo("libsodium+argon2-jvm");
    assertThat(selection.summary())
        .isEqualTo(
            "libsodium+argon2-jvm; portcullis-argon2 could not load: no build of"
                + " portcullis-argon2 for darwin-aarch64");
    assertThat(selection.computesEveryHash()).isTrue();
  }

  @Test
  void select_noNativeAndArgon2JvmAbsent_libsodiumServesAndTheRestIsUnsupported()
      throws UnverifiableHashException {
    Argon2BackendSelection selection =
        Argon2BackendSelection.select(List.of(NO_NATIVE, LIBSODIUM, ARGON2_JVM_ABSENT));
    Argon2Hasher hasher = new Argon2Hasher(selection.backend(), new SecureRandom());

    assertThat(selection.summary())
        .contains("argon2-jvm not on the class path")
        .endsWith("hashes libsodium cannot compute are unsupported");
    assertThat(selection.computesEveryHash()).isFalse();
    String written = hasher.hash(bytes("password"), HashingPolicy.argon2id(64, 1, 1));
    assertThat(hasher.verify(bytes("password"), written, HashParameterCaps.defaults())).isTrue();
    assertThatThrownBy(() -> hasher.verify(bytes("password"), TWO_LANES,
            HashParameterCaps.defaults()))
        .isInstanceOfSatisfying(
            UnverifiableHashException.class,
            e -> assertThat(e.reason()).isEqualTo(UnverifiableHashException.Reason.UNSUPPORTED))
        .hasMessageContaining("p=2");
  }

  @Test
  void select_nothingLoads_throwsNamingEveryCause() {
    assertThatThrownBy(() -> Argon2BackendSelection.select(List.of(NO_NATIVE, ARGON2_JVM_ABSENT)))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining("darwin-aarch64")
        .hasMessageContaining("argon2-jvm not on the class path");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
