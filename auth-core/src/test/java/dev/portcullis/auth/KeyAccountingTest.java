package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.PreflightReport.Status;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.PreflightPolicy.Check;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every pepper key id a store knows of is accounted for by the keyring, counted, with its fix;
 * a forced config holds rehashing. On the in-memory store, which counts classes by a scan (the
 * JDBC store's SQL counting is in DeploymentDrillTest and the store contract).
 */
final class KeyAccountingTest {

  private static final Secret K1 = Secret.of(filled(0x11), "test:k1");
  private static final Secret K2 = Secret.of(filled(0x22), "test:k2");

  private final InMemoryCredentialStore store = new InMemoryCredentialStore();

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static AuthConfig with(PepperPolicy pepper) {
    return TestConfigs.fast().toBuilder().pepper(pepper).build();
  }

  /** Three users under k1. */
  @BeforeEach
  void threeUsersUnderK1() {
    try (Authenticator auth =
        Authenticator.create(with(PepperPolicy.keyring("k1", Map.of("k1", K1))), store)) {
      for (int i = 0; i < 3; i++) {
        auth.setPassword("user-" + i, ("password number " + i).toCharArray());
      }
    }
  }

  @Test
  void pepperNone_onAPepperedStore_isRefusedNamingTheKeyItsCountAndTheFix() {
    assertThatThrownBy(() -> Authenticator.create(with(PepperPolicy.none()), store))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("key k1 is recorded in this store but not in the keyring: 3 stored"
            + " hash(es) use it, and would be refused (PEPPER_KEY_MISSING); add pepper.keys.k1"
            + " back, or retire it explicitly (pepper.retired-keys = k1)");
  }

  @Test
  void aRetiredKey_startsWithAWarningCountingItsUsers() {
    AuthConfig retired = with(PepperPolicy.none().withRetiredKeys(Set.of("k1")));

    try (Authenticator auth = Authenticator.create(retired, store)) {
      PreflightReport report = auth.preflight();
      assertThat(report.result(Check.PEPPER).orElseThrow().status()).isEqualTo(Status.WARNING);
      assertThat(report.result(Check.PEPPER).orElseThrow().detail())
          .contains("key k1 is retired (pepper.retired-keys): 3 stored hash(es) use it");
      assertThat(report.result(Check.STORED_HASHES).orElseThrow().detail())
          .contains("PEPPER_KEY_MISSING: 3 users, pepper key id k1 was retired");
    }
  }

  @Test
  void aRecordedKeyNoStoredHashUses_needsNoKeyringEntry() {
    store.delete("user-0");
    store.delete("user-1");
    store.delete("user-2");

    try (Authenticator auth = Authenticator.create(with(PepperPolicy.none()), store)) {
      assertThat(auth.preflight().result(Check.PEPPER).orElseThrow().status())
          .isEqualTo(Status.PASSED);
    }
  }

  @Test
  void aSampledCensus_saysItsCountIsALowerBound() {
    AuthConfig none = with(PepperPolicy.none());
    AuthConfig sampled = none.toBuilder()
        .preflight(none.preflight().withInventorySample(2)).build();

    assertThatThrownBy(() -> Authenticator.create(sampled, store))
        .hasMessageContaining("at least 2 stored hash(es) (a sample of 2 scanned) use it");
  }

  @Test
  void aForcedConfig_holdsRehashing_andAGoodOneRehashes() {
    AuthConfig k2Only = with(PepperPolicy.keyring("k2", Map.of("k2", K2)));
    AuthConfig forced = k2Only.toBuilder().preflight(k2Only.preflight().withChecks(
        k2Only.preflight().onCreate(), Set.of(Check.PEPPER, Check.STORED_HASHES))).build();
    store.put(dev.portcullis.auth.spi.StoredCredential.of("plain", plainHash()));

    try (Authenticator auth = Authenticator.create(forced, store)) {
      assertThat(auth.verify("plain", "an unpeppered password".toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      assertThat(auth.metrics().rehashWritten()).isZero();
    }
    try (Authenticator good = Authenticator.create(
        with(PepperPolicy.keyring("k2", Map.of("k1", K1, "k2", K2))), store)) {
      assertThat(good.verify("plain", "an unpeppered password".toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);
      assertThat(good.metrics().rehashWritten()).isEqualTo(1);
    }
  }

  private static String plainHash() {
    try (Authenticator plain = Authenticator.create(TestConfigs.fast(),
        new InMemoryCredentialStore())) {
      return plain.hash("an unpeppered password".toCharArray());
    }
  }
}
