package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.internal.Admission;

/**
 * An engine's Argon2 arenas, seen from the engine: pre-faulted when it starts and given back when
 * it closes. Not API: the {@link dev.portcullis.auth.Authenticator} calls it; it does nothing
 * where Portcullis's native Argon2 does not load (libsodium and argon2-jvm map their own memory).
 *
 * <p>How many are pre-faulted: {@code min(budget / arena size, available processors)}. More
 * arenas than cores would not hash faster, only wait for a core, and a large budget (the default
 * is 512 MiB) should not become resident at start-up; arenas beyond these are mapped, once, by
 * the first hashes that need them, and never beyond the budget.
 */
public final class Argon2Arenas {

  private Argon2Arenas() {}

  /**
   * Pins the live policy's arena size in the pool of {@code admission} and maps and touches
   * arenas of it, so that the first logins take no page faults.
   *
   * @return the number of idle arenas of the live policy's size now (0 if nothing applies)
   */
  public static int prefault(Admission admission, HashingPolicy policy) {
    requireNonNull(admission, "admission");
    if (!(policy instanceof Argon2idPolicy argon2) || !NativeArgon2Backend.available()) {
      return 0;
    }
    long arenaBytes = NativeArgon2Backend.memoryBytes(argon2.memoryKib(), argon2.parallelism());
    long budgetBytes = admission.budgetKib() * 1024L;
    if (arenaBytes <= 0 || arenaBytes > budgetBytes) {
      return 0; // such a hash is refused by admission anyway
    }
    long arenas = Math.min(budgetBytes / arenaBytes, Runtime.getRuntime().availableProcessors());
    return NativeArgon2Backend.poolOf(admission).prefault(arenaBytes, (int) arenas);
  }

  /** Unmaps the idle arenas of {@code admission}'s pool (its engine closed). */
  public static void release(Admission admission) {
    requireNonNull(admission, "admission");
    if (NativeArgon2Backend.available()) {
      NativeArgon2Backend.poolOf(admission).unmapIdle();
    }
  }
}
