package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class AuthConfigTest {

  private static AuthConfig.Builder complete() {
    return AuthConfig.builder()
        .revision("2026-11-26.1")
        .hashing(HashingPolicy.argon2id(19_456, 2, 1))
        .pepper(PepperPolicy.none());
  }

  private static List<String> keys(ConfigException e) {
    return e.problems().stream().map(ConfigProblem::key).collect(Collectors.toList());
  }

  @Test
  void build_complete_holdsEverySetting() {
    AuthConfig config = complete().build();

    assertThat(config.revision()).isEqualTo("2026-11-26.1");
    assertThat(config.hashing()).isEqualTo(HashingPolicy.argon2id(19_456, 2, 1));
    assertThat(config.pepper().isNone()).isTrue();
    assertThat(config.hashCaps()).isEqualTo(HashParameterCaps.defaults());
    assertThat(config.inputLimits().maxPasswordChars()).isEqualTo(1024);
    assertThat(config.weakHashingReason()).isEmpty();
  }

  @Test
  void build_nothingSet_reportsEveryRequiredSettingAtOnce() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> AuthConfig.builder().build());

    assertThat(keys(e)).containsExactly("revision", "hashing", "pepper");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.reason()).isEqualTo("is required"));
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.value()).isNull());
    assertThat(e.getMessage())
        .startsWith("configuration refused, 3 problems:")
        .contains("revision (code) is missing: is required");
  }

  @Test
  void build_manyProblems_listsThemAllInOneException() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                AuthConfig.builder()
                    .revision("has spaces")
                    .hashing(HashingPolicy.argon2id(8_192, 2, 1))
                    .inputLimits(new InputLimits(32, 256))
                    .build());

    assertThat(keys(e))
        .containsExactly(
            "revision", "hashing.argon2id.memory-kib", "pepper", "input.max-password-chars");
  }

  @Test
  void build_argon2idBelowTheAsvsFloor_isAProblemWithTheFloorInTheHint() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> complete().hashing(HashingPolicy.argon2id(47_103, 1, 1)).build());

    ConfigProblem problem = e.problems().get(0);
    assertThat(problem.key()).isEqualTo("hashing.argon2id.memory-kib");
    assertThat(problem.value()).isEqualTo("47103");
    assertThat(problem.reason()).contains("47104 KiB for t=1");
    assertThat(problem.hint()).contains("m=19456 t=2");
  }

  @Test
  void build_owaspRows_areAccepted() {
    for (Argon2idPolicy row :
        List.of(
            HashingPolicy.argon2id(47_104, 1, 1),
            HashingPolicy.argon2id(19_456, 2, 1),
            HashingPolicy.argon2id(12_288, 3, 1))) {
      assertThat(complete().hashing(row).build().hashing()).isEqualTo(row);
    }
    assertThat(complete().hashing(HashingPolicy.pbkdf2Sha256(600_000)).build()).isNotNull();
    assertThat(complete().hashing(HashingPolicy.pbkdf2Sha512(210_000)).build()).isNotNull();
  }

  @Test
  void build_pbkdf2BelowTheFloor_isAProblem() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> complete().hashing(HashingPolicy.pbkdf2Sha256(599_999)).build());

    assertThat(keys(e)).containsExactly("hashing.pbkdf2.iterations");
  }

  @Test
  void build_weakHashingAllowedWithAReason_isAcceptedAndRecorded() {
    AuthConfig config =
        complete()
            .hashing(HashingPolicy.argon2id(64, 1, 1))
            .allowWeakHashing("integration tests")
            .build();

    assertThat(config.weakHashingReason()).contains("integration tests");
    assertThat(config.toString()).contains("weakHashingAllowedBecause=integration tests");
  }

  @Test
  void build_weakHashingAllowedWithABlankReason_isAProblem() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> complete().hashing(HashingPolicy.argon2id(64, 1, 1)).allowWeakHashing(" ").build());

    assertThat(keys(e)).containsExactly("hashing.allow-weak-reason");
  }

  @Test
  void build_policyBeyondTheCaps_isAProblemBecauseItsHashesCouldNotBeVerified() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                complete()
                    .hashing(HashingPolicy.argon2id(524_288, 2, 1))
                    .build());

    ConfigProblem problem = e.problems().get(0);
    assertThat(problem.key()).isEqualTo("hashing.argon2id.memory-kib");
    assertThat(problem.reason()).contains("hashing.caps.max-argon2-memory-kib = 262144");
  }

  @Test
  void toBuilder_rebuildsAnEqualConfig_andDerivesChanges() {
    AuthConfig original = complete().build();

    AuthConfig changed = original.toBuilder().revision("2026-11-26.2").build();

    assertThat(changed.revision()).isEqualTo("2026-11-26.2");
    assertThat(changed.hashing()).isEqualTo(original.hashing());
    assertThat(original.revision()).isEqualTo("2026-11-26.1");
  }

  @Test
  void setters_rejectNullNamingTheSetting() {
    assertThatThrownBy(() -> AuthConfig.builder().revision(nullOf(String.class)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("revision");
    assertThatThrownBy(() -> AuthConfig.builder().hashing(nullOf(HashingPolicy.class)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("hashing");
  }

  @Test
  void policies_refuseImpossibleParametersNamingThem() {
    assertThatThrownBy(() -> HashingPolicy.argon2id(64, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("iterations was 0, must be at least 1");
    assertThatThrownBy(() -> HashingPolicy.argon2id(15, 1, 2))
        .hasMessageContaining("memoryKib was 15, must be at least 8 per lane");
    assertThatThrownBy(() -> new Argon2idPolicy(19_456, 2, 1, 8, 32))
        .hasMessage("saltBytes was 8, allowed is 16 to 48");
    assertThatThrownBy(() -> new Pbkdf2Policy(Pbkdf2Policy.Digest.SHA256, 600_000, 16, 64))
        .hasMessage("keyBytes was 64, allowed is 16 to 32");
    assertThatThrownBy(() -> new InputLimits(0, 10)).hasMessageContaining("maxPasswordChars");
    assertThatThrownBy(() -> new HashParameterCaps(1, 1, 1, 1, 1, 0))
        .hasMessageContaining("maxHashBytes was 0");
  }

  @Test
  void configException_withoutProblems_isAProgrammingError() {
    assertThatThrownBy(() -> new ConfigException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @SuppressWarnings({"NullAway", "TypeParameterUnusedInFormals"})
  private static <T> T nullOf(Class<T> type) {
    return null;
  }
}
