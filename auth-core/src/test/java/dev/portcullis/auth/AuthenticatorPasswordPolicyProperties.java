package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.password.PasswordPolicyChecker;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.text.Normalizer;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * setPassword and changePassword over generated passwords, on the real engine: whatever the
 * policy accepts is stored and then verifies in every normal form it may be typed in; whatever it
 * refuses is not stored at all; and a change to the same text in another normal form is refused.
 */
final class AuthenticatorPasswordPolicyProperties {

  private final InMemoryCredentialStore store = new InMemoryCredentialStore();
  private final Authenticator auth = Authenticator.create(TestConfigs.fast(), store);
  private final PasswordPolicyChecker checker = PasswordPolicyChecker.of(auth.config());

  @AfterProperty
  void close() {
    auth.close();
  }

  /**
   * Mostly plausible passwords: ASCII, accented Latin typed precomposed or as a letter plus a
   * combining mark (so NFC changes the text), Cyrillic and emoji; and some common ones.
   */
  @Provide
  Arbitrary<String> passwords() {
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            Tuple.of(50, Arbitraries.integers().between(0x21, 0x7e).map(Character::toString)),
            Tuple.of(10, Arbitraries.just(" ")),
            Tuple.of(10, Arbitraries.integers().between(0xc0, 0xff).map(Character::toString)),
            Tuple.of(15, Arbitraries.of("e\u0301", "a\u0300", "o\u0308", "n\u0303", "c\u0327")),
            Tuple.of(10, Arbitraries.integers().between(0x430, 0x44f).map(Character::toString)),
            Tuple.of(5, Arbitraries.integers().between(0x1f600, 0x1f64f).map(Character::toString)));
    Arbitrary<String> generated =
        piece.list().ofMinSize(5).ofMaxSize(24).map(pieces -> String.join("", pieces));
    return Arbitraries.frequencyOf(
        Tuple.of(4, generated),
        Tuple.of(1, Arbitraries.of("password", "12345678", "aaaaaaaa", "user-one-secret")));
  }

  private static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  private static String nfd(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD);
  }

  @Property(tries = 300)
  void setPassword_storesExactlyWhatThePolicyAccepts_andItVerifiesInEveryForm(
      @ForAll("passwords") String password) {
    store.delete("user-one");

    PasswordChangeResult result = auth.setPassword("user-one", password.toCharArray());

    Set<PasswordRefusal> expected = checker.check("user-one", password.toCharArray());
    Statistics.label("changed").collect(result.changed());
    Statistics.label("refusals").collect(result.refusals().toString());
    Statistics.label("non-NFC input").collect(!nfc(password).equals(password));
    assertThat(result.refusals()).isEqualTo(expected);
    if (result.changed()) {
      assertThat(auth.verify("user-one", password.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      assertThat(auth.verify("user-one", nfc(password).toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      assertThat(auth.verify("user-one", nfd(password).toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
    } else {
      assertThat(store.find("user-one")).isEmpty();
    }
  }

  @Property(tries = 200)
  void changePassword_toTheSameTextInAnyForm_isRefused_toAnotherAcceptedOne_succeeds(
      @ForAll("passwords") String current, @ForAll("passwords") String other, @ForAll boolean same) {
    store.delete("user-two");
    Assume.that(auth.setPassword("user-two", current.toCharArray()).changed());
    String next = same ? nfd(current) : other;
    boolean equalInNfc = nfc(next).equals(nfc(current));
    boolean acceptable = checker.check("user-two", next.toCharArray()).isEmpty();
    Statistics.label("same text").collect(equalInNfc);
    Statistics.label("acceptable").collect(acceptable);

    PasswordChangeResult result =
        auth.changePassword("user-two", current.toCharArray(), next.toCharArray());

    assertThat(result.refusals().contains(PasswordRefusal.SAME_AS_CURRENT)).isEqualTo(equalInNfc);
    assertThat(result.changed()).isEqualTo(acceptable && !equalInNfc);
    String nowValid = result.changed() ? next : current;
    assertThat(auth.verify("user-two", nowValid.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }
}
