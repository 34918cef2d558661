package io.weir.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.proxy.metrics.ProxyMetrics;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.tls.TestCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void serversWithSslAreReachedOverVerifiedTls(MariaDbTopology topology, @TempDir Path directory)
      throws Exception {
    TestCertificates certificates = TestCertificates.writeTo(directory);
    try (TestingProxy plain = TestingProxy.start(topology, "master");
        TestingProxy encrypted =
            TestingProxy.builder(topology)
                .routerOptions("master")
                .serverParameters(
                    "      ssl: true\n      ssl_ca: " + certificates.caCertificate() + "\n")
                .start()) {
      assertThat(backendCipher(plain)).isEmpty();
      assertThat(backendCipher(encrypted)).isNotEmpty();
    }
  }

  @Test
  void killNamesTheProxysConnectionIdEvenWhenTheSessionIsOnAnotherServer(MariaDbTopology topology)
      throws Exception {
    // running: least connections puts the first session on the primary, the second on the replica
    try (TestingProxy proxy = TestingProxy.start(topology, "running");
        Connection sleeper = connect(proxy);
        Connection killer = connect(proxy);
        Statement killing = killer.createStatement()) {
      assertThat(serverId(sleeper)).isNotEqualTo(serverId(killer));
      long sleeperId = sleeper.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
      assertThat(proxy.runtime().sessions().find(sleeperId)).isPresent();
      var sleeping =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                long started = System.nanoTime();
                try (Statement statement = sleeper.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT SLEEP(20)")) {
                  rows.next();
                  return "returned " + rows.getInt(1);
                } catch (SQLException e) {
                  return "error " + e.getErrorCode();
                } finally {
                  assertThat(System.nanoTime() - started).isLessThan(15_000_000_000L);
                }
              });
      awaitSleeping(topology);
      killing.execute("KILL QUERY " + sleeperId);
      // SLEEP interrupted by KILL QUERY returns 1 instead of 0
      assertThat(sleeping.get(15, java.util.concurrent.TimeUnit.SECONDS))
          .isIn("returned 1", "error 1317");
      assertThatThrownBy(() -> killing.execute("KILL QUERY 4000000000"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1094));
    }
  }

  private static Connection connect(TestingProxy proxy) throws SQLException {
    return DriverManager.getConnection(
        proxy.jdbcUrl("app"), Credentials.APPLICATION.user(), Credentials.APPLICATION.password());
  }

  private static long serverId(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Waits until the sleeper's query runs on its server, so the KILL finds it. */
  private static void awaitSleeping(MariaDbTopology topology) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (var server : topology.servers()) {
        String found =
            server.queryString(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT"
                    + " SLEEP(20)'");
        if (found != null && !found.equals("0")) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the sleeping query never showed in a process list");
  }

  /** The cipher of the proxy's connection to the server, as the server sees it. */
  private static String backendCipher(TestingProxy proxy) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                proxy.jdbcUrl("app"),
                Credentials.APPLICATION.user(),
                Credentials.APPLICATION.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      assertThat(rows.next()).isTrue();
      return rows.getString(2);
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
