package dev.portcullis.auth.config;

/**
 * Bounds every call the engine makes to the credential store during a login or a password change
 * (find, the rehash or password write, delete, the shared throttle counters), whatever the data
 * source or driver does. A call runs on a small helper pool and ends {@code STORE_UNAVAILABLE} at
 * its deadline; a call stuck in a driver keeps its helper thread until the driver returns, and
 * while every helper is busy a new call waits for one up to its deadline instead of starting a
 * thread.
 *
 * @param timeoutMillis how long one store call may take before the operation gives up on it
 *     (default 3000, 1 to 600000)
 * @param maxCallsInFlight how many store calls may run at once, stuck ones included: the size of
 *     the helper pool (default 32, 1 to 1024)
 */
public record StoreCallPolicy(int timeoutMillis, int maxCallsInFlight) {

  /** Default deadline of one store call. */
  public static final int DEFAULT_TIMEOUT_MILLIS = 3_000;

  /** Default size of the helper pool. */
  public static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 32;

  private static final StoreCallPolicy DEFAULTS =
      new StoreCallPolicy(DEFAULT_TIMEOUT_MILLIS, DEFAULT_MAX_CALLS_IN_FLIGHT);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting out of range
   */
  public StoreCallPolicy {
    if (timeoutMillis < 1 || timeoutMillis > 600_000) {
      throw new IllegalArgumentException(
          "timeoutMillis was " + timeoutMillis + ", allowed is 1 to 600000");
    }
    if (maxCallsInFlight < 1 || maxCallsInFlight > 1_024) {
      throw new IllegalArgumentException(
          "maxCallsInFlight was " + maxCallsInFlight + ", allowed is 1 to 1024");
    }
  }

  /** The documented defaults. */
  public static StoreCallPolicy defaults() {
    return DEFAULTS;
  }
}
