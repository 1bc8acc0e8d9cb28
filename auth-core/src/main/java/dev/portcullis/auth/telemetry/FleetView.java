package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.FleetPolicy;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.FleetRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which configurations the instances sharing a store run, as of one moment: the live instances
 * (last heartbeat within the expiry), grouped by revision and fingerprint. A fleet in the middle
 * of a rollout, or one where a rollout stopped half-way, shows two groups or more.
 *
 * @param status whether the view could be read: {@link Status#RECORDED}, {@link
 *     Status#NOT_SUPPORTED} when the store keeps no fleet registry, {@link Status#UNAVAILABLE}
 *     when reading it failed
 * @param detail why the view is not recorded (the failure, without secrets); empty when recorded
 * @param asOf when the view was read
 * @param members the live instances, ordered by instance id
 */
public record FleetView(Status status, String detail, Instant asOf, List<FleetMember> members) {

  /** Whether the fleet could be seen. */
  public enum Status {
    /** Read from the store's fleet registry. */
    RECORDED,
    /** The store keeps no fleet registry. */
    NOT_SUPPORTED,
    /** Reading the registry failed; {@link #detail()} says why. */
    UNAVAILABLE
  }

  /**
   * One configuration and how many live instances run it.
   *
   * @param revision the config revision
   * @param fingerprint the config fingerprint
   * @param instances how many live instances run it
   */
  public record Group(String revision, String fingerprint, int instances) {}

  /**
   * Copies the members.
   *
   * @throws NullPointerException if an argument is null
   */
  public FleetView {
    requireNonNull(status, "status");
    requireNonNull(detail, "detail");
    requireNonNull(asOf, "asOf");
    members = List.copyOf(members);
  }

  /**
   * The live members among {@code recorded}: those whose last heartbeat is at most {@code expiry}
   * old at {@code now}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static FleetView of(List<FleetMember> recorded, Instant now, Duration expiry) {
    Instant oldest = now.minus(expiry);
    List<FleetMember> live = new ArrayList<>();
    for (FleetMember member : recorded) {
      if (!member.heartbeatAt().isBefore(oldest)) {
        live.add(member);
      }
    }
    live.sort(Comparator.comparing(FleetMember::instanceId));
    return new FleetView(Status.RECORDED, "", now, live);
  }

  /**
   * The fleet of {@code store} as of {@code now}, read without joining it (for tools such as
   * {@code authctl fleet}, and for an admin page that wants it fresher than the last heartbeat).
   * Never throws for a store failure: the view says {@link Status#UNAVAILABLE} and why.
   *
   * @throws NullPointerException if an argument is null
   */
  public static FleetView read(CredentialStore store, FleetPolicy policy, Instant now) {
    requireNonNull(store, "store");
    requireNonNull(policy, "policy");
    requireNonNull(now, "now");
    if (!(store instanceof FleetRegistry registry)) {
      return unavailable(Status.NOT_SUPPORTED, "", now);
    }
    try {
      return of(registry.members(), now, Duration.ofSeconds(policy.expirySeconds()));
    } catch (RuntimeException e) {
      // StoreException messages name the store and the SQLState, never a password
      String message = String.valueOf(e.getMessage());
      int newline = message.indexOf('\n');
      return unavailable(Status.UNAVAILABLE, e.getClass().getSimpleName() + ": "
          + (newline < 0 ? message : message.substring(0, newline)), now);
    }
  }

  /** A view that could not be read, saying why. */
  public static FleetView unavailable(Status status, String detail, Instant asOf) {
    if (status == Status.RECORDED) {
      throw new IllegalArgumentException("an unavailable view needs NOT_SUPPORTED or UNAVAILABLE");
    }
    return new FleetView(status, detail, asOf, List.of());
  }

  /**
   * The configurations live instances run, the most common first (then by revision), so that in
   * a split the minority is last.
   */
  public List<Group> groups() {
    Map<List<String>, Integer> counts = new LinkedHashMap<>();
    for (FleetMember member : members) {
      counts.merge(List.of(member.revision(), member.fingerprint()), 1, Integer::sum);
    }
    List<Group> groups = new ArrayList<>();
    counts.forEach((key, count) -> groups.add(new Group(key.get(0), key.get(1), count)));
    groups.sort(Comparator.comparingInt(Group::instances).reversed()
        .thenComparing(Group::revision).thenComparing(Group::fingerprint));
    return List.copyOf(groups);
  }

  /** Whether live instances run more than one configuration. */
  public boolean split() {
    return groups().size() > 1;
  }

  /**
   * The split as evidence for an anomaly, e.g. {@code fleet split: 3 of 5 instances run revision
   * r-18, fingerprint 9f1c6a2b..; 2 of 5 instances run revision r-17, fingerprint 3aab91c0..};
   * empty when the fleet runs one configuration.
   */
  public Optional<String> splitEvidence() {
    List<Group> groups = groups();
    if (groups.size() < 2) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder("fleet split: ");
    for (int i = 0; i < groups.size(); i++) {
      Group group = groups.get(i);
      text.append(i == 0 ? "" : "; ").append(group.instances()).append(" of ")
          .append(members.size()).append(group.instances() == 1 ? " instances runs" : " instances run")
          .append(" revision ").append(group.revision())
          .append(", fingerprint ").append(abbreviated(group.fingerprint()));
    }
    return Optional.of(text.toString());
  }

  /**
   * One line for a person: {@code 5 live instances: 3 run revision r-18 (fingerprint 9f1c6a2b..),
   * 2 run revision r-17 (fingerprint 3aab91c0..)}, or why the fleet cannot be seen.
   */
  public String describe() {
    if (status != Status.RECORDED) {
      return status == Status.NOT_SUPPORTED
          ? "not recorded: the store keeps no fleet registry"
          : "unavailable: " + detail;
    }
    if (members.isEmpty()) {
      return "no live instances";
    }
    StringBuilder text = new StringBuilder().append(members.size())
        .append(members.size() == 1 ? " live instance: " : " live instances: ");
    List<Group> groups = groups();
    for (int i = 0; i < groups.size(); i++) {
      Group group = groups.get(i);
      text.append(i == 0 ? "" : ", ").append(group.instances())
          .append(group.instances() == 1 ? " runs" : " run").append(" revision ")
          .append(group.revision()).append(" (fingerprint ")
          .append(abbreviated(group.fingerprint())).append(')');
    }
    return text.toString();
  }

  /** The first 8 characters and {@code ..}: enough to tell configs apart in a sentence. */
  static String abbreviated(String fingerprint) {
    return fingerprint.length() <= 10 ? fingerprint : fingerprint.substring(0, 8) + "..";
  }
}
