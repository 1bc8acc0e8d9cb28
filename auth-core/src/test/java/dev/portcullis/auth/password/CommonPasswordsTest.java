package dev.portcullis.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

final class CommonPasswordsTest {

  private static CommonPasswords list(String text, int top) throws IOException {
    return CommonPasswords.fromRankedList(new BufferedReader(new StringReader(text)), top, "test");
  }

  @Test
  void bundled_isNbvcxzsRankedList_wellAboveTheAsvsFloor() {
    CommonPasswords bundled = CommonPasswords.bundled();

    // 100,000 ranked lines, fewer once "Password" and "password" are one entry
    assertThat(bundled.size()).isBetween(90_000, CommonPasswords.RANKED_ENTRIES);
    assertThat(bundled.source()).contains("nbvcxz").contains("top 100000");
    assertThat(CommonPasswords.bundled()).isSameAs(bundled);
  }

  @Test
  void bundled_holdsTheMostCommonPasswords_ignoringCase() {
    CommonPasswords bundled = CommonPasswords.bundled();

    assertThat(bundled.contains("123456")).isTrue();
    assertThat(bundled.contains("password")).isTrue();
    assertThat(bundled.contains("PassWord")).isTrue();
    assertThat(bundled.contains("iloveyou")).isTrue();
    assertThat(bundled.contains("P@ssw0rd")).isTrue();
    assertThat(bundled.contains("p@SSW0RD")).isTrue();
  }

  @Test
  void contains_isAnExactMatchOfTheWholePassword() {
    CommonPasswords bundled = CommonPasswords.bundled();

    assertThat(bundled.contains("password ")).as("never trimmed").isFalse();
    assertThat(bundled.contains(" password")).isFalse();
    assertThat(bundled.contains("passwordx")).as("no prefix match").isFalse();
    assertThat(bundled.contains("xpasswordx")).as("no substring match").isFalse();
    assertThat(bundled.contains("Tr0ub4dor&3 and a horse")).isFalse();
    assertThat(bundled.contains("")).isFalse();
  }

  @Test
  void fromRankedList_takesTheTopEntries_foldedAndDeduplicated() throws IOException {
    CommonPasswords list = list("Dragon\r\nDRAGON\r\n\r\nmonkey\r\nshadow\r\n", 3);

    assertThat(list.size()).isEqualTo(2);
    assertThat(list.contains("dragon")).isTrue();
    assertThat(list.contains("MONKEY")).isTrue();
    assertThat(list.contains("shadow")).as("beyond the top 3").isFalse();
  }

  @Test
  void fromRankedList_normalizesEntriesToNfc() throws IOException {
    CommonPasswords list = list("cafe\u0301\n", 1);

    assertThat(list.contains("caf\u00e9")).isTrue();
    assertThat(list.contains("CAFE\u0301")).isTrue();
  }

  @Test
  void fromRankedList_tooShort_isRefusedNamingTheCounts() {
    assertThatThrownBy(() -> list("one\ntwo\n", 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the common-password list test holds 2 entries, 3 were expected");
  }

  @Test
  void toString_namesTheSourceAndSize() throws IOException {
    assertThat(list("a\nb\n", 2)).hasToString("CommonPasswords[test, top 2, 2 distinct]");
  }
}
