package dev.portcullis.auth.cli;

import dev.portcullis.auth.VerificationResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code authctl verify --config F USER}: a full {@code Authenticator.verify} of stdin's password
 * against the configured store; prints the outcome (e.g. {@code SUCCESS}, {@code BAD_PASSWORD},
 * {@code STORE_UNAVAILABLE}) and exits 0 for success, 1 for any other outcome.
 */
@Command(
    name = "verify",
    description = {
      "Verifies USER's password (standard input's first line) against the configured store, as",
      "a login would, and prints the outcome. Exit 0 SUCCESS, 1 any other outcome."
    },
    mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(
      names = "--config",
      paramLabel = "F",
      required = true,
      description = "A Portcullis .properties file naming the store (store.type).")
  private @Nullable Path config;

  @Parameters(index = "0", paramLabel = "USER", description = "The username, exactly.")
  private @Nullable String username;

  VerifyCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    String user = Objects.requireNonNull(username, "username");
    try (ConfiguredStore opened =
        ConfiguredStore.open(Configs.load(config), ConfiguredStore.Schema.PROBE)) {
      char[] password =
          AuthCtl.readPassword(terminal, opened.engine.config().inputLimits().maxPasswordChars());
      VerificationResult result;
      try {
        result = opened.engine.verify(user, password);
      } finally {
        Arrays.fill(password, '\0');
      }
      terminal.out.println(
          result.outcome().name()
              + result.retryAfter().map(wait -> " (retry after " + wait.toSeconds() + " s)").orElse(""));
      return result.succeeded() ? 0 : 1;
    }
  }
}
