package dev.portcullis.auth.cli;

import dev.portcullis.auth.Authenticator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code authctl hash [--config F]}: prints the encoded hash of stdin's password. */
@Command(
    name = "hash",
    description = {
      "Prints the encoded hash of the password on standard input's first line, under the",
      "configured policy and pepper; without --config: Argon2id m=19456 KiB, t=2, p=1",
      "(the OWASP minimum row), no pepper."
    },
    mixinStandardHelpOptions = true)
final class HashCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(names = "--config", paramLabel = "F", description = "A Portcullis .properties file.")
  private @Nullable Path config;

  HashCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    try (Authenticator engine = Configs.engine(Configs.load(config))) {
      char[] password =
          AuthCtl.readPassword(terminal, engine.config().inputLimits().maxPasswordChars());
      try {
        if (password.length == 0) {
          throw new CommandFailure("the password is empty");
        }
        terminal.out.println(engine.hash(password));
        return 0;
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(String.valueOf(e.getMessage()));
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }
}
