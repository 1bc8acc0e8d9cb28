package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AdmissionPolicy;
import org.junit.jupiter.api.Test;

/** The arena pool's ceiling follows the admission budgets engines are started with. */
final class HashingMemoryBudgetTest {

  @Test
  void admission_largerBudgetThanAnySoFar_raisesTheCeilingToIt() {
    int larger = HashingMemoryBudget.kib() + 1;

    new Admission(new AdmissionPolicy(larger, 0));

    assertThat(HashingMemoryBudget.kib()).isEqualTo(larger);
  }

  @Test
  void admission_smallerBudgetAfterALargerOne_keepsTheLargerCeiling() {
    new Admission(new AdmissionPolicy(HashingMemoryBudget.kib() + 1, 0));
    int ceiling = HashingMemoryBudget.kib();

    new Admission(new AdmissionPolicy(8, 0));

    assertThat(HashingMemoryBudget.kib()).isEqualTo(ceiling);
  }
}
