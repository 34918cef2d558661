package io.weir.proxy.router.readwritesplit;

import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.connect;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.lastColumnId;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.rows;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.serverId;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.serverIdOf;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.serverIds;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.serverStatements;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.statements;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.transactions;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which backend readwritesplit sends each kind of statement to, told apart by {@code @@server_id}:
 * reads to replicas, writes and transactions to the master, session commands to every backend,
 * hints and prepared statements honoured, and the router's meters counting it all.
 */
@WithMariaDb(replicas = 2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadWriteSplitRoutingIT {

  private static final int READS = 20;

  private @Nullable ReadWriteSplitCluster cluster;
  private @Nullable TestingProxy proxy;

  @BeforeAll
  void prepareSchema(MariaDbTopology topology) {
    cluster = ReadWriteSplitCluster.of(topology);
    topology
        .primary()
        .execute(
            "CREATE DATABASE IF NOT EXISTS rws_other",
            "DROP TABLE IF EXISTS app.rws_t, app.rws_shadow, app.rws_ddl, app.rws_implicit",
            "CREATE TABLE app.rws_t (id INT AUTO_INCREMENT PRIMARY KEY, sid BIGINT, v INT,"
                + " tag VARCHAR(64))",
            "CREATE TABLE app.rws_shadow (sid BIGINT)",
            "INSERT INTO app.rws_shadow VALUES (0)",
            "DROP FUNCTION IF EXISTS app.rws_f",
            "CREATE FUNCTION app.rws_f() RETURNS INT DETERMINISTIC RETURN 1",
            "DROP PROCEDURE IF EXISTS app.rws_p",
            "CREATE PROCEDURE app.rws_p() SELECT @@server_id");
    topology.awaitReplicasCaughtUp();
  }

  @AfterAll
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @DisplayName("fixture: the three servers have distinct server ids, seen over direct connections")
  void serversAreToldApartByServerId() {
    assertThat(cluster().allIds()).hasSize(3).contains(cluster().primaryId());
    assertThat(cluster().replicaIds()).hasSize(2).doesNotContain(cluster().primaryId());
  }

  // 1. reads

  @Test
  @DisplayName("autocommit reads go to replicas, never to the master")
  void autocommitReadsGoToReplicas() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      List<Long> ids = serverIds(statement, "SELECT @@server_id", READS);

      assertThat(ids).as(cluster().describe(ids)).isSubsetOf(cluster().replicaIds());
    }
  }

  // 2. writes and reads that must see the master

  @Test
  @DisplayName("INSERT, UPDATE, DELETE, INSERT ... RETURNING and DDL run on the master")
  void writesGoToTheMaster() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO rws_t (sid, tag) VALUES (@@server_id, 'insert')");
      assertThat(primarySid("insert")).isEqualTo(cluster().primaryId());

      statement.executeUpdate("INSERT INTO rws_t (sid, tag) VALUES (0, 'update')");
      statement.executeUpdate("UPDATE rws_t SET sid = @@server_id WHERE tag = 'update'");
      assertThat(primarySid("update")).isEqualTo(cluster().primaryId());

      statement.executeUpdate("INSERT INTO rws_t (sid, tag) VALUES (0, 'delete')");
      assertThat(statement.executeUpdate("DELETE FROM rws_t WHERE tag = 'delete'")).isEqualTo(1);
      assertThat(
              cluster()
                  .primary()
                  .queryString("SELECT COUNT(*) FROM app.rws_t WHERE tag = 'delete'"))
          .isEqualTo("0");

      assertThat(
              serverId(
                  statement,
                  "INSERT INTO rws_t (sid, tag) VALUES (@@server_id, 'returning') RETURNING sid"))
          .isEqualTo(cluster().primaryId());

      statement.execute("CREATE TABLE rws_ddl AS SELECT @@server_id AS sid");
      assertThat(cluster().primary().queryString("SELECT sid FROM app.rws_ddl"))
          .isEqualTo(String.valueOf(cluster().primaryId()));
      statement.execute("DROP TABLE rws_ddl");
    }
  }

  @Test
  @DisplayName(
      "SELECT ... FOR UPDATE, LOCK IN SHARE MODE, LAST_INSERT_ID(), CALL and stored functions run"
          + " on the master")
  void readsThatNeedTheMasterGoToTheMaster() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      long master = cluster().primaryId();
      assertThat(serverId(statement, "SELECT sid, @@server_id FROM rws_shadow FOR UPDATE"))
          .as("FOR UPDATE")
          .isEqualTo(master);
      assertThat(serverId(statement, "SELECT sid, @@server_id FROM rws_shadow LOCK IN SHARE MODE"))
          .as("LOCK IN SHARE MODE")
          .isEqualTo(master);
      assertThat(serverId(statement, "SELECT LAST_INSERT_ID(), @@server_id"))
          .as("LAST_INSERT_ID()")
          .isEqualTo(master);
      assertThat(serverId(statement, "CALL rws_p()")).as("CALL").isEqualTo(master);
      assertThat(serverId(statement, "SELECT rws_f(), @@server_id"))
          .as("a stored function not known to be read-only")
          .isEqualTo(master);
    }
  }

  @Test
  @DisplayName("a multi-statement query runs on the master")
  void multiStatementQueriesGoToTheMaster() throws SQLException {
    try (Connection connection = connect(proxy(), "allowMultiQueries=true");
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute("SELECT @@server_id; SELECT @@server_id")).isTrue();
      List<Long> ids = new ArrayList<>();
      do {
        try (ResultSet rows = statement.getResultSet()) {
          ids.add(serverIdOf(rows, "multi-statement"));
        }
      } while (statement.getMoreResults());

      assertThat(ids).as(cluster().describe(ids)).containsExactly(master(), master());
    }
  }

  // 3. transactions

  @Test
  @DisplayName("every statement of a read-write transaction runs on the master")
  void readWriteTransactionsRunOnTheMaster() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("BEGIN");
      List<Long> ids = serverIds(statement, "SELECT @@server_id", 3);
      statement.execute("COMMIT");

      assertThat(ids).as(cluster().describe(ids)).containsOnly(master());
      assertThat(serverIds(statement, "SELECT @@server_id", 3))
          .as("after COMMIT")
          .isSubsetOf(cluster().replicaIds());
    }
  }

  @Test
  @DisplayName("a read-only transaction runs on one replica from start to commit")
  void readOnlyTransactionsStayOnOneReplica() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("START TRANSACTION READ ONLY");
      List<Long> ids = serverIds(statement, "SELECT @@server_id", 6);
      statement.execute("COMMIT");

      assertThat(new HashSet<>(ids)).as(cluster().describe(ids)).hasSize(1);
      assertThat(ids.getFirst()).isIn(cluster().replicaIds());
    }
  }

  @Test
  @DisplayName("SET TRANSACTION READ ONLY makes only the next transaction a replica's")
  void setTransactionReadOnlyAppliesToTheNextTransaction() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("SET TRANSACTION READ ONLY");
      statement.execute("START TRANSACTION");
      long readOnly = serverId(statement, "SELECT @@server_id");
      statement.execute("COMMIT");
      statement.execute("START TRANSACTION");
      long readWrite = serverId(statement, "SELECT @@server_id");
      statement.execute("COMMIT");

      assertThat(readOnly).as("in the read-only transaction").isIn(cluster().replicaIds());
      assertThat(readWrite).as("in the next transaction").isEqualTo(master());
    }
  }

  @Test
  @DisplayName("autocommit=0 keeps reads on the master until autocommit=1")
  void autocommitOffRoutesReadsToTheMaster() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("SET autocommit=0");
      List<Long> off = serverIds(statement, "SELECT @@server_id", 3);
      statement.execute("COMMIT");
      List<Long> afterCommit = serverIds(statement, "SELECT @@server_id", 2);
      statement.execute("SET autocommit=1");
      List<Long> on = serverIds(statement, "SELECT @@server_id", 3);

      assertThat(off).as("autocommit=0 " + cluster().describe(off)).containsOnly(master());
      assertThat(afterCommit)
          .as("a new implicit transaction after COMMIT " + cluster().describe(afterCommit))
          .containsOnly(master());
      assertThat(on).as("autocommit=1 " + cluster().describe(on)).isSubsetOf(replicaIds());
    }
  }

  @Test
  @DisplayName("DDL commits the open transaction, so later reads go to replicas again")
  void ddlEndsTheTransaction() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("BEGIN");
      long inTransaction = serverId(statement, "SELECT @@server_id");
      statement.execute("CREATE TABLE rws_implicit (id INT)");
      List<Long> after = serverIds(statement, "SELECT @@server_id", 3);
      statement.execute("DROP TABLE rws_implicit");

      assertThat(inTransaction).isEqualTo(master());
      assertThat(after).as(cluster().describe(after)).isSubsetOf(replicaIds());
    }
  }

  // 4. temporary tables

  @Test
  @DisplayName(
      "reads of a session's temporary table run on the master, other reads on replicas, until"
          + " it is dropped")
  void temporaryTablesAreReadOnTheMaster() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      // the temporary table shadows a real one that every server has, holding sid 0
      statement.execute("CREATE TEMPORARY TABLE rws_shadow (sid BIGINT)");
      statement.execute("INSERT INTO rws_shadow VALUES (@@server_id)");

      List<List<String>> temporary = rows(statement, "SELECT sid, @@server_id FROM rws_shadow", 3);
      List<Long> other = serverIds(statement, "SELECT @@server_id", 3);
      statement.execute("DROP TEMPORARY TABLE rws_shadow");
      List<List<String>> real = rows(statement, "SELECT sid, @@server_id FROM rws_shadow", 3);

      String master = String.valueOf(master());
      assertThat(temporary)
          .as("the temporary table, read where it lives")
          .allSatisfy(row -> assertThat(row).containsExactly(master, master));
      assertThat(other).as(cluster().describe(other)).isSubsetOf(replicaIds());
      assertThat(real)
          .as("the real table again, once the temporary one is dropped")
          .allSatisfy(
              row -> {
                assertThat(row.getFirst()).isEqualTo("0");
                assertThat(lastColumnId(row)).isIn(replicaIds());
              });
    }
  }

  // 5. session commands

  @Test
  @DisplayName("SET @v reaches every backend: each read of @v returns it, replicas and master")
  void userVariablesAreSetOnEveryBackend() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("SET @v = 42");

      List<List<String>> reads = rows(statement, "SELECT @v, @@server_id", READS);
      assertThat(reads).allSatisfy(row -> assertThat(row.getFirst()).isEqualTo("42"));
      assertThat(reads.stream().map(ReadWriteSplitCluster::lastColumnId).toList())
          .isSubsetOf(replicaIds());
      assertThat(inTransaction(statement, "SELECT @v, @@server_id"))
          .containsExactly("42", String.valueOf(master()));
    }
  }

  @Test
  @DisplayName("COM_INIT_DB and USE change the default database of every backend")
  void defaultDatabaseChangesEverywhere() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      // Connector/J sends COM_INIT_DB for a database other than the one it believes is current
      connection.setCatalog("rws_other");
      assertDatabaseEverywhere(statement, "rws_other");

      statement.execute("USE app");
      assertDatabaseEverywhere(statement, "app");
    }
  }

  @Test
  @DisplayName("SET SESSION sql_mode is seen by replicas and the master")
  void sqlModeIsSetEverywhere() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");

      List<List<String>> reads = rows(statement, "SELECT @@sql_mode, @@server_id", 6);
      assertThat(reads).allSatisfy(row -> assertThat(row.getFirst()).isEqualTo("ANSI_QUOTES"));
      assertThat(reads.stream().map(ReadWriteSplitCluster::lastColumnId).toList())
          .isSubsetOf(replicaIds());
      assertThat(inTransaction(statement, "SELECT @@sql_mode, @@server_id").getFirst())
          .isEqualTo("ANSI_QUOTES");
    }
  }

  @Test
  @DisplayName("an assignment inside a read (SELECT @w := 7) reaches every backend")
  void assignmentInAReadIsASessionCommand() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT @w := 7")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(7);
      }

      List<List<String>> reads = rows(statement, "SELECT @w, @@server_id", 6);
      assertThat(reads).allSatisfy(row -> assertThat(row.getFirst()).isEqualTo("7"));
      assertThat(reads.stream().map(ReadWriteSplitCluster::lastColumnId).toList())
          .isSubsetOf(replicaIds());
      assertThat(inTransaction(statement, "SELECT @w, @@server_id").getFirst()).isEqualTo("7");
    }
  }

  @Test
  @DisplayName("an assignment inside a write (INSERT ... @u := 5) runs on the master only")
  void assignmentInAWriteStaysOnTheMaster() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO rws_t (v, tag) VALUES (@u := 5, 'assign')");

      assertThat(cluster().primary().queryString("SELECT v FROM app.rws_t WHERE tag = 'assign'"))
          .isEqualTo("5");
      assertThat(inTransaction(statement, "SELECT @u, @@server_id"))
          .containsExactly("5", String.valueOf(master()));
      List<List<String>> replicaReads = rows(statement, "SELECT @u, @@server_id", 4);
      assertThat(replicaReads)
          .as("replicas never ran the INSERT, so @u is unset there")
          .allSatisfy(
              row -> {
                assertThat(row.getFirst()).isEqualTo("null");
                assertThat(lastColumnId(row)).isIn(replicaIds());
              });
    }
  }

  @Test
  @DisplayName(
      "session commands reach each server of the session: read back on every server by name"
          + " (route to server hints)")
  void sessionCommandsReachEveryServerByName() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.execute("SET @v = 42");
      statement.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
      statement.executeQuery("SELECT @w := 7").close();
      connection.setCatalog("rws_other");

      for (MariaDbServer server : cluster().topology().servers()) {
        List<String> row =
            rows(
                    statement,
                    "SELECT @v, @@sql_mode, @w, DATABASE(), @@server_id"
                        + " -- maxscale route to server "
                        + server.name(),
                    1)
                .getFirst();
        assertThat(row)
            .as("session state on %s", server.name())
            .containsExactly(
                "42", "ANSI_QUOTES", "7", "rws_other", String.valueOf(cluster().idOf(server)));
      }
    }
  }

  // 6. use_sql_variables_in

  @Test
  @DisplayName("use_sql_variables_in=master sends reads of user variables to the master")
  void userVariableReadsGoToTheMasterWhenConfigured() throws SQLException {
    try (TestingProxy masterVariables = cluster().proxy("      use_sql_variables_in: master\n");
        Connection connection = connect(masterVariables);
        Statement statement = connection.createStatement()) {
      statement.execute("SET @v = 42");
      List<List<String>> reads = rows(statement, "SELECT @v, @@server_id", 5);

      assertThat(reads)
          .allSatisfy(row -> assertThat(row).containsExactly("42", String.valueOf(master())));
    }
  }

  // 7. hints

  @Test
  @DisplayName("route to master and route to slave hints override the statement's own route")
  void routeToMasterAndSlaveHints() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      assertThat(serverIds(statement, "SELECT @@server_id -- maxscale route to master", 3))
          .containsOnly(master());
      assertThat(serverIds(statement, "/* maxscale route to slave */ SELECT @@server_id", 3))
          .isSubsetOf(replicaIds());
    }
  }

  @Test
  @DisplayName("route to server <name> sends the statement to the server of that name")
  void routeToServerHint() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      for (MariaDbServer server : cluster().topology().servers()) {
        assertThat(
                serverIds(
                    statement,
                    "SELECT @@server_id -- maxscale route to server " + server.name(),
                    3))
            .as("route to server %s", server.name())
            .containsOnly(cluster().idOf(server));
      }
    }
  }

  @Test
  @DisplayName("route to last sends the statement where the previous one ran, even the master")
  void routeToLastHint() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      long read = serverId(statement, "SELECT @@server_id");
      assertThat(serverId(statement, "SELECT @@server_id -- maxscale route to last"))
          .as("after a read")
          .isEqualTo(read);

      statement.executeUpdate("INSERT INTO rws_t (tag) VALUES ('last')");
      assertThat(serverId(statement, "SELECT @@server_id -- maxscale route to last"))
          .as("after a write")
          .isEqualTo(master());
    }
  }

  @Test
  @DisplayName("a named hint applies from its begin to end, then reads go to replicas again")
  void namedHintsApplyBetweenBeginAndEnd() throws SQLException {
    try (Connection connection = connect(proxy());
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1 -- maxscale h1 prepare route to master").close();
      long begun = serverId(statement, "SELECT @@server_id -- maxscale h1 begin");
      List<Long> during = serverIds(statement, "SELECT @@server_id", 3);
      statement.executeQuery("SELECT 1 -- maxscale end").close();
      List<Long> after = serverIds(statement, "SELECT @@server_id", 3);

      assertThat(begun).isEqualTo(master());
      assertThat(during).as("between begin and end").containsOnly(master());
      assertThat(after).as("after end " + cluster().describe(after)).isSubsetOf(replicaIds());
    }
  }

  // 8. prepared statements (binary protocol)

  @Test
  @DisplayName("a server-side prepared SELECT runs on replicas, and on the master in a transaction")
  void preparedReadsGoToReplicasOutsideTransactions() throws SQLException {
    try (Connection connection = connect(proxy(), "useServerPrepStmts=true");
        Statement statement = connection.createStatement();
        PreparedStatement select = connection.prepareStatement("SELECT ?, @@server_id")) {
      List<Long> outside = executeSelect(select, 0, 10);
      statement.execute("START TRANSACTION");
      List<Long> inside = executeSelect(select, 100, 3);
      statement.execute("COMMIT");
      List<Long> afterwards = executeSelect(select, 200, 3);

      assertThat(outside).as(cluster().describe(outside)).isSubsetOf(replicaIds());
      assertThat(inside).as("in a transaction").containsOnly(master());
      assertThat(afterwards).as("after COMMIT").isSubsetOf(replicaIds());
    }
  }

  @Test
  @DisplayName("a server-side prepared INSERT runs on the master")
  void preparedWritesGoToTheMaster() throws SQLException {
    try (Connection connection = connect(proxy(), "useServerPrepStmts=true");
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO rws_t (sid, tag) VALUES (@@server_id, ?)")) {
      for (int run = 0; run < 3; run++) {
        insert.setString(1, "prepared-" + run);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      for (int run = 0; run < 3; run++) {
        assertThat(primarySid("prepared-" + run)).isEqualTo(master());
      }
    }
  }

  @Test
  @DisplayName("parameters of many types come back intact from whichever backend runs them")
  void preparedParametersOfManyTypesRoundTrip() throws SQLException {
    LocalDateTime when = LocalDateTime.of(2026, 11, 30, 5, 46, 57, 123_456_000);
    byte[] bytes = {0, 1, (byte) 0xff, 42};
    try (Connection connection = connect(proxy(), "useServerPrepStmts=true");
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT ?, ?, ?, ?, CAST(? AS DATETIME(6)), ?, ?, ?, @@server_id")) {
      for (int run = 0; run < 6; run++) {
        select.setInt(1, -7 - run);
        select.setLong(2, 9_000_000_000L + run);
        select.setString(3, "zürich ✓ " + run);
        select.setBigDecimal(4, new BigDecimal("12345.678"));
        select.setObject(5, when);
        select.setBytes(6, bytes);
        select.setNull(7, java.sql.Types.VARCHAR);
        select.setDouble(8, 0.5);
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(-7 - run);
          assertThat(rows.getLong(2)).isEqualTo(9_000_000_000L + run);
          assertThat(rows.getString(3)).isEqualTo("zürich ✓ " + run);
          assertThat(rows.getBigDecimal(4)).isEqualByComparingTo("12345.678");
          assertThat(rows.getObject(5, LocalDateTime.class)).isEqualTo(when);
          assertThat(rows.getBytes(6)).containsExactly(bytes);
          assertThat(rows.getString(7)).isNull();
          assertThat(rows.getDouble(8)).isEqualTo(0.5);
          assertThat(rows.getLong(9)).isIn(replicaIds());
        }
      }
    }
  }

  @Test
  @DisplayName("a read with a fetch size streams every row from one replica")
  void fetchSizeReadsStreamFromAReplica() throws SQLException {
    try (Connection connection = connect(proxy(), "useServerPrepStmts=true");
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT seq, @@server_id FROM seq_1_to_5000 WHERE seq > ?")) {
      // one plain execution first: where a statement's first execution goes is the business of
      // preparedReadsGoToReplicasOutsideTransactions, this test is about fetching in batches
      select.setInt(1, 4999);
      select.executeQuery().close();
      select.setFetchSize(100);
      select.setInt(1, 0);
      long sum = 0;
      int count = 0;
      Set<Long> ids = new HashSet<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sum += rows.getLong(1);
          ids.add(rows.getLong(2));
          count++;
        }
      }
      // the session is usable afterwards
      long next = serverId(connection.createStatement(), "SELECT @@server_id");

      assertThat(count).isEqualTo(5000);
      assertThat(sum).isEqualTo(5000L * 5001 / 2);
      assertThat(ids).hasSize(1);
      assertThat(ids.iterator().next()).isIn(replicaIds());
      assertThat(next).isIn(replicaIds());
    }
  }

  // 13. diagnostics

  @Test
  @DisplayName("statement, transaction and per-server meters count each routed statement once")
  void metersCountRoutedStatements() throws SQLException {
    try (TestingProxy counted = cluster().proxy();
        Connection connection = connect(counted);
        Statement statement = connection.createStatement()) {
      MariaDbServer primary = cluster().primary();

      Deltas reads = new Deltas(counted);
      serverIds(statement, "SELECT @@server_id", 3);
      reads.assertStatements(0, 3, 0);
      assertThat(reads.replicaReads()).as("reads counted on replicas").isEqualTo(3);
      assertThat(serverStatements(counted, primary, "read") - reads.primaryReads)
          .as("reads counted on the primary")
          .isZero();

      Deltas writes = new Deltas(counted);
      statement.executeUpdate("INSERT INTO rws_t (tag) VALUES ('meter-1')");
      statement.executeUpdate("INSERT INTO rws_t (tag) VALUES ('meter-2')");
      writes.assertStatements(2, 0, 0);
      assertThat(serverStatements(counted, primary, "write") - writes.primaryWrites)
          .as("writes counted on the primary")
          .isEqualTo(2);

      Deltas sessionCommand = new Deltas(counted);
      statement.execute("SET @m = 1");
      sessionCommand.assertStatements(0, 0, 1);

      Deltas readOnly = new Deltas(counted);
      statement.execute("START TRANSACTION READ ONLY");
      serverId(statement, "SELECT @@server_id");
      statement.execute("COMMIT");
      readOnly.assertTransactions(0, 1);

      Deltas readWrite = new Deltas(counted);
      statement.execute("BEGIN");
      statement.executeUpdate("INSERT INTO rws_t (tag) VALUES ('meter-3')");
      statement.execute("COMMIT");
      readWrite.assertTransactions(1, 0);
    }
  }

  /** The meters before a step, so the step's own increments can be asserted exactly. */
  private final class Deltas {
    private final TestingProxy proxy;
    private final double master;
    private final double slave;
    private final double all;
    private final double readWrite;
    private final double readOnly;
    private final double primaryReads;
    private final double primaryWrites;
    private final double replicaReads;

    Deltas(TestingProxy proxy) {
      this.proxy = proxy;
      this.master = statements(proxy, "master");
      this.slave = statements(proxy, "slave");
      this.all = statements(proxy, "all");
      this.readWrite = transactions(proxy, "read_write");
      this.readOnly = transactions(proxy, "read_only");
      this.primaryReads = serverStatements(proxy, cluster().primary(), "read");
      this.primaryWrites = serverStatements(proxy, cluster().primary(), "write");
      this.replicaReads = replicaReadsNow();
    }

    void assertStatements(double toMaster, double toSlave, double toAll) {
      assertThat(
              List.of(
                  statements(proxy, "master") - master,
                  statements(proxy, "slave") - slave,
                  statements(proxy, "all") - all))
          .as("statements routed to master, slave, all")
          .containsExactly(toMaster, toSlave, toAll);
    }

    void assertTransactions(double readWriteCount, double readOnlyCount) {
      assertThat(
              List.of(
                  transactions(proxy, "read_write") - readWrite,
                  transactions(proxy, "read_only") - readOnly))
          .as("transactions read_write, read_only")
          .containsExactly(readWriteCount, readOnlyCount);
    }

    double replicaReads() {
      return replicaReadsNow() - replicaReads;
    }

    private double replicaReadsNow() {
      double sum = 0;
      for (MariaDbServer replica : cluster().replicas()) {
        sum += serverStatements(proxy, replica, "read");
      }
      return sum;
    }
  }

  private void assertDatabaseEverywhere(Statement statement, String database) throws SQLException {
    List<List<String>> reads = rows(statement, "SELECT DATABASE(), @@server_id", 6);
    assertThat(reads).allSatisfy(row -> assertThat(row.getFirst()).isEqualTo(database));
    assertThat(reads.stream().map(ReadWriteSplitCluster::lastColumnId).toList())
        .isSubsetOf(replicaIds());
    assertThat(inTransaction(statement, "SELECT DATABASE(), @@server_id"))
        .containsExactly(database, String.valueOf(master()));
  }

  /** One row of {@code sql} run inside BEGIN ... COMMIT, which readwritesplit gives the master. */
  private static List<String> inTransaction(Statement statement, String sql) throws SQLException {
    statement.execute("BEGIN");
    List<String> row = rows(statement, sql, 1).getFirst();
    statement.execute("COMMIT");
    return row;
  }

  private static List<Long> executeSelect(PreparedStatement select, int first, int times)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    for (int run = first; run < first + times; run++) {
      select.setInt(1, run);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(run);
        ids.add(rows.getLong(2));
      }
    }
    return ids;
  }

  /** The {@code sid} the primary holds for a row written through the proxy. */
  private long primarySid(String tag) {
    String sid =
        cluster().primary().queryString("SELECT sid FROM app.rws_t WHERE tag = '" + tag + "'");
    assertThat(sid).as("the primary has the row tagged %s", tag).isNotNull();
    return Long.parseLong(String.valueOf(sid));
  }

  private long master() {
    return cluster().primaryId();
  }

  private Set<Long> replicaIds() {
    return cluster().replicaIds();
  }

  private ReadWriteSplitCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("no cluster before @BeforeAll");
    }
    return cluster;
  }

  /** The class's default proxy, started by the first test that needs it. */
  private TestingProxy proxy() {
    TestingProxy started = proxy;
    if (started == null) {
      started = cluster().proxy();
      proxy = started;
    }
    return started;
  }
}
