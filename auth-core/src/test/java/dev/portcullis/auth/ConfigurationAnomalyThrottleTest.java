package dev.portcullis.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.PreflightPolicy;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import dev.portcullis.auth.telemetry.AnomalyCause;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Both sides of throttling during a configuration anomaly, on real authenticators with real
 * Argon2id: an attacker who provokes the anomaly gets no more guesses per account than without
 * it, and a real misconfiguration, once fixed by a reload, leaves no valid user throttled.
 */
final class ConfigurationAnomalyThrottleTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final int GUESSES = 300;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

  /** The attack of the issue: a few unsupported hashes raise the anomaly, then guesses on alice. */
  private Map<Outcome, Integer> guessesOnAlice(boolean provokeAnomaly, IntFunction<AttemptContext> from) {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    try (Authenticator auth =
        Authenticator.builder(TestConfigs.fast(), store).clock(clock).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      if (provokeAnomaly) {
        for (int i = 0; i < 60; i++) {
          store.put(StoredCredential.of("planted-" + i, "{noop}x"));
          auth.verify("planted-" + i, ("guess-" + i).toCharArray());
        }
        assertThat(auth.health().activeAnomalies())
            .anySatisfy(a -> assertThat(a.cause()).isEqualTo(AnomalyCause.CONFIGURATION));
      }
      Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
      for (int i = 0; i < GUESSES; i++) {
        Outcome outcome = auth.verify("alice", ("guess-" + i).toCharArray(), from.apply(i)).outcome();
        outcomes.merge(outcome, 1, Integer::sum);
      }
      if (provokeAnomaly) {
        assertThat(auth.health().activeAnomalies())
            .as("the attack keeps the anomaly alive")
            .anySatisfy(a -> assertThat(a.cause()).isEqualTo(AnomalyCause.CONFIGURATION));
      }
      return outcomes;
    }
  }

  @Test
  void verify_anAttackerWhoProvokesTheAnomalyWithoutASource_getsNoMoreGuesses() {
    Map<Outcome, Integer> withAnomaly = guessesOnAlice(true, i -> AttemptContext.none());
    Map<Outcome, Integer> without = guessesOnAlice(false, i -> AttemptContext.none());

    assertThat(withAnomaly).isEqualTo(without);
    assertThat(withAnomaly.get(Outcome.THROTTLED)).isGreaterThan(GUESSES / 2);
  }

  @Test
  void verify_anAttackerWhoProvokesTheAnomalyFromManySources_getsNoMoreGuesses() {
    IntFunction<AttemptContext> sources = i -> AttemptContext.fromSource("198.51.100." + (i % 250));
    Map<Outcome, Integer> withAnomaly = guessesOnAlice(true, sources);
    Map<Outcome, Integer> without = guessesOnAlice(false, sources);

    assertThat(withAnomaly).isEqualTo(without);
    assertThat(withAnomaly.get(Outcome.THROTTLED)).isGreaterThan(GUESSES / 2);
  }

  @Test
  void reload_thatVerifiesAlike_forgivesNoGuessOfAnAttackerWhoKeepsTheAnomalyAlive() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    AuthConfig config = TestConfigs.fast();
    try (Authenticator auth = Authenticator.builder(config, store).clock(clock).build()) {
      auth.setPassword("alice", PASSWORD.toCharArray());
      for (int i = 0; i < 60; i++) {
        store.put(StoredCredential.of("planted-" + i, "{noop}x"));
        auth.verify("planted-" + i, ("guess-" + i).toCharArray());
      }
      for (int i = 0; i < GUESSES; i++) {
        auth.verify("alice", ("guess-" + i).toCharArray());
      }
      assertThat(auth.verify("alice", "one-more".toCharArray()).outcome())
          .isEqualTo(Outcome.THROTTLED);
      assertThat(auth.health().activeAnomalies())
          .anySatisfy(a -> assertThat(a.cause()).isEqualTo(AnomalyCause.CONFIGURATION));

      // a routine deploy: a new revision that verifies every stored hash as before (the planted
      // rows would fail the stored-hashes check, so this deploy runs the config check only)
      auth.reload(config.toBuilder().revision("routine-deploy")
          .preflight(config.preflight().withChecks(
              EnumSet.of(PreflightPolicy.Check.CONFIG), EnumSet.noneOf(PreflightPolicy.Check.class)))
          .build());

      assertThat(auth.verify("alice", "after-the-deploy".toCharArray()).outcome())
          .as("the attacker's guesses stand after a reload that fixes nothing")
          .isEqualTo(Outcome.THROTTLED);
    }
  }

  private static Secret key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return Secret.of(bytes, "test:k1");
  }

  private static AuthConfig pepperedWith(Secret k1, String revision) {
    return TestConfigs.fast().toBuilder()
        .revision(revision)
        .pepper(PepperPolicy.keyring("k1", Map.of("k1", k1)))
        .build();
  }

  @Test
  void reload_fixingAMisconfiguredPepper_leavesNoValidUserThrottled() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    AuthConfig right = pepperedWith(key(0x11), "right");
    try (Authenticator writer = Authenticator.create(right, new InMemoryCredentialStore())) {
      for (int i = 0; i < 60; i++) {
        writer.setPassword("user-" + i, PASSWORD.toCharArray());
        store.put(StoredCredential.of("user-" + i, writer.hash(PASSWORD.toCharArray())));
      }
    }
    // the outage: key k1 holds the wrong secret (no preflight at creation, so it reaches traffic)
    try (Authenticator auth =
        Authenticator.builder(pepperedWith(key(0x22), "wrong"), store)
            .clock(clock)
            .preflightOnCreate(Set.of())
            .build()) {
      for (int round = 0; round < 30; round++) {
        for (int i = 0; i < 60; i++) {
          auth.verify("user-" + i, PASSWORD.toCharArray()); // valid users, retrying
        }
      }
      assertThat(auth.health().activeAnomalies())
          .anySatisfy(a -> assertThat(a.cause()).isEqualTo(AnomalyCause.CONFIGURATION));
      assertThat(auth.verify("user-0", PASSWORD.toCharArray()).outcome())
          .as("the misconfiguration throttled valid users (counted as usual)")
          .isEqualTo(Outcome.THROTTLED);

      auth.reload(right);

      for (int i = 0; i < 60; i++) {
        assertThat(auth.verify("user-" + i, PASSWORD.toCharArray()).outcome())
            .as("user-%d after the fix", i)
            .isEqualTo(Outcome.SUCCESS);
      }
    }
  }
}
