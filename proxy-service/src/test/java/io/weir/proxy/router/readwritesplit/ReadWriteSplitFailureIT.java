package io.weir.proxy.router.readwritesplit;

import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.awaitMonitor;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.connect;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.serverId;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.serverIds;
import static io.weir.proxy.router.readwritesplit.ReadWriteSplitCluster.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cluster.server.ServerState;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.tools.Sysbench;
import io.weir.testkit.tools.SysbenchResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * readwritesplit when real servers fail: the master killed under each {@code master_failure_mode},
 * a replica killed under a sysbench read load, and a replica lagging past {@code
 * max_slave_replication_lag}. Each test leaves every server running and replicating again, and the
 * topology (disturbed) is not shared with other classes.
 */
@WithMariaDb(replicas = 2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadWriteSplitFailureIT {

  private static final String READ = "SELECT @@server_id";
  private static final String WRITE = "INSERT INTO rws_fail_t (tag) VALUES ('write')";
  private static final String SYSBENCH_DATABASE = "rws_sysbench";
  private static final Duration SYSBENCH_RUN = Duration.ofSeconds(10);
  private static final Duration FAILURE_NOTICE = Duration.ofSeconds(10);

  private @Nullable ReadWriteSplitCluster cluster;

  @BeforeAll
  void prepareSchema(MariaDbTopology topology) {
    cluster = ReadWriteSplitCluster.of(topology);
    topology
        .primary()
        .execute(
            "DROP TABLE IF EXISTS app.rws_fail_t",
            "CREATE TABLE app.rws_fail_t (id INT AUTO_INCREMENT PRIMARY KEY, tag VARCHAR(64))");
    topology.awaitReplicasCaughtUp();
  }

  @AfterEach
  void restoreEveryServer() {
    for (MariaDbServer replica : cluster().replicas()) {
      if (replica.isRunning()
          && !"0".equals(replica.replicaStatus().getOrDefault("SQL_Delay", "0"))) {
        replica.execute("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 0", "START SLAVE");
      }
    }
    cluster().restoreReplication();
  }

  // 11. master_failure_mode

  @Test
  @DisplayName(
      "fail_instantly (default): losing the master closes the session and refuses new logins")
  void failInstantlyClosesTheSession() throws SQLException {
    try (TestingProxy proxy = cluster().proxy();
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      assertThat(serverId(statement, READ)).isIn(cluster().replicaIds());

      killPrimary(proxy);

      assertThat(firstFailingRead(statement))
          .as("a read once the master is lost")
          .isInstanceOf(SQLException.class);
      assertThat(connection.isValid(2)).as("the session's connection is closed").isFalse();
      assertThat(firstFailingLogin(proxy)).as("a new login").isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(proxy).close())
          .as("logins stay refused while there is no master")
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  @DisplayName(
      "fail_on_write: without a master reads go on, a write closes the session, new sessions read")
  void failOnWriteClosesTheSessionAtTheFirstWrite() throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      master_failure_mode: fail_on_write\n");
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      assertThat(serverId(statement, READ)).isIn(cluster().replicaIds());

      killPrimary(proxy);

      assertThat(serverIds(statement, READ, 5)).isSubsetOf(cluster().replicaIds());
      assertThatThrownBy(() -> statement.executeUpdate(WRITE)).isInstanceOf(SQLException.class);
      assertThat(connection.isValid(2)).as("the session's connection is closed").isFalse();
      try (Connection fresh = connect(proxy);
          Statement freshStatement = fresh.createStatement()) {
        assertThat(serverIds(freshStatement, READ, 3))
            .as("a session opened without a master")
            .isSubsetOf(cluster().replicaIds());
      }
    }
  }

  @Test
  @DisplayName(
      "error_on_write: without a master a write gets error 1290 (read-only) and the session keeps"
          + " reading")
  void errorOnWriteAnswersWritesWithAnError() throws SQLException {
    try (TestingProxy proxy = cluster().proxy("      master_failure_mode: error_on_write\n");
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      assertThat(serverId(statement, READ)).isIn(cluster().replicaIds());

      killPrimary(proxy);

      assertThat(serverIds(statement, READ, 3)).isSubsetOf(cluster().replicaIds());
      assertReadOnlyError(statement);
      assertThat(serverIds(statement, READ, 3))
          .as("reads after the refused write")
          .isSubsetOf(cluster().replicaIds());
      // a BEGIN refused for want of a master leaves no transaction that would hold later reads
      assertThatThrownBy(() -> statement.execute("BEGIN"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1290));
      assertThat(serverIds(statement, READ, 3))
          .as("reads after the refused BEGIN")
          .isSubsetOf(cluster().replicaIds());
      assertThat(connection.isValid(2)).isTrue();
      try (Connection fresh = connect(proxy);
          Statement freshStatement = fresh.createStatement()) {
        assertThat(serverIds(freshStatement, READ, 3))
            .as("a session opened without a master")
            .isSubsetOf(cluster().replicaIds());
        assertReadOnlyError(freshStatement);
      }
    }
  }

  // 12. replicas failing under load, and lagging

  @Test
  @DisplayName(
      "a replica killed during a sysbench read-only run costs sysbench no error and no reconnect"
          + " (retry_failed_reads)")
  void replicaKilledUnderReadLoadIsInvisibleToClients(@TempDir Path directory) throws Exception {
    MariaDbServer primary = cluster().primary();
    primary.execute("CREATE DATABASE IF NOT EXISTS " + SYSBENCH_DATABASE);
    Sysbench direct =
        new Sysbench(
            primary.host(),
            primary.port(),
            Credentials.APPLICATION,
            SYSBENCH_DATABASE,
            2,
            1000,
            directory);
    direct.prepare("oltp_read_only");
    cluster().topology().awaitReplicasCaughtUp();
    // replica-1 is listed first, so ties among idle replicas send it the most reads
    MariaDbServer victim = cluster().replicas().getFirst();

    try (TestingProxy proxy = cluster().proxy("      retry_failed_reads: true\n")) {
      CompletableFuture<SysbenchResult> run =
          CompletableFuture.supplyAsync(() -> readOnlySysbench(proxy, directory));
      sleep(Duration.ofSeconds(3));
      assertThat(run).as("sysbench still runs when the replica is killed").isNotDone();
      victim.kill();
      SysbenchResult result = run.get(SYSBENCH_RUN.toSeconds() + 90, TimeUnit.SECONDS);

      assertThat(result.transactionsPerSecond()).isPositive();
      assertThat(result.ignoredErrors()).as("errors").isZero();
      assertThat(result.reconnects()).as("reconnects").isZero();
    } finally {
      primary.execute("DROP DATABASE IF EXISTS " + SYSBENCH_DATABASE);
    }
  }

  @Test
  @DisplayName(
      "a replica lagging past max_slave_replication_lag gets no reads, and gets them again once"
          + " caught up")
  void laggingReplicaGetsNoReadsUntilItCatchesUp() throws SQLException {
    // replica-1 is listed first: ties send it reads, so avoiding it is the router's own doing
    MariaDbServer lagging = cluster().replicas().getFirst();
    long laggingId = cluster().idOf(lagging);
    long otherId = cluster().idOf(cluster().replicas().get(1));

    try (TestingProxy proxy = cluster().proxy("      max_slave_replication_lag: 2s\n");
        Connection connection = connect(proxy);
        Statement statement = connection.createStatement()) {
      assertThat(serverIds(statement, READ, 3)).isSubsetOf(cluster().replicaIds());

      makeLag(proxy, lagging);

      List<Long> whileLagging = serverIds(statement, READ, 30);
      assertThat(whileLagging)
          .as("reads of a session opened before the lag " + cluster().describe(whileLagging))
          .containsOnly(otherId);
      try (Connection fresh = connect(proxy);
          Statement freshStatement = fresh.createStatement()) {
        List<Long> freshReads = serverIds(freshStatement, READ, 10);
        assertThat(freshReads)
            .as("reads of a session opened during the lag " + cluster().describe(freshReads))
            .containsOnly(otherId);
      }

      lagging.execute("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 0", "START SLAVE");

      assertThat(readsReach(proxy, statement, laggingId, Duration.ofSeconds(15)))
          .as("a read reached %s within 15 s of it catching up", lagging.name())
          .isTrue();
    }
  }

  /**
   * Delays {@code replica}'s SQL thread and writes on the primary until the replica reports more
   * than 2 s behind and the proxy's monitor sees that lag: the way MariaDbMonitor measures lag
   * ({@code Seconds_Behind_Master} of a replication connection whose threads both run).
   */
  private void makeLag(TestingProxy proxy, MariaDbServer replica) {
    replica.execute("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 300", "START SLAVE");
    // the lag must come from a write the replica holds back, not from an older event's timestamp,
    // or it would drop back under 2 s once the replica reaches that write
    long firstWrite = System.nanoTime();
    long deadline = firstWrite + Duration.ofSeconds(20).toNanos();
    while (true) {
      cluster().primary().execute("INSERT INTO app.rws_fail_t (tag) VALUES ('lag')");
      String behind = replica.replicaStatus().getOrDefault("Seconds_Behind_Master", "");
      boolean heldBack = System.nanoTime() - firstWrite > Duration.ofSeconds(4).toNanos();
      if (heldBack && !behind.isEmpty() && Long.parseLong(behind) > 3) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            replica + " did not fall behind; replica status: " + replica.replicaStatus());
      }
      sleep(Duration.ofMillis(500));
    }
    awaitMonitor(
        proxy,
        replica.name() + " lagging more than 2 s",
        snapshot ->
            snapshot
                .server(replica.name())
                .map(ServerState::replicationLag)
                .filter(lag -> lag > 2)
                .isPresent());
  }

  /** Whether reads, in the session and in fresh ones, reach {@code serverId} before the timeout. */
  private static boolean readsReach(
      TestingProxy proxy, Statement statement, long serverId, Duration timeout)
      throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (serverIds(statement, READ, 5).contains(serverId)) {
        return true;
      }
      try (Connection fresh = connect(proxy);
          Statement freshStatement = fresh.createStatement()) {
        if (serverIds(freshStatement, READ, 5).contains(serverId)) {
          return true;
        }
      }
      sleep(Duration.ofMillis(300));
    }
    return false;
  }

  /** Kills the primary (SIGKILL) and waits until the proxy's monitor has no master. */
  private void killPrimary(TestingProxy proxy) {
    cluster().primary().kill();
    awaitMonitor(proxy, "no master", snapshot -> snapshot.master().isEmpty());
  }

  /**
   * The error of the first read that fails, retrying for a few seconds: the router closes sessions
   * once it learns the master is gone, which may be a moment after the monitor saw it.
   */
  private static @Nullable Exception firstFailingRead(Statement statement) {
    long deadline = System.nanoTime() + FAILURE_NOTICE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        serverId(statement, READ);
      } catch (SQLException e) {
        return e;
      }
      sleep(Duration.ofMillis(100));
    }
    return null;
  }

  /** The error of the first refused login, retrying for a few seconds as above. */
  private static @Nullable Exception firstFailingLogin(TestingProxy proxy) {
    long deadline = System.nanoTime() + FAILURE_NOTICE.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection connection = connect(proxy);
          Statement statement = connection.createStatement()) {
        serverId(statement, READ);
      } catch (SQLException e) {
        return e;
      }
      sleep(Duration.ofMillis(100));
    }
    return null;
  }

  private static void assertReadOnlyError(Statement statement) {
    assertThatThrownBy(() -> statement.executeUpdate(WRITE))
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(1290);
              assertThat(e.getSQLState()).isEqualTo("HY000");
              assertThat(e.getMessage()).contains("read-only");
            });
  }

  /**
   * sysbench {@code oltp_read_only} through the proxy with 4 threads. Text protocol ({@code
   * --db-ps-mode=disable}) and no BEGIN/COMMIT ({@code --skip_trx=on}): every select is an
   * autocommit read, which readwritesplit sends to replicas and may retry, so the killed replica
   * carries load when it dies. sysbench stops at the first error it is not told to ignore.
   */
  private static SysbenchResult readOnlySysbench(TestingProxy proxy, Path directory) {
    List<String> command =
        List.of(
            "/usr/bin/sysbench",
            "oltp_read_only",
            "--db-driver=mysql",
            "--mysql-host=" + proxy.host(),
            "--mysql-port=" + proxy.port(),
            "--mysql-user=" + Credentials.APPLICATION.user(),
            "--mysql-password=" + Credentials.APPLICATION.password(),
            "--mysql-db=" + SYSBENCH_DATABASE,
            "--tables=2",
            "--table-size=1000",
            "--threads=4",
            "--time=" + SYSBENCH_RUN.toSeconds(),
            "--db-ps-mode=disable",
            "--skip_trx=on",
            "--percentile=95",
            "--histogram=on",
            "--report-interval=0",
            "run");
    try {
      Path log = Files.createTempFile(directory, "sysbench-run-", ".log");
      try (ChildProcess sysbench =
          ChildProcess.start("sysbench", command, directory, log, Map.of())) {
        if (!sysbench.awaitExit(SYSBENCH_RUN.plusSeconds(60))) {
          throw new IllegalStateException("sysbench did not finish:\n" + sysbench.logTail(30));
        }
        if (sysbench.exitStatus().orElse(-1) != 0) {
          throw new IllegalStateException(
              "sysbench failed with exit status "
                  + sysbench.exitStatus().orElse(-1)
                  + ":\n"
                  + sysbench.logTail(30));
        }
        return SysbenchResult.parse(Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ReadWriteSplitCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("no cluster before @BeforeAll");
    }
    return cluster;
  }
}
