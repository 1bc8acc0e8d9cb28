package dev.portcullis.auth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.StorePolicy;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.spi.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code authctl init [DIR]}: writes {@code DIR/auth.properties}, a complete config on an
 * embedded H2 store in {@code DIR/data}, and creates the store's schema. Refuses to overwrite an
 * existing config (exit 2).
 */
@Command(
    name = "init",
    description = {
      "Writes DIR/auth.properties (default: the current directory), a complete, commented",
      "config: Argon2id m=19456 KiB t=2 p=1 (OWASP), no pepper, an embedded H2 store in",
      "DIR/data; and creates the store's schema. Never overwrites an existing config."
    },
    mixinStandardHelpOptions = true)
final class InitCommand implements Callable<Integer> {

  static final String CONFIG_FILE = "auth.properties";

  private final Terminal terminal;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description = "Where to write auth.properties (created if missing).")
  private Path directory = Path.of(".");

  InitCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    Path file = directory.resolve(CONFIG_FILE);
    try {
      Files.createDirectories(directory);
      Files.writeString(file, template(), UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new CommandFailure(
          file + " already exists; authctl init never overwrites a config (remove it or pick"
              + " another directory)");
    } catch (IOException e) {
      throw new CommandFailure("cannot write " + file + ": " + e.getClass().getSimpleName()
          + " " + e.getMessage());
    }
    AuthConfig config = Configs.load(file);
    StorePolicy policy = config.store();
    String created;
    try (JdbcCredentialStore store = JdbcStores.open(policy)) {
      created = store.createSchema();
    } catch (StoreException e) {
      throw new CommandFailure("wrote " + file + " but cannot create the store: " + e.getMessage());
    }
    terminal.out.println("wrote " + file);
    terminal.out.println("created the store: " + created);
    terminal.out.println(
        "next: printf '%s\\n' 'a long passphrase' | authctl user add --config " + file + " USER");
    return 0;
  }

  static String template() {
    String revision = "init-" + LocalDate.now(ZoneOffset.UTC);
    return String.join(
        "\n",
        "# Portcullis configuration written by authctl init. Every key is explained in",
        "# examples/auth.properties of the Portcullis sources; unknown or misspelled keys are",
        "# errors. Check it, and the store, with: authctl check --config auth.properties",
        "",
        "# The configuration schema this file is written for.",
        "config.schema = 1",
        "",
        "# Which configuration is live: logged at start-up with the fingerprint. Change it with",
        "# every edit.",
        "revision = " + revision,
        "",
        "# How new passwords are hashed: Argon2id, OWASP's usual minimum (19 MiB, 2 passes,",
        "# 1 lane). Every parameter needed to verify is stored in each hash, so changing these",
        "# later rehashes users at their next login.",
        "hashing.scheme = argon2id",
        "hashing.argon2id.memory-kib = 19456",
        "hashing.argon2id.iterations = 2",
        "hashing.argon2id.parallelism = 1",
        "",
        "# Pepper: none. For a secret key kept apart from the database (recommended in",
        "# production), use a keyring whose keys are references, never inline:",
        "#   pepper = keyring",
        "#   pepper.current-key = k1",
        "#   pepper.keys.k1 = file:/run/secrets/pepper-k1",
        "pepper = none",
        "",
        "# Where users live: an embedded H2 database in this directory (relative to this file),",
        "# created by authctl init. For several service instances, use PostgreSQL:",
        "#   store.type = jdbc",
        "#   store.jdbc.url = jdbc:postgresql://db.internal:5432/auth",
        "#   store.jdbc.user = portcullis",
        "#   store.jdbc.password = env:PORTCULLIS_DB_PASSWORD",
        "#   throttle.shared-state = store",
        "store.type = h2",
        "store.h2.directory = data",
        "store.connect-timeout-seconds = " + StorePolicy.DEFAULT_TIMEOUT_SECONDS,
        "store.query-timeout-seconds = " + StorePolicy.DEFAULT_TIMEOUT_SECONDS,
        "",
        "# Throttling (defaults): increasing delays after 5 failures of one account from one",
        "# source, after 20 from all sources; no hard lockout.",
        "throttle.enabled = true",
        "throttle.shared-state = local",
        "",
        "# Password policy for authctl user add/passwd and setPassword: at least 8 code points,",
        "# not one of the 100,000 most common passwords, not containing the username.",
        "password.min-code-points = 8",
        "");
  }
}
