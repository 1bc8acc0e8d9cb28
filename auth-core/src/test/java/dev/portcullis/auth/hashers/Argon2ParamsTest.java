package dev.portcullis.auth.hashers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashingPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class Argon2ParamsTest {

  private static final Argon2Variant ID = Argon2Variant.ARGON2ID;

  @Test
  void constructor_rfc9106Minimum_isAccepted() {
    Argon2Params params = new Argon2Params(ID, 0x10, 1, 8, 1, 4);

    assertThat(params.memoryKib()).isEqualTo(8);
    assertThat(params.tagBytes()).isEqualTo(4);
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of(new int[] {0x12, 2, 1024, 1, 32}, "version was 18, allowed are 16 and 19"),
        Arguments.of(new int[] {0x13, 0, 1024, 1, 32}, "iterations was 0, must be at least 1"),
        Arguments.of(new int[] {0x13, 2, 1024, 0, 32}, "parallelism was 0, allowed is 1"),
        Arguments.of(
            new int[] {0x13, 2, 1 << 30, 0x100_0000, 32}, "parallelism was 16777216, allowed"),
        Arguments.of(
            new int[] {0x13, 2, 31, 4, 32}, "memoryKib was 31, must be at least 8 per lane (p=4)"),
        Arguments.of(new int[] {0x13, 2, 1024, 1, 3}, "tagBytes was 3, must be at least 4"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("outOfRange")
  void constructor_outOfRange_throwsNamingTheParameterAndValue(int[] values, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new Argon2Params(ID, values[0], values[1], values[2], values[3], values[4]))
        .withMessageContaining(message);
  }

  @Test
  @SuppressWarnings("NullAway") // the null is the point of the test
  void constructor_nullVariant_throwsNamingIt() {
    assertThatNullPointerException()
        .isThrownBy(() -> new Argon2Params(null, 0x13, 2, 1024, 1, 32))
        .withMessage("variant");
  }

  @Test
  void of_policy_isArgon2idVersion19WithThePolicysCostsAndTag() {
    Argon2idPolicy policy = new Argon2idPolicy(19_456, 2, 1, 16, 64);

    assertThat(Argon2Params.of(policy))
        .isEqualTo(new Argon2Params(ID, Argon2Hash.VERSION_19, 2, 19_456, 1, 64));
    assertThat(Argon2Params.of(HashingPolicy.argon2id(47_104, 1, 1)).tagBytes())
        .isEqualTo(Argon2idPolicy.DEFAULT_TAG_BYTES);
  }

  @Test
  void toString_namesTheParametersAsTheReferenceToolDoes() {
    assertThat(new Argon2Params(Argon2Variant.ARGON2I, 0x10, 3, 4096, 2, 32))
        .hasToString("argon2i v=16 m=4096 t=3 p=2");
  }
}
