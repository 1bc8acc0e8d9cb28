package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.PreflightPolicy.Check;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.telemetry.Anomaly;
import dev.portcullis.auth.telemetry.AnomalyCause;
import dev.portcullis.auth.telemetry.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incident Portcullis exists for, replayed end to end on the real engine with a simulated
 * clock: normal traffic with typos for hours, then a deployment that makes 30% of valid users
 * fail. The detector must stay silent in the normal phase, then name the cause within a bounded
 * number of attempts.
 *
 * <p>Figures held here: a SYSTEM-outcome incident (pepper key removed, store down) is named
 * within {@value #SYSTEM_BOUND} attempts (5 SYSTEM outcomes are needed; at 30% of logins that is
 * about 17 on average); a BAD_PASSWORD incident (a pepper secret changed under the same id) within
 * {@value #CLIENT_BOUND} (the window needs 50 verifications and a clear excess); no alarm over
 * {@value #NORMAL_HOURS} simulated hours of normal traffic (2 logins a second, 7% typos, 2%
 * unknown usernames).
 */
final class IncidentDrillTest {

  static final int SYSTEM_BOUND = 40;
  static final int CLIENT_BOUND = 150;
  static final int NORMAL_HOURS = 4;

  private static final int USERS = 500;
  private static final int ON_KEY_1 = USERS * 3 / 10;
  private static final Duration BETWEEN_LOGINS = Duration.ofMillis(500);
  private static final Secret K1 = Secret.of(filled(0x11), "drill:k1");
  private static final Secret K1_CHANGED = Secret.of(filled(0x12), "drill:k1 (changed)");
  private static final Secret K2 = Secret.of(filled(0x22), "drill:k2");

  // A fixed seed so a failing drill can be replayed exactly; the traffic mix is what matters.
  private final Random random = new Random(20261126L);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));

  /** The users stay as seeded: this login tier's store refuses rehash writes (a replica). */
  private final DelegatingStore store =
      new DelegatingStore() {
        @Override
        public boolean replaceHash(String username, String expectedHash, String newHash) {
          return false;
        }
      };

  private boolean storeDown;

  private final DelegatingStore failingStore =
      new DelegatingStore() {
        @Override
        public Optional<StoredCredential> find(String username) {
          if (storeDown) {
            throw new StoreException("connection refused");
          }
          return store.find(username);
        }
      };

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static AuthConfig config(String revision, String current, Map<String, Secret> keys) {
    return TestConfigs.fast().toBuilder()
        .revision(revision)
        .pepper(PepperPolicy.keyring(current, keys))
        .build();
  }

  /**
   * The broken config forced through ({@code preflight.warn-only}): the preflight refuses these
   * deployments, and this drill is about naming one that got through anyway.
   */
  private static AuthConfig forced(AuthConfig config) {
    return config.toBuilder()
        .preflight(config.preflight().withChecks(config.preflight().onCreate(),
            EnumSet.of(Check.PEPPER, Check.STORED_HASHES)))
        .build();
  }

  private static String password(int user) {
    return "drill-secret-of-" + user; // not containing the username, which policy refuses
  }

  /** 30% of the users were enrolled under pepper key k1, the rest under k2. */
  private void seedUsers() {
    try (Authenticator enrolK1 = Authenticator.create(config("enrol-1", "k1", Map.of("k1", K1)), store)) {
      for (int user = 0; user < ON_KEY_1; user++) {
        enrolK1.setPassword("user-" + user, password(user).toCharArray());
      }
    }
    try (Authenticator enrolK2 =
        Authenticator.create(config("enrol-2", "k2", Map.of("k1", K1, "k2", K2)), store)) {
      for (int user = ON_KEY_1; user < USERS; user++) {
        enrolK2.setPassword("user-" + user, password(user).toCharArray());
      }
    }
  }

  /** One login of realistic traffic: 91% right, 7% typos, 2% usernames that do not exist. */
  private Outcome login(Authenticator auth) {
    clock.advance(BETWEEN_LOGINS);
    int user = random.nextInt(USERS);
    double roll = random.nextDouble();
    if (roll < 0.02) {
      return auth.verify("nobody-" + random.nextInt(1_000_000), "guess".toCharArray()).outcome();
    }
    String password = roll < 0.09 ? password(user) + "x" : password(user);
    return auth.verify("user-" + user, password.toCharArray()).outcome();
  }

  private Authenticator create(AuthConfig config) {
    return Authenticator.builder(config, failingStore).clock(clock).build();
  }

  /** Runs traffic until an anomaly is raised; returns how many logins that took. */
  private int loginsUntilAnomaly(Authenticator auth, int limit) {
    for (int attempt = 1; attempt <= limit; attempt++) {
      login(auth);
      if (!auth.health().activeAnomalies().isEmpty()) {
        return attempt;
      }
    }
    return Integer.MAX_VALUE;
  }

  private void normalPhase(Authenticator auth, Duration length) {
    long logins = length.toMillis() / BETWEEN_LOGINS.toMillis();
    for (long i = 0; i < logins; i++) {
      login(auth);
    }
    assertThat(auth.metrics().anomaliesRaised()).as("false alarms in the normal phase").isZero();
    assertThat(auth.health().status()).isEqualTo(Health.Status.UP);
  }

  @Test
  void pepperKeyRemoved_isNamedConfigurationWithinTheBound_afterHoursWithoutFalseAlarm() {
    seedUsers();
    AuthConfig good = config("2026-11-26.1", "k2", Map.of("k1", K1, "k2", K2));
    try (Authenticator before = create(good)) {
      normalPhase(before, Duration.ofHours(NORMAL_HOURS));
      assertThat(before.metrics().count(Outcome.SUCCESS)).isGreaterThan(20_000);
    }

    // The deployment script "forgot" key k1: 30% of valid users now fail.
    AuthConfig broken = forced(config("2026-11-26.2", "k2", Map.of("k2", K2)));
    try (Authenticator after = create(broken)) {
      int logins = loginsUntilAnomaly(after, 1_000);

      assertThat(logins).isLessThanOrEqualTo(SYSTEM_BOUND);
      Anomaly anomaly = after.health().activeAnomalies().get(0);
      assertThat(anomaly.cause()).isEqualTo(AnomalyCause.CONFIGURATION);
      assertThat(anomaly.evidence()).contains("PEPPER_KEY_MISSING").contains("on pepper key k1");
      assertThat(after.health().status()).isEqualTo(Health.Status.DEGRADED);
    }
  }

  @Test
  void pepperSecretChangedUnderTheSameId_isNamedConfigurationNotAnAttack() {
    seedUsers();
    try (Authenticator before = create(config("2026-11-26.1", "k2", Map.of("k1", K1, "k2", K2)))) {
      normalPhase(before, Duration.ofMinutes(30));
    }

    // A wrong secret under id k1: every k1 user now gets BAD_PASSWORD, unknown users stay flat.
    try (Authenticator after =
        create(forced(config("2026-11-26.2", "k2", Map.of("k1", K1_CHANGED, "k2", K2))))) {
      int logins = loginsUntilAnomaly(after, 2_000);

      assertThat(logins).isLessThanOrEqualTo(CLIENT_BOUND);
      Anomaly anomaly = after.health().activeAnomalies().get(0);
      assertThat(anomaly.cause()).isEqualTo(AnomalyCause.CONFIGURATION);
      assertThat(anomaly.evidence())
          .contains("UNKNOWN_USER")
          .contains("flat")
          .contains("on pepper key k1");
    }
  }

  @Test
  void storeDown_isNamedStore() {
    seedUsers();
    try (Authenticator auth = create(config("2026-11-26.1", "k2", Map.of("k1", K1, "k2", K2)))) {
      normalPhase(auth, Duration.ofMinutes(30));

      storeDown = true;
      int logins = loginsUntilAnomaly(auth, 1_000);

      assertThat(logins).isLessThanOrEqualTo(SYSTEM_BOUND);
      Anomaly anomaly = auth.health().activeAnomalies().get(0);
      assertThat(anomaly.cause()).isEqualTo(AnomalyCause.STORE);
      assertThat(anomaly.evidence()).contains("STORE_UNAVAILABLE");

      storeDown = false;
      for (int i = 0; i < 200; i++) {
        login(auth);
      }
      assertThat(auth.health().activeAnomalies()).as("cleared once the store is back").isEmpty();
    }
  }

  @Test
  void credentialStuffing_isNamedAsSuch() {
    seedUsers();
    try (Authenticator auth = create(config("2026-11-26.1", "k2", Map.of("k1", K1, "k2", K2)))) {
      normalPhase(auth, Duration.ofMinutes(30));

      int logins = 0;
      while (auth.health().activeAnomalies().isEmpty() && logins < 2_000) {
        logins++;
        clock.advance(Duration.ofMillis(100));
        // a list of leaked credentials: mostly usernames we do not have, some we do
        String username =
            random.nextInt(3) == 0 ? "user-" + random.nextInt(USERS) : "leaked-" + random.nextInt(100_000);
        auth.verify(username, "hunter2".toCharArray());
      }

      assertThat(logins).isLessThanOrEqualTo(CLIENT_BOUND);
      Anomaly anomaly = auth.health().activeAnomalies().get(0);
      assertThat(anomaly.cause()).isEqualTo(AnomalyCause.CREDENTIAL_STUFFING);
      assertThat(anomaly.evidence()).contains("rising").contains("distinct usernames");
    }
  }
}
