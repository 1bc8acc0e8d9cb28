package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.spi.StoreException;
import java.util.Locale;

/** The SQL that differs between the databases Portcullis has a schema for. */
enum Dialect {
  H2(
      "h2",
      "MERGE INTO portcullis_credentials (username, password_hash, disabled, updated_at)"
          + " KEY (username) VALUES (?, ?, ?, ?)",
      // no RETURNING in H2: recordFailure updates, inserts if absent, then reads its own row
      null),
  POSTGRESQL(
      "postgresql",
      "INSERT INTO portcullis_credentials (username, password_hash, disabled, updated_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET"
          + " password_hash = EXCLUDED.password_hash, disabled = EXCLUDED.disabled,"
          + " updated_at = EXCLUDED.updated_at",
      "INSERT INTO portcullis_throttle (throttle_key, failures, last_failure_millis)"
          + " VALUES (?, 1, ?) ON CONFLICT (throttle_key) DO UPDATE SET failures = CASE"
          + " WHEN portcullis_throttle.last_failure_millis < ? THEN 1"
          + " ELSE portcullis_throttle.failures + 1 END,"
          + " last_failure_millis = GREATEST(portcullis_throttle.last_failure_millis,"
          + " EXCLUDED.last_failure_millis) RETURNING failures");

  /** The name of the schema file and the prefix of store ids. */
  final String id;

  final String upsertCredential;

  /** One-statement atomic recordFailure, or null where the database has no upsert-returning. */
  final @org.jspecify.annotations.Nullable String recordFailure;

  Dialect(
      String id,
      String upsertCredential,
      @org.jspecify.annotations.Nullable String recordFailure) {
    this.id = id;
    this.upsertCredential = upsertCredential;
    this.recordFailure = recordFailure;
  }

  /** The schema file on the class path. */
  String schemaResource() {
    return "schema/" + id + ".sql";
  }

  /**
   * The dialect of a database, from its JDBC product name.
   *
   * @throws StoreException for a database Portcullis has no schema for
   */
  static Dialect of(String productName) {
    String name = productName.toLowerCase(Locale.ROOT);
    if (name.equals("h2")) {
      return H2;
    }
    if (name.equals("postgresql")) {
      return POSTGRESQL;
    }
    throw new StoreException(
        "unsupported database \"" + productName
            + "\": Portcullis has a schema for H2 and PostgreSQL only");
  }
}
