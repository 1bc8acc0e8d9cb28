package dev.portcullis.auth.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import org.jspecify.annotations.Nullable;

/**
 * {@code authctl}: the Portcullis command line for operators and deployment pipelines.
 *
 * <p>Exit codes are a contract scripts rely on: 0 success, 1 a negative answer (mismatch), 2 the
 * command could not do its job (usage error, malformed input, unsupported hash) with the reason
 * on stderr.
 */
@Command(
    name = "authctl",
    mixinStandardHelpOptions = true,
    versionProvider = AuthCtl.Version.class,
    description = "Portcullis password hashing, verification and user management.",
    footer = {
      "",
      "Passwords are read from the first line of standard input, never from arguments.",
      "Exit codes: 0 ok/match, 1 mismatch/refused/failed login, 2 error (reason on stderr)."
    })
public final class AuthCtl implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  AuthCtl() {}

  /** Runs authctl on the process's streams and exits with its exit code. */
  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, new Terminal(System.in, out, err, System.console())));
  }

  /** Runs authctl with the given streams and returns the exit code (for tests and embedding). */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    PrintWriter outWriter =
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter =
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    return run(args, new Terminal(in, outWriter, errWriter, null));
  }

  static int run(String[] args, Terminal terminal) {
    CommandLine commandLine = new CommandLine(new AuthCtl());
    commandLine.addSubcommand(new HashCommand(terminal));
    commandLine.addSubcommand(new VerifyHashCommand(terminal));
    commandLine.addSubcommand(new CheckCommand(terminal));
    commandLine.addSubcommand(new CalibrateCommand(terminal));
    commandLine.addSubcommand(new InitCommand(terminal));
    commandLine.addSubcommand("user", UserCommand.create(terminal));
    commandLine.addSubcommand(new VerifyCommand(terminal));
    commandLine.addSubcommand(new InventoryCommand(terminal));
    commandLine.addSubcommand(new FleetCommand(terminal));
    commandLine.addSubcommand(new ImportCommand(terminal));
    commandLine.addSubcommand(new MigrateCommand(terminal));
    commandLine.setOut(terminal.out);
    commandLine.setErr(terminal.err);
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          if (exception instanceof CommandFailure) {
            terminal.err.println("authctl: " + exception.getMessage());
            return CommandFailure.EXIT_CODE;
          }
          terminal.err.println("authctl: internal error: " + exception);
          return CommandFailure.EXIT_CODE;
        });
    int exitCode = commandLine.execute(args);
    terminal.out.flush();
    terminal.err.flush();
    return exitCode;
  }

  /** Without a subcommand: print the usage and fail, so a script calling bare authctl notices. */
  @Override
  public void run() {
    CommandLine commandLine = spec == null ? new CommandLine(this) : spec.commandLine();
    throw new CommandLine.ParameterException(
        commandLine, "a command is required: hash, verify-hash, check, calibrate, init, user, verify, import,"
            + " migrate or fleet");
  }

  /** Reads the password from the console with echo off if interactive, else stdin's first line. */
  static char[] readPassword(Terminal terminal, int maxPasswordChars) {
    if (terminal.console != null) {
      char[] typed = terminal.console.readPassword("Password: ");
      if (typed == null) {
        throw new CommandFailure("no password typed");
      }
      return typed;
    }
    // UTF-8 needs at most 4 bytes per char; the engine checks the char count itself
    return PasswordInput.readFirstLine(terminal.in, 4L * maxPasswordChars);
  }

  /** The version from the jar manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AuthCtl.class.getPackage().getImplementationVersion();
      return new String[] {"authctl " + (version == null ? "(development build)" : version)};
    }
  }
}
