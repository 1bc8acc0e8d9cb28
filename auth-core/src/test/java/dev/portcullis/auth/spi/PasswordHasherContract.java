package dev.portcullis.auth.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link PasswordHasher} must do, whoever wrote it. A hasher's test class extends this
 * and says which hasher and which (fast) policy to use:
 *
 * <pre>{@code
 * final class MyHasherContractTest extends PasswordHasherContract {
 *   @Override protected PasswordHasher hasher() { return new MyHasher(); }
 *   @Override protected HashingPolicy policy() { return new MyPolicy(...); }
 * }
 * }</pre>
 *
 * <p>Not named {@code *Test}: the build runs it only through its subclasses. Published in
 * auth-core's test jar so that hashers in other modules run the same suite.
 */
public abstract class PasswordHasherContract {

  /** The hasher under test; may return the same instance every time (hashers are thread-safe). */
  protected abstract PasswordHasher hasher();

  /** A policy the hasher supports; pick cheap parameters, the suite hashes a few dozen times. */
  protected abstract HashingPolicy policy();

  /** The caps verification runs under; the defaults unless the hasher needs others. */
  protected HashParameterCaps caps() {
    return HashParameterCaps.defaults();
  }

  /**
   * Whether the hasher hashes and verifies the empty password. The engine never passes one (it is
   * malformed input), so a hasher may refuse it instead, but only with an {@link
   * IllegalArgumentException} from both {@code hash} and {@code verify}, and says so in its
   * javadoc.
   */
  protected boolean acceptsEmptyPassword() {
    return true;
  }

  @Test
  void hash_thenVerifyTheSamePassword_isTrue() throws UnverifiableHashException {
    String encoded = hasher().hash(utf8("correct horse battery staple"), policy());

    assertThat(hasher().verify(utf8("correct horse battery staple"), encoded, caps())).isTrue();
  }

  @Test
  void verify_wrongPassword_isFalse() throws UnverifiableHashException {
    String encoded = hasher().hash(utf8("correct horse battery staple"), policy());

    assertThat(hasher().verify(utf8("correct horse battery stapla"), encoded, caps())).isFalse();
    assertThat(hasher().verify(utf8("Correct horse battery staple"), encoded, caps())).isFalse();
    assertThat(hasher().verify(utf8("correct horse battery staple "), encoded, caps())).isFalse();
    if (acceptsEmptyPassword()) {
      assertThat(hasher().verify(new byte[0], encoded, caps())).isFalse();
    }
  }

  @Test
  void hash_emptyPassword_roundTripsOrIsRefusedAsDocumented() throws UnverifiableHashException {
    String other = hasher().hash(utf8("x"), policy());
    if (acceptsEmptyPassword()) {
      String encoded = hasher().hash(new byte[0], policy());

      assertThat(hasher().verify(new byte[0], encoded, caps())).isTrue();
      assertThat(hasher().verify(utf8("x"), encoded, caps())).isFalse();
      assertThat(hasher().verify(new byte[0], other, caps())).isFalse();
    } else {
      assertThatIllegalArgumentException().isThrownBy(() -> hasher().hash(new byte[0], policy()));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> hasher().verify(new byte[0], other, caps()));
    }
  }

  static Stream<Arguments> unusualPasswords() {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] long1000 = new byte[1000];
    Arrays.fill(long1000, (byte) 'x');
    long1000[999] = 'y';
    return Stream.of(
        Arguments.of("1 byte", new byte[] {'a'}),
        Arguments.of("1000 bytes", long1000),
        Arguments.of("non-ASCII (NFC)", utf8("pässwörd Ωμέγα пароль 密码 🔒")),
        Arguments.of("non-ASCII (NFD)", utf8("pa\u0308ssw\u00f6rd")),
        Arguments.of("NUL bytes inside", new byte[] {0, 'a', 0, 0, 'b'}),
        Arguments.of("every byte value", everyByte));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusualPasswords")
  void hash_unusualPassword_roundTripsAndDiffersByOneByte(String description, byte[] password)
      throws UnverifiableHashException {
    String encoded = hasher().hash(password.clone(), policy());

    assertThat(hasher().verify(password.clone(), encoded, caps())).as(description).isTrue();
    // Not a NUL byte: HMAC pads keys with zeros, so PBKDF2 cannot tell "pw" from "pw\0".
    byte[] longer = Arrays.copyOf(password, password.length + 1);
    longer[password.length] = 'x';
    assertThat(hasher().verify(longer, encoded, caps())).as(description + " plus x").isFalse();
    if (password.length > 1 || acceptsEmptyPassword()) {
      byte[] shorter = Arrays.copyOf(password, password.length - 1);
      assertThat(hasher().verify(shorter, encoded, caps())).as(description + " cut").isFalse();
    }
    byte[] changed = password.clone();
    changed[password.length - 1] ^= 0x01;
    assertThat(hasher().verify(changed, encoded, caps())).as(description + " changed").isFalse();
  }

  @Test
  void verify_passwordCutAtANulByte_isFalse() throws UnverifiableHashException {
    String encoded = hasher().hash(new byte[] {'a', 'b', 0, 'c'}, policy());

    assertThat(hasher().verify(new byte[] {'a', 'b'}, encoded, caps())).isFalse();
    assertThat(hasher().verify(new byte[] {'a', 'b', 0}, encoded, caps())).isFalse();
  }

  @Test
  void hashAndVerify_leaveThePasswordBytesAlone() throws UnverifiableHashException {
    byte[] password = utf8("do not touch");
    byte[] copy = password.clone();

    String encoded = hasher().hash(password, policy());
    assertThat(password).isEqualTo(copy);
    hasher().verify(password, encoded, caps());

    assertThat(password).isEqualTo(copy);
  }

  @Test
  void hash_samePasswordTwice_differs() {
    String first = hasher().hash(utf8("same"), policy());
    String second = hasher().hash(utf8("same"), policy());

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void hash_carriesASchemeIdTheHasherClaims() {
    String encoded = hasher().hash(utf8("pw"), policy());

    assertThat(PasswordHashers.schemeIdOf(encoded))
        .hasValueSatisfying(id -> assertThat(hasher().schemeIds()).contains(id));
    assertThat(PasswordHashers.schemeIdOf(encoded)).hasValue(policy().schemeId());
  }

  @Test
  void needsRehash_hashWrittenUnderThePolicy_isFalse() {
    String encoded = hasher().hash(utf8("pw"), policy());

    assertThat(hasher().needsRehash(encoded, policy())).isFalse();
  }

  @Test
  void supports_thePolicy_isTrue() {
    assertThat(hasher().supports(policy())).isTrue();
  }

  @Test
  void hash_policyOfAnotherScheme_isRefused() {
    HashingPolicy foreign = () -> "contract-test-unknown-scheme";

    assertThat(hasher().supports(foreign)).isFalse();
    assertThat(hasher().needsRehash(hasher().hash(utf8("pw"), policy()), foreign)).isTrue();
    assertThatIllegalArgumentException().isThrownBy(() -> hasher().hash(utf8("pw"), foreign));
  }

  @ParameterizedTest
  @ValueSource(strings = {"$", "", "not a hash", "$$", " ", "$argon2id$", "{bcrypt}$2a$10$x"})
  void verify_garbage_throwsUnverifiableHashExceptionOnly(String garbage) {
    assertThatThrownBy(() -> hasher().verify(utf8("pw"), garbage, caps()))
        .isExactlyInstanceOf(UnverifiableHashException.class);
  }

  @Test
  void verify_validHashCutBeforeItsLastField_throwsUnverifiableHashExceptionOnly() {
    String encoded = hasher().hash(utf8("pw"), policy());
    int lastField = encoded.lastIndexOf('$') + 1;
    assertThat(lastField).isPositive();

    for (int end = 0; end <= lastField; end++) {
      String truncated = encoded.substring(0, end);
      assertThatThrownBy(() -> hasher().verify(utf8("pw"), truncated, caps()))
          .as("cut after %d characters: %s", end, truncated)
          .isExactlyInstanceOf(UnverifiableHashException.class);
    }
  }

  @Test
  void verify_validHashWithTrailingGarbage_throwsUnverifiableHashExceptionOnly() {
    String encoded = hasher().hash(utf8("pw"), policy());

    for (String suffix : List.of("$", "$x", " ", "\n", "=")) {
      assertThatThrownBy(() -> hasher().verify(utf8("pw"), encoded + suffix, caps()))
          .as("with %s appended", suffix)
          .isExactlyInstanceOf(UnverifiableHashException.class);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void hashAndVerify_fromFourThreadsAtOnce_areAllCorrect() throws Exception {
    int threads = 4;
    int rounds = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<String> failures = new ArrayList<>();
                  for (int round = 0; round < rounds; round++) {
                    byte[] password = utf8("thread " + thread + " round " + round);
                    byte[] other = utf8("thread " + thread + " round " + (round + 1));
                    String encoded = hasher().hash(password, policy());
                    if (!hasher().verify(password, encoded, caps())) {
                      failures.add(new String(password, UTF_8) + " did not verify");
                    }
                    if (hasher().verify(other, encoded, caps())) {
                      failures.add(new String(other, UTF_8) + " verified against another hash");
                    }
                  }
                  return failures;
                }));
      }
      start.countDown();

      List<String> failures = new ArrayList<>();
      for (Future<List<String>> result : results) {
        failures.addAll(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(failures).isEmpty();
    } finally {
      pool.shutdownNow();
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
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
