package dev.portcullis.auth.cli;

import dev.portcullis.auth.PasswordChangeResult;
import dev.portcullis.auth.PasswordRefusal;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authctl user add|passwd|delete|list --config F [USER]}: manages users in the store the
 * config names. Exit codes: 0 done, 1 the password policy refused the password (every reason on
 * stderr), 2 error (no such user, user exists, store unavailable, bad config).
 */
@Command(
    name = "user",
    description = "Manages users in the configured store (store.type).",
    mixinStandardHelpOptions = true)
final class UserCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** The {@code user} command with its subcommands, writing to {@code terminal}. */
  static CommandLine create(Terminal terminal) {
    CommandLine user = new CommandLine(new UserCommand());
    user.addSubcommand(new Add(terminal));
    user.addSubcommand(new Passwd(terminal));
    user.addSubcommand(new Delete(terminal));
    user.addSubcommand(new ListUsers(terminal));
    return user;
  }

  @Override
  public void run() {
    CommandLine commandLine = spec == null ? new CommandLine(this) : spec.commandLine();
    throw new CommandLine.ParameterException(
        commandLine, "a user command is required: add, passwd, delete or list");
  }

  /** What every user subcommand takes. */
  abstract static class StoreCommand implements Callable<Integer> {
    final Terminal terminal;

    @Option(
        names = "--config",
        paramLabel = "F",
        required = true,
        description = "A Portcullis .properties file naming the store (store.type).")
    @Nullable Path config;

    StoreCommand(Terminal terminal) {
      this.terminal = terminal;
    }

    ConfiguredStore open(ConfiguredStore.Schema schema) {
      return ConfiguredStore.open(Configs.load(config), schema);
    }

    /** A store failure in the middle of a command: exit 2 with the reason, never a secret. */
    static CommandFailure unavailable(StoreException e) {
      return new CommandFailure("store unavailable: " + e.getMessage());
    }
  }

  /** Sets a password through the engine's policy; shared by add and passwd. */
  abstract static class SetPasswordCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "USER", description = "The username, exactly.")
    @Nullable String username;

    SetPasswordCommand(Terminal terminal) {
      super(terminal);
    }

    abstract boolean mustExist();

    abstract ConfiguredStore.Schema schema();

    @Override
    public Integer call() {
      String user = java.util.Objects.requireNonNull(username, "username");
      try (ConfiguredStore opened = open(schema())) {
        boolean exists;
        try {
          exists = opened.store.find(user).isPresent();
        } catch (StoreException e) {
          throw unavailable(e);
        }
        if (mustExist() && !exists) {
          throw new CommandFailure("no user " + user + " in " + opened.store.storeId()
              + ": authctl user add creates one");
        }
        if (!mustExist() && exists) {
          throw new CommandFailure("user " + user + " already exists in " + opened.store.storeId()
              + ": authctl user passwd changes the password");
        }
        char[] password =
            AuthCtl.readPassword(terminal, opened.engine.config().inputLimits().maxPasswordChars());
        PasswordChangeResult result;
        try {
          // add never overwrites an account created since the check above
          result = mustExist()
              ? opened.engine.setPassword(user, password)
              : opened.engine.addUser(user, password);
        } catch (IllegalArgumentException e) {
          throw new CommandFailure(String.valueOf(e.getMessage()));
        } catch (StoreException e) {
          throw unavailable(e);
        } finally {
          Arrays.fill(password, '\0');
        }
        if (result.refusals().contains(PasswordRefusal.USERNAME_TAKEN)) {
          throw new CommandFailure("user " + user + " already exists in " + opened.store.storeId()
              + ": authctl user passwd changes the password");
        }
        if (!result.changed()) {
          terminal.err.println("authctl: password refused for " + user + ":");
          for (PasswordRefusal refusal : result.refusals()) {
            terminal.err.println("  - " + refusal.description() + " (" + refusal.name() + ")");
          }
          return 1;
        }
        terminal.out.println((mustExist() ? "password changed for " : "added ") + user);
        return 0;
      }
    }
  }

  @Command(
      name = "add",
      description = {
        "Adds USER with the password on standard input's first line, if the password policy",
        "accepts it. On an embedded H2 store, creates the schema on first use."
      },
      mixinStandardHelpOptions = true)
  static final class Add extends SetPasswordCommand {
    Add(Terminal terminal) {
      super(terminal);
    }

    @Override
    boolean mustExist() {
      return false;
    }

    @Override
    ConfiguredStore.Schema schema() {
      return ConfiguredStore.Schema.CREATE_IF_EMBEDDED;
    }
  }

  @Command(
      name = "passwd",
      description = "Sets USER's password to the one on standard input's first line (a reset).",
      mixinStandardHelpOptions = true)
  static final class Passwd extends SetPasswordCommand {
    Passwd(Terminal terminal) {
      super(terminal);
    }

    @Override
    boolean mustExist() {
      return true;
    }

    @Override
    ConfiguredStore.Schema schema() {
      return ConfiguredStore.Schema.PROBE;
    }
  }

  @Command(name = "delete", description = "Deletes USER.", mixinStandardHelpOptions = true)
  static final class Delete extends StoreCommand {
    @Parameters(index = "0", paramLabel = "USER", description = "The username, exactly.")
    @Nullable String username;

    Delete(Terminal terminal) {
      super(terminal);
    }

    @Override
    public Integer call() {
      String user = java.util.Objects.requireNonNull(username, "username");
      try (ConfiguredStore opened = open(ConfiguredStore.Schema.PROBE)) {
        boolean deleted;
        try {
          deleted = opened.store.delete(user);
        } catch (StoreException e) {
          throw unavailable(e);
        }
        if (!deleted) {
          throw new CommandFailure("no user " + user + " in " + opened.store.storeId());
        }
        opened.engine.invalidate(user);
        terminal.out.println("deleted " + user);
        return 0;
      }
    }
  }

  @Command(
      name = "list",
      description = "Lists the usernames, one a line (disabled accounts marked), streaming.",
      mixinStandardHelpOptions = true)
  static final class ListUsers extends StoreCommand {
    ListUsers(Terminal terminal) {
      super(terminal);
    }

    @Override
    public Integer call() {
      try (ConfiguredStore opened = open(ConfiguredStore.Schema.PROBE);
          Stream<StoredCredential> all = opened.store.scan()) {
        all.forEach(
            credential ->
                terminal.out.println(
                    credential.username() + (credential.disabled() ? "\tdisabled" : "")));
        return 0;
      } catch (StoreException e) {
        throw unavailable(e);
      }
    }
  }
}
