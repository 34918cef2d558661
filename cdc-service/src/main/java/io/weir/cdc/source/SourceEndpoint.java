package io.weir.cdc.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * A MariaDB server replicated from, with the service's account.
 *
 * @param serverId the id of the {@code servers} resource, for messages
 * @param host its host
 * @param port its port
 * @param user the service's {@code user}; needs {@code REPLICATION SLAVE}
 * @param password its password
 * @param timeout connect and read timeout (the service's {@code timeout})
 */
public record SourceEndpoint(
    String serverId, String host, int port, String user, String password, Duration timeout) {

  /** Opens a JDBC connection with the service's account. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", Long.toString(timeout.toMillis()));
    properties.setProperty("socketTimeout", Long.toString(timeout.toMillis()));
    return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/", properties);
  }

  @Override
  public String toString() {
    return "servers/" + serverId + " (" + host + ":" + port + ")";
  }
}
