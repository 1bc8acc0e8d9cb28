package dev.portcullis.auth.spi;

import dev.portcullis.auth.telemetry.AnomalyEvent;
import dev.portcullis.auth.telemetry.CredentialChangeEvent;
import dev.portcullis.auth.telemetry.LifecycleEvent;
import dev.portcullis.auth.telemetry.VerificationEvent;

/**
 * Receives an authenticator's telemetry: one event per verification, per anomaly raised or
 * cleared, and per lifecycle step. Every method has an empty default, so a listener implements
 * what it needs.
 *
 * <p>Threading: events are delivered in order on one dedicated daemon thread per authenticator,
 * never on the thread that verifies. Between the two is a bounded queue ({@code
 * telemetry.listener-queue-capacity}); when it is full, new events are dropped and counted
 * ({@code VerificationMetrics.listenerEventsDropped}), so a slow listener can never stall a
 * login. An exception from a listener is caught, logged at most once per minute and counted
 * ({@code listenerFailures}); the other listeners and later events are unaffected.
 */
public interface AuthListener {

  /** A verification finished. */
  default void onVerification(VerificationEvent event) {}

  /** The spike detector raised an anomaly, or one cleared. */
  default void onAnomaly(AnomalyEvent event) {}

  /** The authenticator started, stopped, reloaded or ran a preflight. */
  default void onLifecycle(LifecycleEvent event) {}

  /**
   * A password was stored for a user (enrolled, reset or changed), so that the service can
   * notify them (OWASP ASVS asks that users be told of credential changes).
   */
  default void onCredentialChanged(CredentialChangeEvent event) {}
}
