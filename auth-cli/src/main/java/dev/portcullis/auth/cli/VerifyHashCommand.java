package dev.portcullis.auth.cli;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.HashCheck;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.PasswordHashers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code authctl verify-hash --encoded E [--config F]}: checks stdin's password against an
 * encoded hash, like {@code htpasswd -v}. Without {@code --config} it recognizes every scheme
 * Portcullis knows, the verify-only legacy ones (bcrypt, Django, Spring Security, sha-crypt)
 * included; with one, the config's hashers. Parameters are capped (the configured caps, or the
 * defaults) before any work.
 */
@Command(
    name = "verify-hash",
    description = {
      "Checks the password on standard input's first line against an encoded hash.",
      "Without --config, every scheme Portcullis knows, legacy ones (bcrypt, Django, Spring",
      "Security, sha-crypt) included; with it, the config's pepper keyring, caps and schemes.",
      "Exit 0 match, 1 mismatch, 2 cannot verify (malformed, unsupported, over the caps)."
    },
    mixinStandardHelpOptions = true)
final class VerifyHashCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(
      names = "--encoded",
      required = true,
      paramLabel = "E",
      description = "The encoded hash, e.g. '$argon2id$v=19$m=19456,t=2,p=1$...$...'.")
  private String encoded = "";

  @Option(names = "--config", paramLabel = "F", description = "A Portcullis .properties file.")
  private @Nullable Path config;

  VerifyHashCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    // without a config, a diagnostic: every scheme Portcullis knows, legacy ones included
    try (Authenticator engine = Configs.engine(Configs.load(config), config == null)) {
      if (PasswordHashers.schemeIdOf(encoded).isEmpty()) {
        throw new CommandFailure("cannot verify: no scheme id in the encoded hash");
      }
      if (engine.hashers().forEncodedHash(encoded).isEmpty()) {
        // the text is not echoed: it may be a plaintext password rather than a hash
        throw new CommandFailure(
            "cannot verify: unsupported scheme, known: " + engine.hashers());
      }
      char[] password =
          AuthCtl.readPassword(terminal, engine.config().inputLimits().maxPasswordChars());
      try {
        if (password.length == 0) {
          throw new CommandFailure("the password is empty");
        }
        HashCheck check = engine.checkHash(password, encoded);
        if (check.outcome() == Outcome.SUCCESS || check.outcome() == Outcome.BAD_PASSWORD) {
          terminal.out.println(check.matches() ? "match" : "mismatch");
          return check.matches() ? 0 : 1;
        }
        throw new CommandFailure(
            "cannot verify ("
                + check.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + "): "
                + check.detail());
      } catch (IllegalArgumentException e) {
        throw new CommandFailure("cannot verify: " + e.getMessage());
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }
}
