package io.weir.cluster.monitor;

import io.weir.cluster.server.ReplicaConnection;
import io.weir.cluster.server.ServerEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Polls servers over MariaDB Connector/J, keeping one connection per server between rounds as
 * MaxScale's monitor does, and opening a new one after any failure.
 */
public final class JdbcServerProbe implements ServerProbe {

  /** MariaDB's "Access denied" error. */
  private static final int ACCESS_DENIED = 1045;

  private static final String VARIABLES =
      "SELECT @@server_id, @@version, @@read_only, @@gtid_binlog_pos, @@gtid_current_pos";

  private final MonitorSettings settings;
  private final Map<ServerEndpoint, Connection> connections = new ConcurrentHashMap<>();

  public JdbcServerProbe(MonitorSettings settings) {
    this.settings = settings;
  }

  @Override
  public ProbeResult probe(ServerEndpoint endpoint) {
    try {
      Connection connection = connection(endpoint);
      try (Statement statement = connection.createStatement()) {
        return query(statement);
      }
    } catch (SQLException e) {
      discard(endpoint);
      if (e.getErrorCode() == ACCESS_DENIED) {
        return new ProbeResult.AuthenticationFailed(e.getMessage());
      }
      return new ProbeResult.Unreachable(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static ProbeResult.Reached query(Statement statement) throws SQLException {
    long serverId;
    String version;
    boolean readOnly;
    String binlogPosition;
    String currentPosition;
    try (ResultSet row = statement.executeQuery(VARIABLES)) {
      row.next();
      serverId = row.getLong(1);
      version = nonNull(row.getString(2));
      readOnly = row.getBoolean(3);
      binlogPosition = nonNull(row.getString(4));
      currentPosition = nonNull(row.getString(5));
    }
    List<ReplicaConnection> replicas = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("SHOW ALL SLAVES STATUS")) {
      while (rows.next()) {
        long behind = rows.getLong("Seconds_Behind_Master");
        replicas.add(
            new ReplicaConnection(
                nonNull(rows.getString("Connection_name")),
                nonNull(rows.getString("Master_Host")),
                rows.getInt("Master_Port"),
                "Yes".equals(rows.getString("Slave_IO_Running")),
                "Yes".equals(rows.getString("Slave_SQL_Running")),
                rows.wasNull() ? null : behind,
                nonNull(rows.getString("Using_Gtid")),
                firstNonEmpty(rows.getString("Last_IO_Error"), rows.getString("Last_SQL_Error"))));
      }
    }
    return new ProbeResult.Reached(
        serverId, version, readOnly, binlogPosition, currentPosition, replicas);
  }

  private Connection connection(ServerEndpoint endpoint) throws SQLException {
    Connection existing = connections.get(endpoint);
    if (existing != null) {
      return existing;
    }
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("connectTimeout", Long.toString(settings.connectTimeout().toMillis()));
    properties.setProperty("socketTimeout", Long.toString(settings.readTimeout().toMillis()));
    Connection connection =
        DriverManager.getConnection("jdbc:mariadb://" + endpoint.address() + "/", properties);
    connections.put(endpoint, connection);
    return connection;
  }

  private void discard(ServerEndpoint endpoint) {
    Connection connection = connections.remove(endpoint);
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is broken already; a new one is opened next round
      }
    }
  }

  @Override
  public void close() {
    connections.keySet().forEach(this::discard);
  }

  private static String nonNull(@Nullable String value) {
    return value == null ? "" : value;
  }

  private static String firstNonEmpty(@Nullable String first, @Nullable String second) {
    return first != null && !first.isEmpty() ? first : nonNull(second);
  }
}
