package dev.portcullis.auth.cli;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.config.ConfigException;
import dev.portcullis.auth.config.ConfigProblem;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code authctl check --config F [--json]}: validates a configuration the way a deployment
 * pipeline needs it, every problem listed at once, and self-tests the hashers it needs.
 */
@Command(
    name = "check",
    description = {
      "Validates a configuration file (with PORTCULLIS_ variables and -Dportcullis. properties",
      "on top) and self-tests the hashers. Prints every problem; exit 0 pass, 1 problems, 2 usage."
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
      report(e.problems());
      return 1;
    }
    try (Authenticator engine = Authenticator.create(loaded, new InMemoryCredentialStore())) {
      report(loaded, engine.hashers().toString());
      return 0;
    } catch (PreflightException e) {
      report(
          List.of(
              new ConfigProblem("hashers", config.toString(), null,
                  String.valueOf(e.getMessage()), null)));
      return 1;
    }
  }

  private void report(List<ConfigProblem> problems) {
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
          "{\"ok\":false,\"file\":" + Json.string(config.toString()) + ",\"problems\":" + items + "}");
      return;
    }
    terminal.out.println(
        "FAIL " + config + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
    for (ConfigProblem problem : problems) {
      terminal.out.println("  - " + problem.describe());
    }
  }

  private void report(AuthConfig loaded, String hashers) {
    if (json) {
      StringJoiner settings = new StringJoiner(",", "{", "}");
      for (Map.Entry<String, String> setting : loaded.settings().entrySet()) {
        settings.add(Json.string(setting.getKey()) + ":" + Json.string(setting.getValue()));
      }
      terminal.out.println(
          "{\"ok\":true,\"file\":" + Json.string(config.toString())
              + ",\"revision\":" + Json.string(loaded.revision())
              + ",\"fingerprint\":" + Json.string(loaded.fingerprint())
              + ",\"settings\":" + settings + "}");
      return;
    }
    terminal.out.println(
        "PASS " + config + ": revision " + loaded.revision() + ", fingerprint "
            + loaded.fingerprint());
    terminal.out.println("  hashers self-tested: " + hashers);
    for (String line : loaded.describe().split("\n")) {
      terminal.out.println("  " + line);
    }
  }
}
