package dev.portcullis.auth.password;

import static dev.portcullis.auth.PasswordRefusal.BLOCKLISTED;
import static dev.portcullis.auth.PasswordRefusal.CONTAINS_CONTEXT_WORD;
import static dev.portcullis.auth.PasswordRefusal.CONTAINS_USERNAME;
import static dev.portcullis.auth.PasswordRefusal.INVALID_UNICODE;
import static dev.portcullis.auth.PasswordRefusal.REPETITIVE;
import static dev.portcullis.auth.PasswordRefusal.SEQUENTIAL;
import static dev.portcullis.auth.PasswordRefusal.TOO_LONG;
import static dev.portcullis.auth.PasswordRefusal.TOO_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.PasswordRefusal;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.InputLimits;
import dev.portcullis.auth.config.PasswordPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PasswordPolicyCheckerTest {

  private static final PasswordPolicyChecker DEFAULTS =
      new PasswordPolicyChecker(
          PasswordPolicy.defaults(), InputLimits.defaults(), CommonPasswords.bundled());

  private static final PasswordPolicyChecker SERVICE =
      new PasswordPolicyChecker(
          new PasswordPolicy(15, List.of("Portcullis", "acme")),
          new InputLimits(64, 256),
          CommonPasswords.bundled());

  private static Set<PasswordRefusal> check(String password) {
    return DEFAULTS.check("alice", password.toCharArray());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "correct horse battery staple",
        "Tr0ub4dor&3",
        "zq8!mwp3Lk",
        "pässwörd-пароль-🔐",
        "1 2 3 4 5 6 7 8", // no composition rules, and spaces are characters
        "lowercase letters only"
      })
  void check_acceptableToNistAndAsvs_isAccepted(String password) {
    assertThat(check(password)).isEmpty();
  }

  @Test
  void check_lengthIsCountedInCodePointsAfterNfc() {
    String decomposedE = "e\u0301"; // two chars, one character after NFC
    assertThat(check(decomposedE.repeat(7) + "x")).doesNotContain(TOO_SHORT);
    assertThat(check(decomposedE.repeat(3) + "xyz!")).contains(TOO_SHORT); // 7 code points
    assertThat(check("🔐🔑🗝🚪🧱🏰🛡")).as("7 code points in 14 chars").contains(TOO_SHORT);
    assertThat(check("🔐🔑🗝🚪🧱🏰🛡⚔")).doesNotContain(TOO_SHORT);
  }

  @Test
  void check_neverTrims() {
    assertThat(check(" qz8!mw ")).as("8 with the spaces").doesNotContain(TOO_SHORT);
    assertThat(check("qz8!mw ")).contains(TOO_SHORT);
  }

  @Test
  void check_minimumIsConfigurable() {
    assertThat(SERVICE.check("bob", "zq8!mwp3Lk-x9v".toCharArray())).containsExactly(TOO_SHORT);
    assertThat(SERVICE.check("bob", "zq8!mwp3Lk-x9v2".toCharArray())).isEmpty();
  }

  @Test
  void check_maximumIsTheInputLimit_inCharsAsSubmitted() {
    assertThat(SERVICE.check("bob", "zq8!mwp3Lk-x9v2".repeat(5).substring(0, 64).toCharArray()))
        .isEmpty();
    assertThat(SERVICE.check("bob", "zq8!mwp3Lk-x9v2".repeat(5).substring(0, 65).toCharArray()))
        .containsExactly(TOO_LONG);
    assertThat(DEFAULTS.maxChars()).isEqualTo(1024);
    assertThat(SERVICE.minCodePoints()).isEqualTo(15);
  }

  @Test
  void check_invalidUnicode_isRefused() {
    assertThat(DEFAULTS.check("alice", new char[] {'s', 'e', 'c', 'r', 'e', 't', '!', '\uDC00'}))
        .containsExactly(INVALID_UNICODE);
  }

  @Test
  void check_emptyPassword_isTooShort() {
    assertThat(check("")).containsExactly(TOO_SHORT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "PASSWORD", "iloveyou", "P@ssw0rd", "baseball1", "trustno1"})
  void check_commonPassword_isBlocklisted(String password) {
    assertThat(check(password)).contains(BLOCKLISTED);
  }

  @Test
  void check_blocklistIsTheWholePasswordOnly() {
    assertThat(check("password-for-my-bank")).doesNotContain(BLOCKLISTED);
    assertThat(check("password ")).doesNotContain(BLOCKLISTED);
  }

  @Test
  void check_username_isRefusedAnywhereInThePassword_ignoringCase() {
    assertThat(check("myALICEpass!")).containsExactly(CONTAINS_USERNAME);
    assertThat(DEFAULTS.check("alice@example.com", "zz-Alice-1987".toCharArray()))
        .as("the local part of an e-mail username")
        .containsExactly(CONTAINS_USERNAME);
    assertThat(DEFAULTS.check("alice@example.com", "alice@example.com".toCharArray()))
        .contains(CONTAINS_USERNAME);
  }

  @Test
  void check_shortUsername_onlyCountsAsTheWholePassword() {
    assertThat(DEFAULTS.check("al", "totally-algebraic".toCharArray())).isEmpty();
    assertThat(DEFAULTS.check("Zq8", "zQ8".toCharArray()))
        .containsExactly(TOO_SHORT, CONTAINS_USERNAME);
  }

  @Test
  void check_contextWords_areRefusedAnywhere_ignoringCase() {
    assertThat(SERVICE.check("bob", "my-portcullis-login".toCharArray()))
        .containsExactly(CONTAINS_CONTEXT_WORD);
    assertThat(SERVICE.check("bob", "ACME-staff-wifi-2026".toCharArray()))
        .containsExactly(CONTAINS_CONTEXT_WORD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aaaaaaaa", "ZZZZZZZZZZZZ", "abababab", "abcabcabc", "aaaa1111", "€€€€€€€€"})
  void check_repetitions_areRepetitive(String password) {
    assertThat(check(password)).contains(REPETITIVE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12345678", "87654321", "abcdefgh", "ZYXWVUTS", "1234abcd", "qwertyui", "poiuytrewq",
        "asdfghjkl;", "qwertasdfg", "abcd4321", "αβγδεζηθ"
      })
  void check_sequences_areSequential(String password) {
    assertThat(check(password)).contains(SEQUENTIAL).doesNotContain(REPETITIVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcdefgh1", "aaaaaaa9x", "12345678x0", "qwertyui-7"})
  void check_runsWithSomethingElse_areNotPatterns(String password) {
    assertThat(check(password)).doesNotContain(REPETITIVE, SEQUENTIAL);
  }

  @Test
  void check_listsEveryReason() {
    assertThat(check("alice")).containsExactly(TOO_SHORT, BLOCKLISTED, CONTAINS_USERNAME);
    assertThat(check("1234")).containsExactly(TOO_SHORT, BLOCKLISTED, SEQUENTIAL);
    assertThat(SERVICE.check("aaaa", "aaaaaaaa".toCharArray()))
        .containsExactly(TOO_SHORT, BLOCKLISTED, CONTAINS_USERNAME, REPETITIVE);
  }

  @Test
  void check_doesNotModifyTheCallersPassword() {
    char[] password = "Cafe\u0301-Zq8!mw".toCharArray();
    char[] copy = password.clone();

    DEFAULTS.check("alice", password);

    assertThat(password).isEqualTo(copy);
  }

  @Test
  void of_readsTheConfigsPolicyAndLimit() {
    AuthConfig config =
        AuthConfig.builder()
            .revision("r1")
            .hashing(HashingPolicy.argon2id(19_456, 2, 1))
            .pepper(PepperPolicy.none())
            .passwordPolicy(new PasswordPolicy(12, List.of("portcullis")))
            .inputLimits(new InputLimits(100, 256))
            .build();

    PasswordPolicyChecker checker = PasswordPolicyChecker.of(config);

    assertThat(checker.minCodePoints()).isEqualTo(12);
    assertThat(checker.maxChars()).isEqualTo(100);
    assertThat(checker.check("bob", "portcullis-rocks".toCharArray()))
        .containsExactly(CONTAINS_CONTEXT_WORD);
  }

  @Test
  void check_nullArguments_areRefusedNamingThem() {
    assertThatThrownBy(() -> DEFAULTS.check(nullOf(String.class), new char[1]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("username");
    assertThatThrownBy(() -> DEFAULTS.check("alice", nullOf(char[].class)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("password");
  }

  @SuppressWarnings({"NullAway", "TypeParameterUnusedInFormals"})
  private static <T> T nullOf(Class<T> type) {
    return null;
  }
}
