package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The pepper: HMAC-SHA-256 under a keyring key before the scheme, key id in the hash. */
final class AuthenticatorPepperTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final Secret K1 = Secret.of(filled(32, 0x11), "test:k1");
  private static final Secret K2 = Secret.of(filled(32, 0x22), "test:k2");

  private final InMemoryCredentialStore store = new InMemoryCredentialStore();

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static AuthConfig keyring(HashingPolicy policy, String current, Map<String, Secret> keys) {
    return TestConfigs.with(policy).toBuilder().pepper(PepperPolicy.keyring(current, keys)).build();
  }

  private static AuthConfig keyring(String current, Map<String, Secret> keys) {
    return keyring(TestConfigs.FAST_ARGON2ID, current, keys);
  }

  private String storedHash(String username) {
    return store.find(username).orElseThrow().encodedHash();
  }

  @Test
  void setPassword_recordsTheCurrentKeyIdAndVerifies() throws Exception {
    try (Authenticator auth = Authenticator.create(keyring("k1", Map.of("k1", K1)), store)) {
      auth.setPassword("alice", PASSWORD.toCharArray());

      assertThat(PhcString.parse(storedHash("alice")).param("keyid")).contains("k1");
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.verify("alice", "wrong".toCharArray()).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD);
    }
  }

  @Test
  void pepper_isHmacSha256OfThePasswordUnderTheKey_beforeTheScheme() throws Exception {
    try (Authenticator auth = Authenticator.create(keyring("k1", Map.of("k1", K1)), store)) {
      auth.setPassword("alice", PASSWORD.toCharArray());
    }
    String encoded = storedHash("alice");
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(K1.exposeBytes(), "HmacSHA256"));
    byte[] peppered = hmac.doFinal(PASSWORD.getBytes(UTF_8));
    Argon2Hasher argon2 = new Argon2Hasher();

    assertThat(argon2.verify(peppered, encoded, HashParameterCaps.defaults())).isTrue();
    assertThat(argon2.verify(PASSWORD.getBytes(UTF_8), encoded, HashParameterCaps.defaults()))
        .as("the stored hash must not be verifiable without the pepper")
        .isFalse();
  }

  @Test
  void keyIdMissingFromTheKeyring_isPepperKeyMissingNeverBadPassword() {
    try (Authenticator auth = Authenticator.create(keyring("k1", Map.of("k1", K1)), store)) {
      auth.setPassword("alice", PASSWORD.toCharArray());
    }
    // the preflight refuses both configs (KeyAccountingTest); what a login ends in is under test
    try (Authenticator lost = Authenticator.builder(keyring("k2", Map.of("k2", K2)), store)
        .preflightOnCreate(Set.of()).build()) {
      assertThat(lost.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.PEPPER_KEY_MISSING);
      assertThat(lost.verify("alice", "wrong".toCharArray()).outcome())
          .isEqualTo(Outcome.PEPPER_KEY_MISSING);
    }
    try (Authenticator none =
        Authenticator.builder(TestConfigs.fast(), store).preflightOnCreate(Set.of()).build()) {
      assertThat(none.verify("alice", PASSWORD.toCharArray()).outcome())
          .as("a deployment that lost its pepper config entirely")
          .isEqualTo(Outcome.PEPPER_KEY_MISSING);
    }
  }

  @Test
  void rotatingTheCurrentKey_rehashesAtTheNextLogin() throws Exception {
    try (Authenticator before = Authenticator.create(keyring("k1", Map.of("k1", K1)), store)) {
      before.setPassword("alice", PASSWORD.toCharArray());
    }
    try (Authenticator rotated =
        Authenticator.create(keyring("k2", Map.of("k1", K1, "k2", K2)), store)) {
      assertThat(rotated.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      assertThat(rotated.metrics().rehashWritten()).isEqualTo(1);
    }
    assertThat(PhcString.parse(storedHash("alice")).param("keyid")).contains("k2");
    try (Authenticator retired = Authenticator.create(keyring("k2", Map.of("k2", K2)), store)) {
      assertThat(retired.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
    }
  }

  @Test
  void unpepperedHash_underAKeyring_verifiesAndIsRehashedWithThePepper() throws Exception {
    try (Authenticator plain = Authenticator.create(TestConfigs.fast(), store)) {
      plain.setPassword("alice", PASSWORD.toCharArray());
    }
    try (Authenticator auth = Authenticator.create(keyring("k1", Map.of("k1", K1)), store)) {
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    }
    assertThat(PhcString.parse(storedHash("alice")).param("keyid")).contains("k1");
  }

  @Test
  void pbkdf2_isPepperedTheSameWay() throws Exception {
    AuthConfig config = keyring(HashingPolicy.pbkdf2Sha256(1_000), "k1", Map.of("k1", K1));
    try (Authenticator auth = Authenticator.create(config, store)) {
      auth.setPassword("alice", PASSWORD.toCharArray());

      assertThat(storedHash("alice")).startsWith("$pbkdf2-sha256$i=1000,l=32,keyid=k1$");
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(auth.verify("alice", "wrong".toCharArray()).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD);
    }
  }

  @Test
  void unknownUser_underAKeyring_stillCostsAPepperedDummyVerification() {
    CountingHasher counting = new CountingHasher(new Argon2Hasher());
    try (Authenticator auth =
        Authenticator.builder(keyring("k1", Map.of("k1", K1)), store).hasher(counting).build()) {
      counting.reset();

      assertThat(auth.verify("nobody", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.UNKNOWN_USER);
      assertThat(counting.verifications).hasValue(1);
    }
  }

  @Test
  void hashAndCheckHash_applyThePepperWithoutAStore() {
    try (Authenticator auth = Authenticator.create(keyring("k1", Map.of("k1", K1)), store)) {
      String encoded = auth.hash(PASSWORD.toCharArray());

      assertThat(encoded).contains(",keyid=k1$");
      assertThat(auth.checkHash(PASSWORD.toCharArray(), encoded).matches()).isTrue();
      assertThat(auth.checkHash("wrong".toCharArray(), encoded).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD);
      HashCheck garbage = auth.checkHash(PASSWORD.toCharArray(), "$argon2id$v=19$m=1,t=1,p=1$$");
      assertThat(garbage.outcome()).isEqualTo(Outcome.UNSUPPORTED_HASH);
      assertThat(garbage.detail()).isNotEmpty();
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void storedCredential_underAKeyring_neverLeaksTheKeyInToString() {
    try (Authenticator auth = Authenticator.create(keyring("k1", Map.of("k1", K1)), store)) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      StoredCredential stored = store.find("alice").orElseThrow();

      assertThat(stored.toString()).doesNotContain(stored.encodedHash());
      assertThat(auth.config().toString()).contains("test:k1").doesNotContain("ERER");
    }
  }
}
