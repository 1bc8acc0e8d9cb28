package dev.portcullis.auth.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One service instance as it recorded itself in the store it shares with the rest of the fleet:
 * which config it runs, since when, and when it last said so.
 *
 * @param instanceId unique per running authenticator, 1 to 200 characters (by default the host
 *     name, the process id and a random suffix)
 * @param revision the config revision it runs
 * @param fingerprint the config fingerprint it runs
 * @param startedAt when it started
 * @param heartbeatAt when it last recorded itself
 */
public record FleetMember(
    String instanceId, String revision, String fingerprint, Instant startedAt, Instant heartbeatAt) {

  /** Longest instance id a store must keep. */
  public static final int MAX_INSTANCE_ID_CHARS = 200;

  /**
   * Validates the member.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if instanceId is empty or longer than {@value
   *     #MAX_INSTANCE_ID_CHARS} characters
   */
  public FleetMember {
    requireNonNull(instanceId, "instanceId");
    requireNonNull(revision, "revision");
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(heartbeatAt, "heartbeatAt");
    if (instanceId.isEmpty() || instanceId.length() > MAX_INSTANCE_ID_CHARS) {
      throw new IllegalArgumentException("instanceId must be 1 to " + MAX_INSTANCE_ID_CHARS
          + " characters, was " + instanceId.length());
    }
  }

  /** This member with a new heartbeat time. */
  public FleetMember beatingAt(Instant now) {
    return new FleetMember(instanceId, revision, fingerprint, startedAt, now);
  }
}
