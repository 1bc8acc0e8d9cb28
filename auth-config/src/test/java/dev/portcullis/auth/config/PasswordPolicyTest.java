package dev.portcullis.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PasswordPolicyTest {

  @Test
  void defaults_areTheNistMinimumAndNoContextWords() {
    assertThat(PasswordPolicy.defaults().minCodePoints()).isEqualTo(8);
    assertThat(PasswordPolicy.defaults().contextWords()).isEmpty();
  }

  @Test
  void minCodePoints_from8To64_isAccepted() {
    assertThat(new PasswordPolicy(8, List.of()).minCodePoints()).isEqualTo(8);
    assertThat(PasswordPolicy.defaults().withMinCodePoints(15).minCodePoints()).isEqualTo(15);
    assertThat(PasswordPolicy.defaults().withMinCodePoints(64).minCodePoints()).isEqualTo(64);
  }

  @Test
  void minCodePoints_outside8To64_isRefusedWithTheRange() {
    assertThatThrownBy(() -> new PasswordPolicy(7, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minCodePoints was 7, allowed is 8 to 64");
    assertThatThrownBy(() -> new PasswordPolicy(65, List.of()))
        .hasMessage("minCodePoints was 65, allowed is 8 to 64");
  }

  @Test
  void contextWords_areCopied() {
    List<String> words = new ArrayList<>(List.of("portcullis"));
    PasswordPolicy policy = PasswordPolicy.defaults().withContextWords(words);
    words.add("changed");

    assertThat(policy.contextWords()).containsExactly("portcullis");
    assertThatThrownBy(() -> policy.contextWords().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void contextWords_invalid_areRefusedNamingTheWord() {
    PasswordPolicy policy = PasswordPolicy.defaults();
    assertThatThrownBy(() -> policy.withContextWords(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("context word \" \" is blank");
    assertThatThrownBy(() -> policy.withContextWords(List.of("a,b")))
        .hasMessageContaining("contains a comma");
    assertThatThrownBy(() -> policy.withContextWords(List.of(" acme")))
        .hasMessageContaining("surrounding whitespace");
    assertThatThrownBy(() -> policy.withContextWords(List.of("x".repeat(129))))
        .hasMessageContaining("is 129 characters, at most 128");
    assertThatThrownBy(() -> policy.withContextWords(List.of("Acme", "ACME")))
        .hasMessage("context word \"ACME\" is given twice (ignoring case)");
    assertThatThrownBy(() -> policy.withContextWords(Collections.nCopies(257, "w")))
        .hasMessageContaining("at most 256");
  }

  @Test
  void config_defaultsToTheDefaultPolicy_andShowsItInSettingsAndFingerprint() {
    AuthConfig.Builder builder =
        AuthConfig.builder()
            .revision("r1")
            .hashing(HashingPolicy.argon2id(19_456, 2, 1))
            .pepper(PepperPolicy.none());
    AuthConfig defaults = builder.build();
    AuthConfig strict =
        builder
            .passwordPolicy(new PasswordPolicy(15, List.of("portcullis", "example corp")))
            .build();

    assertThat(defaults.passwordPolicy()).isEqualTo(PasswordPolicy.defaults());
    assertThat(defaults.settings())
        .containsEntry("password.min-code-points", "8")
        .doesNotContainKey("password.context-words");
    assertThat(strict.settings())
        .containsEntry("password.min-code-points", "15")
        .containsEntry("password.context-words", "portcullis, example corp");
    assertThat(strict.describe()).contains("password.min-code-points = 15");
    assertThat(strict.fingerprint()).isNotEqualTo(defaults.fingerprint());
    assertThat(strict.toBuilder().build().passwordPolicy()).isEqualTo(strict.passwordPolicy());
  }
}
