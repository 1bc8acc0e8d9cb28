package dev.portcullis.auth.cli;

import dev.portcullis.auth.Inventory;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.PreflightReport;
import dev.portcullis.auth.PreflightReport.CheckResult;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.config.ConfigException;
import dev.portcullis.auth.config.ConfigProblem;
import dev.portcullis.auth.config.PreflightPolicy.Check;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.telemetry.FleetView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code authctl check --config F [--json]}: the deployment gate. Validates the configuration
 * (every problem at once), then runs the whole preflight against the store it names: hashers'
 * known-answer tests, pepper key check values, the store's answer and schema, canary logins and
 * the inventory of every stored hash. Exit 0 if nothing failed, 1 otherwise (2 for usage).
 */
@Command(
    name = "check",
    description = {
      "Validates a configuration file (with PORTCULLIS_ variables and -Dportcullis. properties",
      "on top), then runs the full preflight against the store it names: hashers, pepper,",
      "store, canaries, inventory. Prints every result; exit 0 pass, 1 problems, 2 usage."
    },
    mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(names = "--config", required = true, paramLabel = "F",
      description = "A Portcullis .properties file.")
  private Path config = Path.of("");

  @Option(names = "--json", description = "Print one JSON object for pipelines.")
  private boolean json;

  CheckCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    AuthConfig loaded;
    try {
      loaded = AuthConfigLoader.load(config);
    } catch (ConfigException e) {
      reportConfigProblems(e.problems());
      return 1;
    }
    boolean storeConfigured = ConfiguredStore.configured(loaded);
    // Without a store in the config, only what needs none can be checked here; the application
    // passes its store in code, and its own Authenticator.create runs the rest.
    Set<Check> checks = storeConfigured
        ? EnumSet.allOf(Check.class)
        : EnumSet.of(Check.CONFIG, Check.HASHERS);
    PreflightReport report;
    // what a serving instance under this config would hold back: rehash-on-login
    String rehashHold = "";
    // which configurations the instances on this store run: a rollout half-way is worth seeing
    // before starting another one (informational; it does not fail the check)
    FleetView fleet = storeConfigured
        ? FleetView.unavailable(FleetView.Status.UNAVAILABLE, "the store was not read", Instant.now())
        : FleetView.unavailable(FleetView.Status.NOT_SUPPORTED, "", Instant.now());
    try (ConfiguredStore opened = ConfiguredStore.openForPreflight(loaded)) {
      report = opened.engine.preflight(checks);
      if (report.passed()) {
        rehashHold = opened.engine.rehashHoldAfter(report).orElse("");
      }
      if (storeConfigured) {
        fleet = FleetView.read(opened.store, loaded.fleet(), Instant.now());
      }
    } catch (StoreException e) {
      report = failed(Check.STORE, "cannot open the store: " + e.getMessage());
    } catch (PreflightException e) {
      report = e.report().orElseGet(() -> failed(Check.HASHERS, String.valueOf(e.getMessage())));
    }
    if (json) {
      printJson(loaded, report, storeConfigured, fleet, rehashHold);
    } else {
      printHuman(loaded, report, storeConfigured, fleet, rehashHold);
    }
    return report.passed() ? 0 : 1;
  }

  private static PreflightReport failed(Check check, String detail) {
    return new PreflightReport(
        List.of(new CheckResult(check, PreflightReport.Status.FAILED, detail, Duration.ZERO)),
        null);
  }

  private void printHuman(AuthConfig loaded, PreflightReport report, boolean storeConfigured,
      FleetView fleet, String rehashHold) {
    List<CheckResult> failures = report.failures();
    String verdict = failures.isEmpty()
        ? "PASS " + config
        : "FAIL " + config + ": " + failures.size() + " of " + report.results().size()
            + " checks failed ("
            + failures.stream().map(f -> f.check().id()).collect(Collectors.joining(", ")) + ")";
    terminal.out.println(verdict);
    terminal.out.println("  revision " + loaded.revision() + ", fingerprint " + loaded.fingerprint());
    PreflightOutput.printChecks(terminal.out, report);
    if (!rehashHold.isEmpty()) {
      terminal.out.println("  rehash-on-login would be held (logins succeed, no stored hash is"
          + " rewritten): " + rehashHold);
    }
    if (!storeConfigured) {
      terminal.out.println("  the config names no store (store.type): pepper, store, canaries and"
          + " inventory are checked when the application creates its Authenticator");
    }
    Inventory inventory = report.inventory();
    if (inventory != null) {
      PreflightOutput.printInventory(terminal.out, inventory);
    }
    if (storeConfigured) {
      terminal.out.println("fleet: " + (fleet.split() ? "SPLIT " : "") + fleet.describe());
    }
    terminal.out.println("effective configuration:");
    for (String line : loaded.describe().split("\n")) {
      terminal.out.println("  " + line);
    }
  }

  private void printJson(AuthConfig loaded, PreflightReport report, boolean storeConfigured,
      FleetView fleet, String rehashHold) {
    StringJoiner settings = new StringJoiner(",", "{", "}");
    for (Map.Entry<String, String> setting : loaded.settings().entrySet()) {
      settings.add(Json.string(setting.getKey()) + ":" + Json.string(setting.getValue()));
    }
    Inventory inventory = report.inventory();
    terminal.out.println(
        "{\"ok\":" + report.passed()
            + ",\"file\":" + Json.string(config.toString())
            + ",\"revision\":" + Json.string(loaded.revision())
            + ",\"fingerprint\":" + Json.string(loaded.fingerprint())
            + ",\"storeConfigured\":" + storeConfigured
            + ",\"checks\":" + PreflightOutput.checksJson(report)
            + ",\"rehashHold\":" + (rehashHold.isEmpty() ? "null" : Json.string(rehashHold))
            + ",\"inventory\":" + (inventory == null ? "null" : PreflightOutput.inventoryJson(inventory))
            + ",\"fleet\":" + (storeConfigured ? FleetCommand.json(fleet, loaded) : "null")
            + ",\"settings\":" + settings + "}");
  }

  private void reportConfigProblems(List<ConfigProblem> problems) {
    if (json) {
      StringJoiner items = new StringJoiner(",", "[", "]");
      for (ConfigProblem problem : problems) {
        items.add(
            "{\"key\":" + Json.string(problem.key())
                + ",\"origin\":" + Json.string(problem.origin())
                + ",\"value\":" + Json.string(problem.value())
                + ",\"reason\":" + Json.string(problem.reason())
                + ",\"hint\":" + Json.string(problem.hint()) + "}");
      }
      terminal.out.println(
          "{\"ok\":false,\"file\":" + Json.string(config.toString())
              + ",\"checks\":[{\"check\":\"config\",\"status\":\"failed\",\"detail\":"
              + Json.string(problems.size() + (problems.size() == 1 ? " problem" : " problems"))
              + ",\"millis\":0}],\"problems\":" + items + "}");
      return;
    }
    terminal.out.println(
        "FAIL " + config + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
            + " in the configuration");
    for (ConfigProblem problem : problems) {
      terminal.out.println("  - " + problem.describe());
    }
  }
}
