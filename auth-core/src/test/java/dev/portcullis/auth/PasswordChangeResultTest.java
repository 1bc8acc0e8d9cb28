package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class PasswordChangeResultTest {

  @Test
  void changed_hasNoRefusals() {
    VerificationResult check = VerificationResult.of(Outcome.SUCCESS, "alice");

    PasswordChangeResult result = PasswordChangeResult.changed(check);

    assertThat(result.changed()).isTrue();
    assertThat(result.refusals()).isEmpty();
    assertThat(result.currentPasswordCheck()).containsSame(check);
    assertThat(PasswordChangeResult.changed(null).currentPasswordCheck()).isEmpty();
  }

  @Test
  void refused_listsTheReasonsInDeclarationOrder_andCannotBeChanged() {
    EnumSet<PasswordRefusal> reasons =
        EnumSet.of(PasswordRefusal.SEQUENTIAL, PasswordRefusal.TOO_SHORT);

    PasswordChangeResult result = PasswordChangeResult.refused(reasons, null);
    reasons.add(PasswordRefusal.BLOCKLISTED);

    assertThat(result.changed()).isFalse();
    assertThat(result.refusals())
        .containsExactly(PasswordRefusal.TOO_SHORT, PasswordRefusal.SEQUENTIAL);
    assertThatThrownBy(() -> result.refusals().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(result).hasToString("PasswordChangeResult[refused: TOO_SHORT, SEQUENTIAL]");
  }

  @Test
  void refused_withoutAReason_isAProgrammingError() {
    assertThatThrownBy(() -> PasswordChangeResult.refused(Set.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_neverNamesTheUser() {
    VerificationResult check = VerificationResult.of(Outcome.BAD_PASSWORD, "alice");

    assertThat(
            PasswordChangeResult.refused(Set.of(PasswordRefusal.CURRENT_PASSWORD_WRONG), check)
                .toString())
        .doesNotContain("alice");
  }

  @Test
  void everyRefusal_hasADescriptionForTheUser() {
    for (PasswordRefusal refusal : PasswordRefusal.values()) {
      assertThat(refusal.description()).as("a sentence starting lower-case").matches("[a-z].+");
    }
  }
}
