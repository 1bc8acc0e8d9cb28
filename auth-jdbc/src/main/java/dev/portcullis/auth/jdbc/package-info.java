/**
 * A JDBC {@link dev.portcullis.auth.spi.CredentialStore} and {@link
 * dev.portcullis.auth.spi.SharedThrottleState}: embedded H2 by default, PostgreSQL in production.
 * Start with {@link dev.portcullis.auth.jdbc.JdbcCredentialStore}.
 */
@NullMarked
package dev.portcullis.auth.jdbc;

import org.jspecify.annotations.NullMarked;
