/**
 * Binds a Portcullis {@link dev.portcullis.auth.Authenticator}'s telemetry to a Micrometer
 * registry: {@link dev.portcullis.auth.micrometer.PortcullisMetrics}.
 */
@NullMarked
package dev.portcullis.auth.micrometer;

import org.jspecify.annotations.NullMarked;
