package dev.portcullis.auth.cli;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.telemetry.FleetView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code authctl fleet --config F [--json]}: the instances that share the configured store, as
 * they recorded themselves: which revision and fingerprint each runs, since when, and how long ago
 * it last beat. Instances whose beat is older than {@code fleet.expiry-seconds} are not listed.
 * Exit 0 when every live instance runs one configuration (or none is live), 1 when they run
 * several (a rollout in progress, or one that stopped half-way), 2 when the fleet cannot be read.
 */
@Command(
    name = "fleet",
    description = {
      "Lists the service instances sharing the configured store: instance id, revision,",
      "fingerprint, start time and last heartbeat, and how many run each configuration.",
      "Exit 0 one configuration live, 1 several (a half-updated deployment), 2 cannot read."
    },
    mixinStandardHelpOptions = true)
final class FleetCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(names = "--config", required = true, paramLabel = "F",
      description = "A Portcullis .properties file naming the store (store.type).")
  private @Nullable Path config;

  @Option(names = "--json", description = "Print one JSON object.")
  private boolean json;

  FleetCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    AuthConfig loaded = Configs.load(config);
    ConfiguredStore.requireStore(loaded);
    FleetView view;
    try (ConfiguredStore opened = ConfiguredStore.openForPreflight(loaded)) {
      opened.store.probe(); // the wrong database says so, rather than listing no instance
      view = FleetView.read(opened.store, loaded.fleet(), Instant.now());
    } catch (StoreException e) {
      throw new CommandFailure(String.valueOf(e.getMessage()));
    }
    if (view.status() != FleetView.Status.RECORDED) {
      throw new CommandFailure("the fleet cannot be read: " + view.describe());
    }
    if (json) {
      terminal.out.println(json(view, loaded));
    } else {
      printHuman(view);
    }
    return view.split() ? 1 : 0;
  }

  private void printHuman(FleetView view) {
    terminal.out.println((view.split() ? "SPLIT " : "") + view.describe());
    for (FleetMember member : view.members()) {
      terminal.out.println("  " + member.instanceId() + "  revision " + member.revision()
          + "  fingerprint " + member.fingerprint() + "  started " + member.startedAt()
          + "  last beat " + age(member, view.asOf()) + " ago");
    }
  }

  private static String age(FleetMember member, Instant now) {
    Duration age = Duration.between(member.heartbeatAt(), now);
    return Math.max(0, age.toSeconds()) + " s";
  }

  /** Also used by authctl check. */
  static String json(FleetView view, AuthConfig config) {
    StringJoiner groups = new StringJoiner(",", "[", "]");
    for (FleetView.Group group : view.groups()) {
      groups.add("{\"revision\":" + Json.string(group.revision())
          + ",\"fingerprint\":" + Json.string(group.fingerprint())
          + ",\"instances\":" + group.instances() + "}");
    }
    StringJoiner members = new StringJoiner(",", "[", "]");
    for (FleetMember member : view.members()) {
      members.add("{\"instanceId\":" + Json.string(member.instanceId())
          + ",\"revision\":" + Json.string(member.revision())
          + ",\"fingerprint\":" + Json.string(member.fingerprint())
          + ",\"startedAt\":" + Json.string(member.startedAt().toString())
          + ",\"heartbeatAt\":" + Json.string(member.heartbeatAt().toString()) + "}");
    }
    return "{\"status\":" + Json.string(view.status().name().toLowerCase(java.util.Locale.ROOT))
        + ",\"detail\":" + Json.string(view.detail())
        + ",\"asOf\":" + Json.string(view.asOf().toString())
        + ",\"expirySeconds\":" + config.fleet().expirySeconds()
        + ",\"split\":" + view.split()
        + ",\"groups\":" + groups
        + ",\"instances\":" + members + "}";
  }
}
