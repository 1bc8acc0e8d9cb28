package dev.portcullis.auth.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.Secret;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 4231 known answers, and one key object per secret. */
final class HmacSha256Test {

  private static final Secret JEFE = Secret.of("Jefe".getBytes(US_ASCII), "test:jefe");
  private static final byte[] DATA = "what do ya want for nothing?".getBytes(US_ASCII);
  /** RFC 4231 section 4.3, test case 2. */
  private static final String EXPECTED =
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

  @Test
  void mac_underASecret_isRfc4231sAnswer() {
    assertThat(HexFormat.of().formatHex(HmacSha256.mac(JEFE, DATA))).isEqualTo(EXPECTED);
    assertThat(HexFormat.of().formatHex(HmacSha256.mac(JEFE, DATA))).isEqualTo(EXPECTED);
    assertThat(HexFormat.of().formatHex(HmacSha256.mac("Jefe".getBytes(US_ASCII), DATA)))
        .isEqualTo(EXPECTED);
  }

  @Test
  void keyFor_isOneKeyObjectPerSecret() {
    Secret other = Secret.of(new byte[32], "test:zero");

    assertThat(HmacSha256.keyFor(JEFE)).isSameAs(HmacSha256.keyFor(JEFE));
    assertThat(HmacSha256.keyFor(other)).isNotSameAs(HmacSha256.keyFor(JEFE));
  }
}
