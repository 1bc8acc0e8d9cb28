/**
 * The Portcullis API: {@link dev.portcullis.auth.Authenticator} verifies credentials and reports
 * a precise {@link dev.portcullis.auth.Outcome} for every attempt.
 */
@NullMarked
package dev.portcullis.auth;

import org.jspecify.annotations.NullMarked;
