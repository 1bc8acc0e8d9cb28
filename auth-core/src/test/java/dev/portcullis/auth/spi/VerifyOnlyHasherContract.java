package dev.portcullis.auth.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every verify-only {@link PasswordHasher} (a legacy scheme Portcullis never writes) must do.
 * {@link PasswordHasherContract} assumes the hasher writes the hashes it then verifies; a
 * verify-only hasher gets known answers written by the tools of its ecosystem instead.
 *
 * <p>Not named {@code *Test}: the build runs it only through its subclasses. Published in
 * auth-core's test jar.
 */
public abstract class VerifyOnlyHasherContract {

  /** A known answer: an encoded hash written by a reference tool, and its password. */
  public record KnownAnswer(String password, String encoded) {}

  /** The hasher under test. */
  protected abstract PasswordHasher hasher();

  /** Hashes written by the reference tools, cheap to verify, at least one per scheme id. */
  protected abstract List<KnownAnswer> knownAnswers();

  protected HashParameterCaps caps() {
    return HashParameterCaps.defaults();
  }

  @Test
  void verify_knownAnswers_matchTheirPasswordOnly() throws UnverifiableHashException {
    for (KnownAnswer answer : knownAnswers()) {
      String password = answer.password();
      String wrong = (password.charAt(0) == 'x' ? "y" : "x") + password.substring(1);

      assertThat(hasher().verify(utf8(password), answer.encoded(), caps()))
          .as(answer.encoded()).isTrue();
      assertThat(hasher().verify(utf8(wrong), answer.encoded(), caps()))
          .as(answer.encoded()).isFalse();
    }
  }

  @Test
  protected void knownAnswers_carrySchemeIdsTheHasherClaims() {
    for (KnownAnswer answer : knownAnswers()) {
      assertThat(PasswordHashers.schemeIdOf(answer.encoded()))
          .hasValueSatisfying(id -> assertThat(hasher().schemeIds()).contains(id));
    }
    assertThat(knownAnswers().stream().map(a -> PasswordHashers.schemeIdOf(a.encoded())).distinct())
        .as("a known answer for every scheme id")
        .hasSameSizeAs(hasher().schemeIds());
  }

  @Test
  void verify_leavesThePasswordBytesAlone() throws UnverifiableHashException {
    KnownAnswer answer = knownAnswers().get(0);
    byte[] password = utf8(answer.password());
    byte[] copy = password.clone();

    hasher().verify(password, answer.encoded(), caps());

    assertThat(password).isEqualTo(copy);
  }

  @Test
  void writing_isNeverSupported() {
    HashingPolicy[] policies = {
      HashingPolicy.argon2id(19_456, 2, 1), HashingPolicy.pbkdf2Sha256(600_000), () -> "2b"
    };
    for (HashingPolicy policy : policies) {
      assertThat(hasher().supports(policy)).isFalse();
      assertThatIllegalArgumentException().isThrownBy(() -> hasher().hash(utf8("pw"), policy));
      assertThat(hasher().needsRehash(knownAnswers().get(0).encoded(), policy)).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"$", "", "not a hash", "$$", " ", "$argon2id$", "{bcrypt}", "{}", "$5$"})
  void verify_garbage_throwsUnverifiableHashExceptionOnly(String garbage) {
    assertUnverifiable(garbage);
  }

  @Test
  void verify_knownAnswerCutBeforeItsLastField_throwsUnverifiableHashExceptionOnly() {
    for (KnownAnswer answer : knownAnswers()) {
      String encoded = answer.encoded();
      int lastField = Math.max(encoded.lastIndexOf('$'), encoded.lastIndexOf('}')) + 1;
      for (int end = 0; end <= lastField; end++) {
        assertUnverifiable(encoded.substring(0, end));
      }
    }
  }

  @Test
  void verify_knownAnswerWithTrailingGarbage_throwsUnverifiableHashExceptionOnly() {
    for (KnownAnswer answer : knownAnswers()) {
      for (String suffix : List.of("$", "$x", " ", "\n", "=", "!")) {
        assertUnverifiable(answer.encoded() + suffix);
      }
    }
  }

  @Test
  void selfTest_passes() {
    assertThatCode(() -> hasher().selfTest()).doesNotThrowAnyException();
  }

  @Test
  void nameAndSchemeIds_areNotEmpty() {
    assertThat(hasher().name()).isNotBlank();
    assertThat(hasher().schemeIds()).isNotEmpty().allSatisfy(id -> assertThat(id).isNotBlank());
    assertThat(hasher().toString()).isEqualTo(hasher().name());
  }

  @Test
  void checkEncoded_knownAnswers_pass() {
    for (KnownAnswer answer : knownAnswers()) {
      assertThatCode(() -> hasher().checkEncoded(answer.encoded(), caps()))
          .as(answer.encoded())
          .doesNotThrowAnyException();
    }
  }

  /**
   * Verifying {@code encoded} throws {@link UnverifiableHashException} and nothing else, with a
   * message that repeats neither the hash's last field nor the password; {@link
   * PasswordHasher#checkEncoded} refuses it too, for the same reason (the preflight inventory
   * relies on it to find hashes no login can verify).
   */
  protected final UnverifiableHashException assertUnverifiable(String encoded) {
    return assertUnverifiable(encoded, caps());
  }

  /** As {@link #assertUnverifiable(String)}, under {@code caps}. */
  protected final UnverifiableHashException assertUnverifiable(
      String encoded, HashParameterCaps caps) {
    UnverifiableHashException e =
        catchThrowableOfType(
            UnverifiableHashException.class,
            () -> hasher().verify(utf8("secret-password"), encoded, caps));
    assertThat(e).as("verifying %s", encoded).isNotNull();
    UnverifiableHashException checked =
        catchThrowableOfType(
            UnverifiableHashException.class, () -> hasher().checkEncoded(encoded, caps));
    assertThat(checked).as("checkEncoded of %s", encoded).isNotNull();
    assertThat(checked.reason()).as("checkEncoded of %s", encoded).isEqualTo(e.reason());
    String message = String.valueOf(e.getMessage());
    assertThat(message).doesNotContain("secret-password");
    int separator = Math.max(encoded.lastIndexOf('$'), encoded.lastIndexOf('}'));
    String lastField = encoded.substring(separator + 1);
    // a prefix without a separator is a scheme name being cut, not hash material
    if (separator >= 0 && lastField.length() >= 8) {
      assertThat(message).as("message for %s", encoded).doesNotContain(lastField);
    }
    return e;
  }

  protected static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
