package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A step in an authenticator's life, with the configuration it concerns.
 *
 * @param time when
 * @param kind what happened
 * @param revision the config revision
 * @param fingerprint the config fingerprint
 * @param detail more for operators (never a secret); empty when there is nothing to add
 */
public record LifecycleEvent(
    Instant time, Kind kind, String revision, String fingerprint, String detail) {

  /** What happened. */
  public enum Kind {
    /** The authenticator started (self-tests passed). */
    STARTED,
    /** The authenticator was closed. */
    STOPPED,
    /** A new configuration was swapped in. */
    RELOADED,
    /** A new configuration was refused; the old one stays live. */
    RELOAD_FAILED,
    /** A preflight ran; the detail summarises its result. */
    PREFLIGHT
  }

  /**
   * Creates the event.
   *
   * @throws NullPointerException if an argument is null
   */
  public LifecycleEvent {
    requireNonNull(time, "time");
    requireNonNull(kind, "kind");
    requireNonNull(revision, "revision");
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(detail, "detail");
  }
}
