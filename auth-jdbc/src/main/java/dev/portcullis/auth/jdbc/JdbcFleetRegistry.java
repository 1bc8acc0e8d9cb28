package dev.portcullis.auth.jdbc;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.FleetRegistry;
import dev.portcullis.auth.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The fleet registry in the table {@code portcullis_instances} of a JDBC store: one row per
 * running authenticator, written by its own heartbeat (one upsert statement), so instances never
 * contend for a row. Times are epoch milliseconds from the instances' clocks.
 */
final class JdbcFleetRegistry implements FleetRegistry {

  private static final String H2_UPSERT =
      "MERGE INTO portcullis_instances (instance_id, revision, fingerprint, started_at_millis,"
          + " heartbeat_millis) KEY (instance_id) VALUES (?, ?, ?, ?, ?)";
  private static final String POSTGRESQL_UPSERT =
      "INSERT INTO portcullis_instances (instance_id, revision, fingerprint, started_at_millis,"
          + " heartbeat_millis) VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance_id) DO UPDATE SET"
          + " revision = EXCLUDED.revision, fingerprint = EXCLUDED.fingerprint,"
          + " started_at_millis = EXCLUDED.started_at_millis,"
          + " heartbeat_millis = EXCLUDED.heartbeat_millis";

  private final DataSource dataSource;
  private final int queryTimeoutSeconds;
  private final String upsert;
  private final String storeId;

  JdbcFleetRegistry(
      DataSource dataSource, int queryTimeoutSeconds, Dialect dialect, String storeId) {
    this.dataSource = dataSource;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    this.upsert = dialect == Dialect.H2 ? H2_UPSERT : POSTGRESQL_UPSERT;
    this.storeId = storeId;
  }

  @Override
  public void heartbeat(FleetMember member) {
    requireNonNull(member, "member");
    try (Connection connection = connection();
        PreparedStatement statement = prepare(connection, upsert)) {
      statement.setString(1, member.instanceId());
      statement.setString(2, member.revision());
      statement.setString(3, member.fingerprint());
      statement.setLong(4, member.startedAt().toEpochMilli());
      statement.setLong(5, member.heartbeatAt().toEpochMilli());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("fleet heartbeat", e);
    }
  }

  @Override
  public boolean leave(String instanceId) {
    requireNonNull(instanceId, "instanceId");
    return update("fleet leave", "DELETE FROM portcullis_instances WHERE instance_id = ?",
        instanceId) > 0;
  }

  @Override
  public int removeExpired(Instant heartbeatBefore) {
    requireNonNull(heartbeatBefore, "heartbeatBefore");
    return update("fleet expiry", "DELETE FROM portcullis_instances WHERE heartbeat_millis < ?",
        heartbeatBefore.toEpochMilli());
  }

  @Override
  public List<FleetMember> members() {
    try (Connection connection = connection();
        PreparedStatement statement = prepare(connection,
            "SELECT instance_id, revision, fingerprint, started_at_millis, heartbeat_millis"
                + " FROM portcullis_instances ORDER BY instance_id");
        ResultSet result = statement.executeQuery()) {
      List<FleetMember> members = new ArrayList<>();
      while (result.next()) {
        members.add(new FleetMember(result.getString(1), result.getString(2),
            result.getString(3), Instant.ofEpochMilli(result.getLong(4)),
            Instant.ofEpochMilli(result.getLong(5))));
      }
      return members;
    } catch (SQLException e) {
      throw failure("fleet members", e);
    }
  }

  private int update(String operation, String sql, Object value) {
    try (Connection connection = connection();
        PreparedStatement statement = prepare(connection, sql)) {
      statement.setObject(1, value);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /**
   * A database whose schema predates the fleet view lacks only this table: say so, rather than
   * "no Portcullis schema", since credentials are there and logins work.
   */
  private StoreException failure(String operation, SQLException e) {
    String state = e.getSQLState();
    if (state != null && JdbcCredentialStore.isMissingTable(state)) {
      return new StoreException("no table portcullis_instances in " + storeId
          + " (the fleet view's, newer than this schema): run createSchema()/authctl init once"
          + " more (" + operation + ": SQLState " + state + ")");
    }
    return JdbcCredentialStore.failure(operation, storeId, e);
  }

  private Connection connection() throws SQLException {
    Connection connection = dataSource.getConnection();
    if (connection == null) {
      throw new StoreException("the data source of " + storeId + " returned no connection");
    }
    return connection;
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      statement.setQueryTimeout(queryTimeoutSeconds);
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
    return statement;
  }
}
