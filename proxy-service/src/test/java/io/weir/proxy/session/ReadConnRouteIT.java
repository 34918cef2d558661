package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Sessions through a readconnroute listener reach the server router_options names. */
@WithMariaDb(replicas = 1)
class ReadConnRouteIT {

  @Test
  void masterSessionsRunOnThePrimary(MariaDbTopology topology) throws Exception {
    try (TestingProxy proxy = TestingProxy.start(topology, "master");
        Connection connection =
            DriverManager.getConnection(
                proxy.jdbcUrl("app"),
                Credentials.APPLICATION.user(),
                Credentials.APPLICATION.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT @@server_id, DATABASE()")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).isEqualTo(topology.primary().serverId());
      assertThat(rows.getString(2)).isEqualTo("app");
    }
  }
}
