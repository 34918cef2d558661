package io.weir.cdc.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the server a kafkacdc service replicates from: as MaxScale, the first primary of its
 * servers. Without a monitor, a primary is a server that answers, is not {@code read_only} and
 * replicates from nobody; a service with one server uses it whatever its role.
 */
public final class SourceServers {

  private SourceServers() {}

  /**
   * The primary among {@code servers}, in their order.
   *
   * @throws SourceRefusedException saying why each server is not one
   */
  public static SourceEndpoint primary(List<SourceEndpoint> servers) {
    List<String> reasons = new ArrayList<>();
    for (SourceEndpoint server : servers) {
      try (Connection connection = server.connect()) {
        if (servers.size() == 1 || isPrimary(connection)) {
          return server;
        }
        reasons.add(server + " is read_only or replicates from another server");
      } catch (SQLException e) {
        reasons.add(server + " cannot be reached: " + e.getMessage());
      }
    }
    throw new SourceRefusedException("no primary to replicate from: " + String.join("; ", reasons));
  }

  private static boolean isPrimary(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet row = statement.executeQuery("SELECT @@read_only")) {
        row.next();
        if (row.getBoolean(1)) {
          return false;
        }
      }
      try (ResultSet rows = statement.executeQuery("SHOW ALL SLAVES STATUS")) {
        return !rows.next();
      }
    }
  }
}
