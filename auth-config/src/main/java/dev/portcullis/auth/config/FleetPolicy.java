package dev.portcullis.auth.config;

/**
 * How an instance makes itself known to the fleet sharing its store: every {@code
 * heartbeatSeconds} it records its instance id, config revision, fingerprint, start time and the
 * time of the beat; an entry whose last beat is older than {@code expirySeconds} belongs to an
 * instance that stopped without closing (a crash, a killed pod) and is no longer counted. A clean
 * close removes the entry at once.
 *
 * @param heartbeatSeconds how often an instance records its beat (default 10)
 * @param expirySeconds how old a beat may be before the instance counts as gone (default 30, at
 *     least twice the heartbeat, so that one late beat does not drop a live instance)
 */
public record FleetPolicy(int heartbeatSeconds, int expirySeconds) {

  /** Default {@code fleet.heartbeat-seconds}. */
  public static final int DEFAULT_HEARTBEAT_SECONDS = 10;

  /** Default {@code fleet.expiry-seconds}. */
  public static final int DEFAULT_EXPIRY_SECONDS = 30;

  private static final FleetPolicy DEFAULTS =
      new FleetPolicy(DEFAULT_HEARTBEAT_SECONDS, DEFAULT_EXPIRY_SECONDS);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting out of range
   */
  public FleetPolicy {
    if (heartbeatSeconds < 1 || heartbeatSeconds > 3_600) {
      throw new IllegalArgumentException(
          "heartbeatSeconds was " + heartbeatSeconds + ", allowed is 1 to 3600");
    }
    if (expirySeconds < 2L * heartbeatSeconds || expirySeconds > 86_400) {
      throw new IllegalArgumentException("expirySeconds was " + expirySeconds
          + ", allowed is twice heartbeatSeconds (" + 2 * heartbeatSeconds + ") to 86400");
    }
  }

  /** The documented defaults: a beat every 10 s, gone after 30 s without one. */
  public static FleetPolicy defaults() {
    return DEFAULTS;
  }
}
