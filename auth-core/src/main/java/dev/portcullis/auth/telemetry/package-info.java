/**
 * What an authenticator reports about itself: an event per verification, anomaly and lifecycle
 * step for {@link dev.portcullis.auth.spi.AuthListener}s, metrics without dependencies, the
 * health report, and the anomalies the spike detector raises with their likely cause.
 *
 * <p>Nothing here ever holds a password, hash, salt or pepper; usernames appear only as an opt-in
 * keyed hash.
 */
@NullMarked
package dev.portcullis.auth.telemetry;

import org.jspecify.annotations.NullMarked;
