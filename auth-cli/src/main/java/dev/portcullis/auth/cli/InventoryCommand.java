package dev.portcullis.auth.cli;

import dev.portcullis.auth.Inventory;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.spi.StoreException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code authctl inventory --config F [--json]}: a census of the configured store under the
 * config: users per scheme, parameters and pepper key id, how many will be rehashed at their
 * next login (migration progress), and every class of hash the config cannot verify, with a
 * count and one example username. Exit 0 (it describes, {@code check} judges), 2 on errors.
 */
@Command(
    name = "inventory",
    description = {
      "Counts the users of the configured store per scheme, parameters and pepper key id, how",
      "many will be rehashed at their next login, and which cannot log in under the config.",
      "Exit 0; 2 if the store cannot be read. authctl check fails on unverifiable users."
    },
    mixinStandardHelpOptions = true)
final class InventoryCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(names = "--config", required = true, paramLabel = "F",
      description = "A Portcullis .properties file naming the store (store.type).")
  private @Nullable Path config;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  InventoryCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    AuthConfig loaded = Configs.load(config);
    ConfiguredStore.requireStore(loaded);
    Inventory inventory;
    try (ConfiguredStore opened = ConfiguredStore.openForPreflight(loaded)) {
      opened.store.probe(); // the wrong database says so, rather than counting zero users
      inventory = opened.engine.inventory();
    } catch (StoreException | PreflightException e) {
      throw new CommandFailure(String.valueOf(e.getMessage()));
    }
    if (json) {
      terminal.out.println(PreflightOutput.inventoryJson(inventory));
    } else {
      PreflightOutput.printInventory(terminal.out, inventory);
    }
    return 0;
  }
}
