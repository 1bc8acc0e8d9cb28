package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;

/**
 * The cost budget at login and in the inventory, under the default live policy (Argon2id
 * m=19456 t=2 p=1) and the default hashing.caps.max-cost-factor: the heavy hashes real systems
 * write verify (each a real hash, really verified), hashes at the caps are refused before work.
 */
final class AuthenticatorCostBudgetTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String B64_16 = "c29tZXNhbHRzb21lc2FsdA";
  private static final String B64_32 = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

  private static AuthConfig defaultPolicy(HashParameterCaps caps) {
    return AuthConfig.builder()
        .revision("cost-budget")
        .hashing(HashingPolicy.argon2id(19_456, 2, 1))
        .pepper(PepperPolicy.none())
        .legacySchemes(Set.of("2y", "2b", "6", "pbkdf2_sha256", "argon2"))
        .hashCaps(caps)
        .build();
  }

  private static String djangoPbkdf2(int iterations) throws Exception {
    String salt = "bWFsbG9yeXNhbHQ";
    byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), salt.getBytes(US_ASCII), iterations, 256))
        .getEncoded();
    return "pbkdf2_sha256$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(key);
  }

  /** The heavy hashes of the issue, each a real hash of PASSWORD. */
  static Map<String, String> realWorldHeavyHashes() throws Exception {
    byte[] password = PASSWORD.getBytes(UTF_8);
    Argon2Hasher argon2 = new Argon2Hasher();
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("bcrypt 12 (Laravel, Rails)", new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(12, password), US_ASCII));
    hashes.put("bcrypt 13 (PHP 8.4 heavy)", new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(13, password), US_ASCII));
    hashes.put("Django pbkdf2_sha256 1,200,000", djangoPbkdf2(1_200_000));
    hashes.put("Django argon2 m=102400 t=2 p=8", "argon2" + argon2.hash(password, HashingPolicy.argon2id(102_400, 2, 8)));
    hashes.put("RFC 9106 m=65536 t=3 p=4", argon2.hash(password, HashingPolicy.argon2id(65_536, 3, 4)));
    hashes.put("sha512-crypt rounds=656000", Sha2Crypt.sha512Crypt(password, "$6$rounds=656000$saltsaltsaltsalt"));
    return hashes;
  }

  /** Hashes at the default caps (every cap at once, or one heavy parameter): never computed. */
  static Map<String, String> atCapHashes() {
    byte[] password = PASSWORD.getBytes(UTF_8);
    String bcrypt4 = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, password), US_ASCII);
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("argon2id m=262144 t=64 p=16", "$argon2id$v=19$m=262144,t=64,p=16$" + B64_16 + "$" + B64_32);
    hashes.put("argon2id m=262144 t=16 p=1", "$argon2id$v=19$m=262144,t=16,p=1$" + B64_16 + "$" + B64_32);
    hashes.put("bcrypt 16", bcrypt4.replace("$2y$04$", "$2y$16$"));
    hashes.put("Django pbkdf2_sha256 10,000,000", "pbkdf2_sha256$10000000$bWFsbG9yeXNhbHQ$" + B64_32 + "=");
    return hashes;
  }

  @Test
  void verify_theHeavyHashesRealSystemsWrite_verifyUnderTheDefaultBudget() throws Exception {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    try (Authenticator auth = Authenticator.create(defaultPolicy(HashParameterCaps.defaults()), store)) {
      for (Map.Entry<String, String> hash : realWorldHeavyHashes().entrySet()) {
        store.put(StoredCredential.of("user", hash.getValue()));
        assertThat(auth.verify("user", PASSWORD.toCharArray()).outcome())
            .as(hash.getKey())
            .isEqualTo(Outcome.SUCCESS);
        auth.setPassword("user", PASSWORD.toCharArray()); // the rehash left the live policy
      }
    }
  }

  @Test
  void verify_aHashAtTheCaps_isRejectedBeforeAnyWork() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    try (Authenticator auth =
        Authenticator.builder(defaultPolicy(HashParameterCaps.defaults()), store)
            .preflightOnCreate(Set.of())
            .build()) {
      for (Map.Entry<String, String> hash : atCapHashes().entrySet()) {
        store.put(StoredCredential.of("planted", hash.getValue()));
        assertThat(auth.verify("planted", PASSWORD.toCharArray()).outcome())
            .as(hash.getKey())
            .isEqualTo(Outcome.HASH_PARAMS_REJECTED);
      }
      assertThat(auth.metrics().toString()).doesNotContain(B64_32);
    }
  }

  @Test
  void inventory_countsTheRowsOverBudget_asHashParamsRejected() throws Exception {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    int row = 0;
    for (String hash : atCapHashes().values()) {
      store.put(StoredCredential.of("planted-" + row++, hash));
    }
    store.put(StoredCredential.of("heavy", java.util.Objects.requireNonNull(realWorldHeavyHashes().get("bcrypt 13 (PHP 8.4 heavy)"))));
    try (Authenticator auth =
        Authenticator.builder(defaultPolicy(HashParameterCaps.defaults()), store)
            .preflightOnCreate(Set.of())
            .build()) {
      Inventory inventory = auth.inventory();

      long rejected = inventory.problems().stream()
          .filter(p -> p.outcome() == Outcome.HASH_PARAMS_REJECTED)
          .mapToLong(Inventory.Problem::users)
          .sum();
      assertThat(rejected).isEqualTo(4);
      assertThat(inventory.unverifiable()).isEqualTo(4);
    }
  }

  @Test
  void verify_aLowerMaxCostFactor_refusesWhatTheDefaultAccepts() throws Exception {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    AuthConfig strict = defaultPolicy(HashParameterCaps.defaults().withMaxCostFactor(4));
    try (Authenticator auth = Authenticator.builder(strict, store).preflightOnCreate(Set.of()).build()) {
      store.put(StoredCredential.of("user", java.util.Objects.requireNonNull(realWorldHeavyHashes().get("RFC 9106 m=65536 t=3 p=4"))));

      assertThat(auth.verify("user", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.HASH_PARAMS_REJECTED);
    }
  }
}
