package dev.portcullis.auth.jdbc;

import dev.portcullis.auth.spi.HashClass;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts the {@linkplain HashClass classes} of stored hashes in the database, in two aggregate
 * queries instead of reading every hash into the JVM: the first groups by length (a class's
 * hashes share one) and returns one hash per length, whose {@link HashClass#prefixOf prefix}
 * gives the prefix length of that length's classes; the second groups by length and that many
 * leading characters. A group whose example's own prefix is not the group's key (two formats of
 * one length whose prefixes differ in length, or salts too short to tell apart) means the store
 * cannot aggregate cheaply: the answer is then empty and the caller scans.
 *
 * <p>Only {@code LENGTH} ({@code OCTET_LENGTH}), {@code LEFT}, {@code CASE}, {@code COUNT} and
 * {@code MIN}: string
 * functions that cost little per row on both H2 and PostgreSQL (a regular expression per row
 * costs seconds per million rows on PostgreSQL).
 */
final class HashClassQuery {

  /** More classes than this are not worth aggregating: the caller scans instead. */
  static final int MAX_CLASSES = 10_000;

  private final Dialect dialect;
  private final int queryTimeoutSeconds;

  HashClassQuery(Dialect dialect, int queryTimeoutSeconds) {
    this.dialect = dialect;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  Optional<List<HashClass>> run(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // both queries see one snapshot (and SET LOCAL needs it)
    try {
      if (dialect == Dialect.POSTGRESQL) {
        try (Statement statement = connection.createStatement()) {
          // the planner cannot estimate the number of groups of an expression and would sort
          // a million rows to disk; the groups are few, so hash them, with the scan in parallel
          statement.execute("SET LOCAL enable_sort = off");
          statement.execute("SET LOCAL parallel_setup_cost = 0");
          statement.execute("SET LOCAL parallel_tuple_cost = 0");
        }
      }
      Optional<List<HashClass>> classes = classes(connection);
      connection.rollback(); // read-only
      return classes;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private Optional<List<HashClass>> classes(Connection connection) throws SQLException {
    Map<Integer, Integer> prefixLengths = new LinkedHashMap<>();
    String length = length();
    String byLength = "SELECT " + length + ", MIN(" + binary("password_hash") + ")"
        + " FROM portcullis_credentials GROUP BY " + length;
    try (PreparedStatement statement = prepare(connection, byLength);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        if (prefixLengths.size() >= MAX_CLASSES) {
          return Optional.empty();
        }
        prefixLengths.put(result.getInt(1), HashClass.prefixOf(result.getString(2)).length());
      }
    }
    if (prefixLengths.isEmpty()) {
      return Optional.of(List.of());
    }
    StringBuilder prefixLength = new StringBuilder("CASE " + length);
    // integers computed here, not user input: inlined so that SELECT and GROUP BY are one
    // expression
    prefixLengths.forEach((hashLength, prefix) ->
        prefixLength.append(" WHEN ").append(hashLength).append(" THEN ").append(prefix));
    prefixLength.append(" ELSE 0 END");
    String prefix = "LEFT(password_hash, " + prefixLength + ")";
    String byPrefix = "SELECT " + length + ", " + prefix + ", COUNT(*),"
        + " MIN(" + binary("username") + "), MIN(" + binary("password_hash") + ")"
        + " FROM portcullis_credentials GROUP BY " + length + ", " + prefix;
    List<HashClass> classes = new ArrayList<>();
    try (PreparedStatement statement = prepare(connection, byPrefix);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        String key = result.getString(2);
        String example = result.getString(5);
        if (classes.size() >= MAX_CLASSES || !HashClass.prefixOf(example).equals(key)) {
          return Optional.empty();
        }
        classes.add(new HashClass(key, result.getInt(1), result.getLong(3), result.getString(4),
            example));
      }
    }
    return Optional.of(List.copyOf(classes));
  }

  /**
   * The length a class shares: bytes on PostgreSQL ({@code OCTET_LENGTH} costs nothing, {@code
   * LENGTH} walks every UTF-8 character), characters on H2; the same for the ASCII hashes are.
   */
  private String length() {
    return dialect == Dialect.POSTGRESQL ? "OCTET_LENGTH(password_hash)" : "LENGTH(password_hash)";
  }

  /** Compares as bytes: PostgreSQL's collations would make MIN cost a locale comparison a row. */
  private String binary(String column) {
    return dialect == Dialect.POSTGRESQL ? column + " COLLATE \"C\"" : column;
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(queryTimeoutSeconds);
    return statement;
  }
}
