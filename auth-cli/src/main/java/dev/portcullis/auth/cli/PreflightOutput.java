package dev.portcullis.auth.cli;

import dev.portcullis.auth.Inventory;
import dev.portcullis.auth.PreflightReport;
import dev.portcullis.auth.PreflightReport.CheckResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.StringJoiner;

/** How {@code check} and {@code inventory} print preflight reports and censuses. */
final class PreflightOutput {

  private PreflightOutput() {}

  /** The checks, one per line with continuation lines indented, for a person at 3 a.m. */
  static void printChecks(PrintWriter out, PreflightReport report) {
    for (String line : report.describe().split("\n")) {
      out.println("  " + line);
    }
  }

  /** The census as a table: users, rehash, scheme, parameters, pepper key; then the problems. */
  static void printInventory(PrintWriter out, Inventory inventory) {
    out.println("inventory of " + (inventory.complete() ? "all " : "a sample of ")
        + inventory.scanned() + " users: " + inventory.needRehash()
        + " will be rehashed at their next login, " + inventory.unverifiable()
        + " cannot log in under this config");
    if (!inventory.groups().isEmpty()) {
      out.println(String.format(Locale.ROOT, "  %8s %8s  %-28s %-28s %s",
          "users", "rehash", "scheme", "parameters", "pepper key"));
      for (Inventory.Group group : inventory.groups()) {
        out.println(String.format(Locale.ROOT, "  %8d %8d  %-28s %-28s %s",
            group.users(), group.needRehash(), group.scheme(), group.parameters(),
            group.pepperKeyId()));
      }
    }
    for (Inventory.Problem problem : inventory.problems()) {
      out.println(String.format(Locale.ROOT, "  %8d  %s: %s (e.g. user %s)",
          problem.users(), problem.outcome(), problem.what(), problem.exampleUsername()));
    }
  }

  /** One JSON object per check. */
  static String checksJson(PreflightReport report) {
    StringJoiner items = new StringJoiner(",", "[", "]");
    for (CheckResult result : report.results()) {
      items.add("{\"check\":" + Json.string(result.check().id())
          + ",\"status\":" + Json.string(result.status().id())
          + ",\"detail\":" + Json.string(result.detail())
          + ",\"millis\":" + result.took().toMillis() + "}");
    }
    return items.toString();
  }

  /** The census as a JSON object. */
  static String inventoryJson(Inventory inventory) {
    StringJoiner groups = new StringJoiner(",", "[", "]");
    for (Inventory.Group group : inventory.groups()) {
      groups.add("{\"scheme\":" + Json.string(group.scheme())
          + ",\"parameters\":" + Json.string(group.parameters())
          + ",\"pepperKeyId\":" + Json.string(group.pepperKeyId())
          + ",\"users\":" + group.users()
          + ",\"needRehash\":" + group.needRehash() + "}");
    }
    StringJoiner problems = new StringJoiner(",", "[", "]");
    for (Inventory.Problem problem : inventory.problems()) {
      problems.add("{\"outcome\":" + Json.string(problem.outcome().name())
          + ",\"what\":" + Json.string(problem.what())
          + ",\"users\":" + problem.users()
          + ",\"exampleUsername\":" + Json.string(problem.exampleUsername()) + "}");
    }
    return "{\"scanned\":" + inventory.scanned()
        + ",\"complete\":" + inventory.complete()
        + ",\"needRehash\":" + inventory.needRehash()
        + ",\"unverifiable\":" + inventory.unverifiable()
        + ",\"groups\":" + groups
        + ",\"problems\":" + problems + "}";
  }
}
