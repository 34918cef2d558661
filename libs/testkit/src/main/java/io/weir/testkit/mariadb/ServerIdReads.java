package io.weir.testkit.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Which server answers a session's reads, told by {@code @@server_id}: for tests of where a proxy's
 * router sends statements.
 */
public final class ServerIdReads {

  private ServerIdReads() {}

  /** A Connector/J session through a proxy listener as the application account. */
  public static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://127.0.0.1:" + port + "/app",
        Credentials.APPLICATION.user(),
        Credentials.APPLICATION.password());
  }

  /** The {@code @@server_id}s that answered {@code count} autocommit reads. */
  public static Set<Long> readsOn(Connection connection, int count) throws SQLException {
    Set<Long> servers = new HashSet<>();
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < count; i++) {
        try (ResultSet row = statement.executeQuery("SELECT @@server_id")) {
          row.next();
          servers.add(row.getLong(1));
        }
      }
    }
    return servers;
  }

  /** A server's {@code @@server_id}, asked directly. */
  public static long serverId(MariaDbServer server) {
    return Long.parseLong(String.valueOf(server.queryString("SELECT @@server_id")));
  }
}
