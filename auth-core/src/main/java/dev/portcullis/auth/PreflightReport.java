package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.PreflightPolicy.Check;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a preflight found: one result per check that ran, in order, and the store's inventory if
 * that check ran. Details name settings, key ids, counts and at most one example username per
 * problem; never a password, hash or salt.
 *
 * @param results one per check, in the order they ran
 * @param inventory the census of the store, if the inventory check ran and could scan
 */
public record PreflightReport(List<CheckResult> results, @Nullable Inventory inventory) {

  /** How one check ended. */
  public enum Status {
    /** The check found nothing wrong. */
    PASSED,
    /** Something is worth a look, or a failure was downgraded by {@code preflight.warn-only}. */
    WARNING,
    /** Logins may fail: deploying this is unsafe. */
    FAILED,
    /** The check could not run because an earlier one failed, or has nothing to check. */
    SKIPPED;

    /** Lower case, for reports and JSON. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One check's result.
   *
   * @param check which check
   * @param status how it ended
   * @param detail what it found, one or more lines a person can act on
   * @param took how long it ran
   */
  public record CheckResult(Check check, Status status, String detail, Duration took) {
    /**
     * @throws NullPointerException if an argument is null
     */
    public CheckResult {
      requireNonNull(check, "check");
      requireNonNull(status, "status");
      requireNonNull(detail, "detail");
      requireNonNull(took, "took");
    }
  }

  /**
   * Copies the results.
   *
   * @throws NullPointerException if results is null
   */
  public PreflightReport {
    results = List.copyOf(results);
  }

  /** True if no check failed (warnings and skipped checks pass). */
  public boolean passed() {
    return results.stream().noneMatch(result -> result.status() == Status.FAILED);
  }

  /** The failed checks. */
  public List<CheckResult> failures() {
    return results.stream().filter(result -> result.status() == Status.FAILED).toList();
  }

  /** The result of one check, if it ran. */
  public Optional<CheckResult> result(Check check) {
    return results.stream().filter(result -> result.check() == check).findFirst();
  }

  /** The census of the store, if the inventory ran. */
  public Optional<Inventory> inventoryIfRan() {
    return Optional.ofNullable(inventory);
  }

  /** One line per check: {@code FAILED  pepper  key k1 ...}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (CheckResult result : results) {
      String[] lines = result.detail().split("\n", -1);
      text.append(String.format(Locale.ROOT, "%-8s %-10s %s%n",
          result.status().name(), result.check().id(), lines[0]));
      for (int i = 1; i < lines.length; i++) {
        text.append(String.format(Locale.ROOT, "%-8s %-10s %s%n", "", "", lines[i]));
      }
    }
    return text.toString();
  }
}
