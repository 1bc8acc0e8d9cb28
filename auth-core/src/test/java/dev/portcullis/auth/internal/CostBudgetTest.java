package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import org.junit.jupiter.api.Test;

/** The estimate of each format and the budget's reference. */
final class CostBudgetTest {

  private static AuthConfig with(HashingPolicy policy, boolean weak) {
    AuthConfig.Builder builder =
        AuthConfig.builder().revision("r").hashing(policy).pepper(PepperPolicy.none());
    if (weak) {
      builder.allowWeakHashing("tests the reference's floor");
    }
    return builder.build();
  }

  private static double estimate(String encoded) {
    return StoredHashCost.estimateMillis(encoded).orElseThrow();
  }

  @Test
  void estimate_readsEveryFormatsWork() {
    double live = StoredHashCost.estimateMillis(HashingPolicy.argon2id(19_456, 2, 1)).orElseThrow();
    assertThat(estimate("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isEqualTo(live);
    assertThat(estimate("argon2$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isEqualTo(live);
    assertThat(estimate("{argon2}$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isEqualTo(live);
    assertThat(estimate("$2b$11$abc")).isEqualTo(2 * estimate("$2y$10$abc"));
    assertThat(estimate("{bcrypt}$2a$10$abc")).isEqualTo(estimate("$2y$10$abc"));
    assertThat(estimate("$6$salt$hash")).isEqualTo(estimate("$6$rounds=5000$salt$hash"));
    assertThat(estimate("$6$rounds=10$salt$hash")).as("clamped to 1000").isEqualTo(estimate("$6$rounds=1000$salt$hash"));
    assertThat(estimate("$5$rounds=5000$s$h")).isGreaterThan(estimate("$6$rounds=5000$s$h"));
    assertThat(estimate("pbkdf2_sha256$20000$salt$h")).isEqualTo(2 * estimate("pbkdf2_sha256$10000$salt$h"));
    assertThat(estimate("$pbkdf2-sha256$i=10000,l=32$s$h")).isEqualTo(estimate("pbkdf2_sha256$10000$salt$h"));
    assertThat(estimate("{pbkdf2@SpringSecurity_v5_8}00ff")).isEqualTo(estimate("pbkdf2_sha256$310000$s$h"));
    assertThat(estimate("$wrap-2b$$2b$05$abc$v=19$m=19456,t=2,p=1$s$t"))
        .isCloseTo(estimate("$2b$05$abc") + live, within(1e-9));
    assertThat(StoredHashCost.estimateMillis("{noop}plain")).isEmpty();
  }

  @Test
  void estimate_aDecoyInALegacySalt_cannotStandInForTheRealArgon2Layer() {
    String atCaps = "$argon2id$v=19$m=262144,t=64,p=16$c2FsdHNhbHQ$aGFzaA";
    String decoy =
        "$wrap-pbkdf2_sha256$pbkdf2_sha256$1000$m=8,t=1,p=1$v=19$m=262144,t=64,p=16$c2FsdA$aGFzaA";

    assertThat(estimate(decoy)).isGreaterThanOrEqualTo(estimate(atCaps));
    CostBudget budget = CostBudget.of(with(HashingPolicy.argon2id(19_456, 2, 1), false));
    assertThat(budget.overBudget(decoy)).contains("hashing.caps.max-cost-factor");
  }

  @Test
  void estimate_aPbkdf2KeyLongerThanItsDigest_costsARunPerBlock() {
    assertThat(estimate("$pbkdf2-sha256$i=10000,l=64$s$h"))
        .isEqualTo(2 * estimate("$pbkdf2-sha256$i=10000,l=32$s$h"));
    assertThat(estimate("$pbkdf2-sha512$i=10000,l=64$s$h"))
        .isEqualTo(estimate("$pbkdf2-sha512$i=10000$s$h"));
  }

  @Test
  void overBudget_isRelativeToTheLivePolicyWithOwaspsMinimumAsAFloor() {
    CostBudget light = CostBudget.of(with(HashingPolicy.argon2id(64, 1, 1), true));
    CostBudget heavy = CostBudget.of(with(HashingPolicy.argon2id(65_536, 4, 1), false));

    assertThat(light.referenceMillis())
        .isEqualTo(StoredHashCost.estimateMillis(HashingPolicy.argon2id(19_456, 2, 1)).orElseThrow());
    assertThat(light.overBudget("$2y$13$abc")).isNull();
    assertThat(light.overBudget("$2y$15$abc")).contains("hashing.caps.max-cost-factor = 32");
    assertThat(heavy.overBudget("$2y$15$abc")).isNull();
    assertThat(light.overBudget("{noop}unknown")).isNull();
  }

  @Test
  void cheaperThanLivePolicy_padsOnlyHashesCheaperThanTheLivePolicy() {
    CostBudget budget = CostBudget.of(with(HashingPolicy.argon2id(19_456, 2, 1), false));

    assertThat(budget.cheaperThanLivePolicy("$2y$05$abc")).isTrue();
    assertThat(budget.cheaperThanLivePolicy("$6$salt$hash")).isTrue();
    assertThat(budget.cheaperThanLivePolicy("$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA")).isTrue();
    assertThat(budget.cheaperThanLivePolicy("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")).isFalse();
    assertThat(budget.cheaperThanLivePolicy("$2y$12$abc")).isFalse();
    assertThat(budget.cheaperThanLivePolicy("{noop}unknown")).as("unknown: pad").isTrue();
  }
}
