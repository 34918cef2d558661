package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.proxy.metrics.ProxyMetrics;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  @Test
  void slaveSessionsRunOnTheReplicaAndMetricsCountThem(MariaDbTopology topology) throws Exception {
    try (TestingProxy proxy = TestingProxy.start(topology, "slave")) {
      try (Connection connection =
              DriverManager.getConnection(
                  proxy.jdbcUrl("app"),
                  Credentials.APPLICATION.user(),
                  Credentials.APPLICATION.password());
          Statement statement = connection.createStatement()) {
        try (ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getLong(1)).isEqualTo(topology.replicas().get(0).serverId());
        }
        assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1146));
        assertThat(proxy.runtime().sessions().size()).isEqualTo(1);
      }
      var registry = proxy.registry();
      String replica = topology.replicas().get(0).name();
      assertThat(
              registry
                  .get(ProxyMetrics.COMMANDS)
                  .tags("server", replica, "command", "COM_QUERY")
                  .timer()
                  .count())
          .isGreaterThanOrEqualTo(2);
      assertThat(
              registry
                  .get(ProxyMetrics.ERRORS)
                  .tags("code", "1146", "origin", "server")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(registry.get(ProxyMetrics.CONNECTIONS).counter().count()).isEqualTo(1);
      assertThat(registry.get(ProxyMetrics.BYTES_OUT).counter().count()).isPositive();
      awaitNoSessions(proxy);
      assertThat(registry.get(ProxyMetrics.CONNECTIONS_CURRENT).gauge().value()).isZero();
    }
  }

  private static void awaitNoSessions(TestingProxy proxy) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (proxy.runtime().sessions().size() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(proxy.runtime().sessions().size()).as("sessions after the client closed").isZero();
  }
}
