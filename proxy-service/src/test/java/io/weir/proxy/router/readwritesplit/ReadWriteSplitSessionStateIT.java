package io.weir.proxy.router.readwritesplit;

import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.connect;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.rows;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.serverIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service parameters that shape a session (how many replicas it uses, whether the master reads,
 * what follows multi-statements and CALLs, the session command history), and a session's state
 * surviving the loss of its replica connection.
 */
@WithMariaDb(replicas = 2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadWriteSplitSessionStateIT {

  private static final String READ = "SELECT @@server_id";

  private @Nullable ReadWriteSplitCluster cluster;

  @BeforeAll
  void prepareSchema(MariaDbTopology topology) {
    cluster = ReadWriteSplitCluster.of(topology);
    topology
        .primary()
        .execute(
            "DROP PROCEDURE IF EXISTS app.rws_state_p",
            "CREATE PROCEDURE app.rws_state_p() SELECT 1");
    topology.awaitReplicasCaughtUp();
  }

  // 9. a replica connection replaced with the session's state

  @Test
  @DisplayName(
      "after the session's replica connection is killed, reads still see its user variable and"
          + " sql_mode (history replayed on the replacement)")
  void replacedReplicaConnectionGetsTheSessionState() throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      max_slave_connections: 1\n");
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      statement.execute("SET @v = 42");
      statement.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
      MariaDbServer replica = killReplicaConnection(statement);

      List<List<String>> reads = rows(statement, "SELECT @v, @@sql_mode, @@server_id", 10);

      // a read waits while the replacement replica is opened and replayed, so every answer comes
      // from a replica and has the session's state
      assertThat(reads)
          .as("reads after %s lost the session's connection", replica.name())
          .allSatisfy(
              row -> {
                assertThat(row.get(0)).isEqualTo("42");
                assertThat(row.get(1)).isEqualTo("ANSI_QUOTES");
              });
      assertThat(reads.stream().map(ReadWriteSplitCluster::lastColumnId).toList())
          .as("servers of the reads after the kill")
          .isSubsetOf(cluster().replicaIds());
    }
  }

  @Test
  @DisplayName(
      "KILL of a readwritesplit session's proxy id from another session ends the whole session,"
          + " replica connections included, whatever master_failure_mode says")
  void killConnectionEndsTheWholeSession() throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      master_failure_mode: error_on_write\n");
        Connection victim = connect(proxy);
        Connection killer = connect(proxy);
        Statement victimStatement = victim.createStatement();
        Statement killerStatement = killer.createStatement()) {
      assertThat(rows(victimStatement, READ, 1)).isNotEmpty();
      long proxyId = victim.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();

      killerStatement.execute("KILL " + proxyId);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      boolean failed = false;
      while (!failed && System.nanoTime() < deadline) {
        try {
          victimStatement.executeQuery(READ).close();
        } catch (SQLException expected) {
          failed = true;
        }
      }
      assertThat(failed).as("a read after the session was killed").isTrue();
      assertThat(rows(killerStatement, READ, 1)).as("the killer's session").isNotEmpty();
    }
  }

  @Test
  @DisplayName(
      "COM_CHANGE_USER (MySQL Connector/J changeUser) changes the user on every connection and"
          + " starts the session afresh")
  void changeUserReachesEveryConnection() throws Exception {
    cluster()
        .primary()
        .execute(
            "CREATE USER IF NOT EXISTS 'rws_other'@'%' IDENTIFIED BY 'rws-other-password'",
            "GRANT SELECT ON app.* TO 'rws_other'@'%'");
    cluster().topology().awaitReplicasCaughtUp();
    try (TestingProxy proxy = cluster().proxy("");
        Connection connection =
            java.sql.DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + proxy.port() + "/app?sslMode=DISABLED",
                io.weir.testkit.mariadb.Credentials.APPLICATION.user(),
                io.weir.testkit.mariadb.Credentials.APPLICATION.password())) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET @v = 42");
      }
      connection
          .unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
          .changeUser("rws_other", "rws-other-password");
      try (Statement statement = connection.createStatement()) {
        List<List<String>> reads = rows(statement, "SELECT CURRENT_USER(), @v, @@server_id", 10);
        assertThat(reads)
            .allSatisfy(
                row -> {
                  assertThat(row.get(0)).isEqualTo("rws_other@%");
                  assertThat(row.get(1)).as("@v after the change").isEqualTo("null");
                });
        assertThat(reads.stream().map(ReadWriteSplitCluster::lastColumnId).toList())
            .isSubsetOf(cluster().replicaIds());
        statement.execute("START TRANSACTION");
        List<List<String>> onMaster = rows(statement, "SELECT CURRENT_USER(), @@server_id", 1);
        statement.execute("COMMIT");
        assertThat(onMaster.getFirst().get(0)).as("the master's user").isEqualTo("rws_other@%");
      }
    } finally {
      cluster().primary().execute("DROP USER IF EXISTS 'rws_other'@'%'");
    }
  }

  @Test
  @DisplayName(
      "with disable_sescmd_history a killed replica connection is not replaced, and no read"
          + " returns a session without the user variable")
  void withoutHistoryNoReadSeesAnEmptySession() throws SQLException {
    try (TestingProxy proxy =
            cluster()
                .proxy("      max_slave_connections: 1\n      disable_sescmd_history: true\n");
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      statement.execute("SET @v = 42");
      killReplicaConnection(statement);

      List<String> values = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (int run = 0; run < 10; run++) {
        try (ResultSet rows = statement.executeQuery("SELECT @v, @@server_id")) {
          rows.next();
          values.add(String.valueOf(rows.getString(1)));
        } catch (SQLException e) {
          failures.add(e.getMessage());
        }
      }

      assertThat(values).as("reads that answered (failures: %s)", failures).isNotEmpty();
      assertThat(values).containsOnly("42");
    }
  }

  // 10. parameters

  @ParameterizedTest(name = "max_slave_connections: {0}")
  @ValueSource(strings = {"1", "50%"})
  @DisplayName("max_slave_connections limits a session's reads to that many replicas")
  void maxSlaveConnectionsLimitsTheReplicasASessionReads(String limit) throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      max_slave_connections: " + limit + "\n")) {
      for (int session = 0; session < 3; session++) {
        try (Connection connection = connect(proxy);
            Statement statement = connection.createStatement()) {
          List<Long> ids = serverIds(statement, READ, 20);

          assertThat(new HashSet<>(ids)).as(cluster().describe(ids)).hasSize(1);
          assertThat(ids).isSubsetOf(cluster().replicaIds());
        }
      }
    }
  }

  @Test
  @DisplayName("max_slave_connections: 0 sends reads to the master")
  void noSlaveConnectionsSendsReadsToTheMaster() throws SQLException {
    assertReads("      max_slave_connections: 0\n", List.of(cluster().primaryId()));
  }

  @Test
  @DisplayName("master_accept_reads: true lets the master read, alone when there are no replicas")
  void masterAcceptReads() throws SQLException {
    assertReads("      master_accept_reads: true\n", List.copyOf(cluster().allIds()));
    assertReads(
        "      master_accept_reads: true\n      max_slave_connections: 0\n",
        List.of(cluster().primaryId()));
  }

  @ParameterizedTest(name = "slave_selection_criteria: {0}")
  @ValueSource(
      strings = {
        "LEAST_GLOBAL_CONNECTIONS",
        "LEAST_ROUTER_CONNECTIONS",
        "LEAST_BEHIND_MASTER",
        "LEAST_CURRENT_OPERATIONS",
        "ADAPTIVE_ROUTING"
      })
  @DisplayName("every slave_selection_criteria is accepted and sends reads to replicas")
  void everySelectionCriterionReadsFromReplicas(String criterion) throws SQLException {
    assertReads(
        "      slave_selection_criteria: " + criterion + "\n", List.copyOf(cluster().replicaIds()));
  }

  @Test
  @DisplayName("strict_multi_stmt: true keeps every later read on the master")
  void strictMultiStatementPinsTheSessionToTheMaster() throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      strict_multi_stmt: true\n");
        Connection connection = connect(proxy, "allowMultiQueries=true");
        Statement statement = connection.createStatement()) {
      List<Long> before = serverIds(statement, READ, 3);
      runMultiStatement(statement);
      List<Long> after = serverIds(statement, READ, 5);

      assertThat(before).as("before " + cluster().describe(before)).isSubsetOf(replicaIds());
      assertThat(after)
          .as("after " + cluster().describe(after))
          .containsOnly(cluster().primaryId());
    }
  }

  @Test
  @DisplayName("strict_multi_stmt: false (default) sends reads after a multi-statement to replicas")
  void lenientMultiStatementLeavesReadsOnReplicas() throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      strict_multi_stmt: false\n");
        Connection connection = connect(proxy, "allowMultiQueries=true");
        Statement statement = connection.createStatement()) {
      runMultiStatement(statement);
      List<Long> after = serverIds(statement, READ, 5);

      assertThat(after).as(cluster().describe(after)).isSubsetOf(replicaIds());
    }
  }

  @Test
  @DisplayName("strict_sp_calls: true keeps every statement after a CALL on the master")
  void strictStoredProcedureCallsPinTheSessionToTheMaster() throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      strict_sp_calls: true\n");
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      List<Long> before = serverIds(statement, READ, 3);
      statement.execute("CALL rws_state_p()");
      List<Long> after = serverIds(statement, READ, 5);

      assertThat(before).as("before " + cluster().describe(before)).isSubsetOf(replicaIds());
      assertThat(after)
          .as("after " + cluster().describe(after))
          .containsOnly(cluster().primaryId());
    }
  }

  @Test
  @DisplayName("strict_sp_calls: false (default) sends reads after a CALL to replicas")
  void lenientStoredProcedureCallsLeaveReadsOnReplicas() throws SQLException {
    try (TestingProxy proxy = cluster().proxy();
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      statement.execute("CALL rws_state_p()");
      List<Long> after = serverIds(statement, READ, 5);

      assertThat(after).as(cluster().describe(after)).isSubsetOf(replicaIds());
    }
  }

  @Test
  @DisplayName(
      "a replica with weight: 0 gets no reads while another replica can take them, though it is"
          + " listed first")
  void replicaWithWeightZeroGetsNoReads() throws SQLException {
    MariaDbServer unweighted = cluster().replicas().getFirst();
    long other = cluster().idOf(cluster().replicas().get(1));
    try (TestingProxy proxy = cluster().proxy("", unweighted, "      weight: 0\n")) {
      for (int session = 0; session < 3; session++) {
        try (Connection connection = connect(proxy);
            Statement statement = connection.createStatement()) {
          // a replica connection still opening cannot take reads yet: assert the steady state
          serverIds(statement, READ, 1);
          ReadWriteSplitCluster.sleep(Duration.ofMillis(300));
          List<Long> ids = serverIds(statement, READ, 10);

          assertThat(ids).as(cluster().describe(ids)).containsOnly(other);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "      max_sescmd_history: 2\n      prune_sescmd_history: true\n",
        "      max_sescmd_history: 2\n",
        "      retry_failed_reads: false\n"
      })
  @DisplayName("history limits and retry_failed_reads are accepted and leave routing intact")
  void historyAndRetryParametersAreAccepted(String parameters) throws SQLException {
    try (TestingProxy proxy = cluster().proxy(parameters);
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      for (int value = 1; value <= 5; value++) {
        statement.execute("SET @h = " + value);
      }
      List<List<String>> reads = rows(statement, "SELECT @h, @@server_id", 6);

      assertThat(reads)
          .allSatisfy(
              row -> {
                assertThat(row.getFirst()).isEqualTo("5");
                assertThat(ReadWriteSplitCluster.lastColumnId(row)).isIn(replicaIds());
              });
    }
  }

  /**
   * Kills, directly on the replica, the backend connection the session reads from, found by reading
   * {@code CONNECTION_ID()} through the session; returns that replica.
   */
  private MariaDbServer killReplicaConnection(Statement statement) throws SQLException {
    long reportedId;
    long serverId;
    try (ResultSet rows = statement.executeQuery("SELECT CONNECTION_ID(), @@server_id")) {
      assertThat(rows.next()).isTrue();
      reportedId = rows.getLong(1);
      serverId = rows.getLong(2);
    }
    assertThat(serverId).as("CONNECTION_ID() is read on a replica").isIn(replicaIds());
    MariaDbServer replica = cluster().serverWithId(serverId);
    long backendId = ReadWriteSplitCluster.backendConnectionId(replica, reportedId);
    replica.execute("KILL " + backendId);
    return replica;
  }

  private void assertReads(String parameters, List<Long> allowed) throws SQLException {
    try (TestingProxy proxy = cluster().proxy(parameters);
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      List<Long> ids = serverIds(statement, READ, 10);

      assertThat(ids).as("%s: %s", parameters.strip(), cluster().describe(ids)).isSubsetOf(allowed);
    }
  }

  private static void runMultiStatement(Statement statement) throws SQLException {
    statement.execute("SET @multi = 1; SELECT @multi");
    while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
      // drain every result so the session is idle again
    }
  }

  private java.util.Set<Long> replicaIds() {
    return cluster().replicaIds();
  }

  private ReadWriteSplitCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("no cluster before @BeforeAll");
    }
    return cluster;
  }
}
