package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Unicode NFC is applied the same way when a password is set and when it is verified, and no user
 * who could log in before loses that: a hash written elsewhere from a decomposed password
 * ({@code e} + U+0301) keeps verifying with the password typed the same way.
 */
final class AuthenticatorNormalizationTest {

  /** "Crème brûlée 1984" with both accents as combining marks, as some keyboards send it. */
  private static final String DECOMPOSED = "Cre\u0300me bru\u0302le\u0301e 1984";

  /** The same text with precomposed letters: the NFC form. */
  private static final String PRECOMPOSED = "Cr\u00e8me br\u00fbl\u00e9e 1984";

  private final Argon2Hasher argon2 = new Argon2Hasher();
  private final CountingHasher counting = new CountingHasher(argon2);
  private final DelegatingStore store = new DelegatingStore();
  private final Authenticator auth =
      Authenticator.builder(TestConfigs.fast(), store).hasher(counting).build();

  @AfterEach
  void close() {
    auth.close();
  }

  private String foreignHashOf(String text) {
    return argon2.hash(text.getBytes(UTF_8), TestConfigs.FAST_ARGON2ID);
  }

  private boolean storedHashIsOf(String user, String text) throws Exception {
    String stored = store.find(user).orElseThrow().encodedHash();
    return argon2.verify(text.getBytes(UTF_8), stored, auth.config().hashCaps());
  }

  @Test
  void theTwoFormsDiffer_asBytes() {
    assertThat(DECOMPOSED).isNotEqualTo(PRECOMPOSED);
    assertThat(DECOMPOSED.getBytes(UTF_8)).isNotEqualTo(PRECOMPOSED.getBytes(UTF_8));
  }

  @Test
  void setPassword_hashesTheNfcForm_andBothFormsVerify() throws Exception {
    auth.setPassword("alice", DECOMPOSED.toCharArray());

    assertThat(storedHashIsOf("alice", PRECOMPOSED)).isTrue();
    assertThat(storedHashIsOf("alice", DECOMPOSED)).isFalse();
    assertThat(auth.verify("alice", PRECOMPOSED.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
    assertThat(auth.verify("alice", DECOMPOSED.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void foreignHashOfTheDecomposedForm_stillVerifiesTypedTheSameWay() {
    store.put(StoredCredential.of("bob", foreignHashOf(DECOMPOSED)));

    assertThat(auth.verify("bob", DECOMPOSED.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void foreignHashOfTheDecomposedForm_isRewrittenInNfc_afterwardsBothFormsVerify()
      throws Exception {
    store.put(StoredCredential.of("bob", foreignHashOf(DECOMPOSED)));

    auth.verify("bob", DECOMPOSED.toCharArray());

    assertThat(storedHashIsOf("bob", PRECOMPOSED)).isTrue();
    assertThat(auth.verify("bob", PRECOMPOSED.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
    counting.reset();
    assertThat(auth.verify("bob", DECOMPOSED.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
    assertThat(counting.verifications).as("one try once the hash is in NFC").hasValue(1);
  }

  @Test
  void foreignHashOfTheDecomposedForm_onAReadOnlyStore_keepsWorkingAsBefore() {
    DelegatingStore readOnly =
        new DelegatingStore() {
          @Override
          public boolean replaceHash(String username, String expectedHash, String newHash) {
            throw new StoreException("replica is read-only");
          }
        };
    readOnly.put(StoredCredential.of("bob", foreignHashOf(DECOMPOSED)));
    try (Authenticator onReplica = Authenticator.create(TestConfigs.fast(), readOnly)) {
      assertThat(onReplica.verify("bob", DECOMPOSED.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      assertThat(onReplica.verify("bob", DECOMPOSED.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      // as before this change: a foreign hash of the decomposed bytes never matched the
      // precomposed bytes; nothing that verified before stops verifying
      assertThat(onReplica.verify("bob", PRECOMPOSED.toCharArray()).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD);
    }
  }

  @Test
  void foreignHashOfTheNfcForm_verifiesBothForms() {
    store.put(StoredCredential.of("carol", foreignHashOf(PRECOMPOSED)));

    assertThat(auth.verify("carol", PRECOMPOSED.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
    assertThat(auth.verify("carol", DECOMPOSED.toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void nfcPassword_costsOneCheck_nonNfcWrongPassword_costsTwo_asDoesAnUnknownUser() {
    store.put(StoredCredential.of("carol", foreignHashOf(PRECOMPOSED)));

    counting.reset();
    assertThat(auth.verify("carol", "wrong password".toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
    assertThat(counting.verifications).hasValue(1);

    counting.reset();
    assertThat(auth.verify("carol", ("x" + DECOMPOSED).toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
    assertThat(counting.verifications).hasValue(2);

    counting.reset();
    assertThat(auth.verify("nobody", ("x" + DECOMPOSED).toCharArray()).outcome())
        .isEqualTo(Outcome.UNKNOWN_USER);
    assertThat(counting.verifications)
        .as("an unknown user costs what a wrong password does")
        .hasValue(2);
  }

  @Test
  void nothingElseIsNormalized_caseAndSpacesCount() {
    auth.setPassword("dave", " Cr\u00e8me Br\u00fbl\u00e9e ".toCharArray());

    assertThat(auth.verify("dave", " Cr\u00e8me Br\u00fbl\u00e9e ".toCharArray()).outcome())
        .isEqualTo(Outcome.SUCCESS);
    assertThat(auth.verify("dave", "Cr\u00e8me Br\u00fbl\u00e9e".toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
    assertThat(auth.verify("dave", " cr\u00e8me br\u00fbl\u00e9e ".toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
  }

  @Test
  void hash_writesTheNfcForm_andCheckHashAcceptsBothForms() {
    String encoded = auth.hash(DECOMPOSED.toCharArray());

    assertThat(auth.checkHash(PRECOMPOSED.toCharArray(), encoded).matches()).isTrue();
    assertThat(auth.checkHash(DECOMPOSED.toCharArray(), encoded).matches()).isTrue();
    assertThat(auth.checkHash(DECOMPOSED.toCharArray(), foreignHashOf(DECOMPOSED)).matches())
        .isTrue();
    assertThat(auth.checkHash(PRECOMPOSED.toCharArray(), foreignHashOf(DECOMPOSED)).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
  }
}
