package io.weir.proxy.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.tools.Sysbench;
import io.weir.testkit.tools.SysbenchResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sysbench's OLTP workloads through the proxy: many concurrent sessions of prepared statements and
 * transactions, which must finish without an error or a reconnect, and leave tables that read the
 * same through the proxy as directly.
 */
@WithMariaDb
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SysbenchThroughProxyIT {

  private static final String DATABASE = "sysbench_clients";
  private static final int TABLES = 2;
  private static final int THREADS = 4;
  private static final Duration RUN = Duration.ofSeconds(5);

  private @Nullable MariaDbTopology topology;
  private @Nullable TestingProxy proxy;
  private @Nullable Sysbench throughProxy;

  @BeforeAll
  void prepareThroughProxy(MariaDbTopology topology, @TempDir Path directory) {
    this.topology = topology;
    this.proxy = proxyFor(topology);
    topology.primary().execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    this.throughProxy =
        new Sysbench(
            proxy.host(), proxy.port(), Credentials.APPLICATION, DATABASE, TABLES, 1000, directory);
    throughProxy.prepare("oltp_read_write");
  }

  /** The proxy sysbench runs through: readconnroute to the master unless overridden. */
  TestingProxy proxyFor(MariaDbTopology topology) {
    return TestingProxy.start(topology, "master");
  }

  @AfterAll
  void cleanUp() {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      if (topology != null) {
        topology.primary().execute("DROP DATABASE IF EXISTS " + DATABASE);
      }
    }
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"oltp_point_select", "oltp_read_only"})
  void readWorkloadRunsWithoutErrorsOrReconnects(String workload) {
    SysbenchResult result = sysbench().run(workload, THREADS, RUN);

    assertThat(result.transactionsPerSecond()).as("%s transactions/s", workload).isPositive();
    assertThat(result.queriesPerSecond()).as("%s queries/s", workload).isPositive();
    assertThat(result.ignoredErrors()).as("%s ignored errors", workload).isZero();
    assertThat(result.reconnects()).as("%s reconnects", workload).isZero();
  }

  /**
   * With several threads on small tables InnoDB picks deadlock victims among sysbench's own
   * transactions, and sysbench counts each 1213 it gets as an ignored error (any other error stops
   * it, and the run fails). So the errors allowed are exactly the deadlocks the primary counted: an
   * error the proxy made up, or a deadlock it swallowed, breaks the equality.
   */
  @Order(1)
  @Test
  void readWriteWorkloadSeesNoErrorsButTheServersDeadlocks() {
    long deadlocksBefore = innodbDeadlocks();
    SysbenchResult result = sysbench().run("oltp_read_write", THREADS, RUN);
    long deadlocks = innodbDeadlocks() - deadlocksBefore;

    assertThat(result.transactionsPerSecond()).isPositive();
    assertThat(result.queriesPerSecond()).isPositive();
    assertThat(result.ignoredErrors()).as("errors besides deadlocks").isEqualTo(deadlocks);
    assertThat(result.reconnects()).isZero();
  }

  @Order(2)
  @Test
  void tablesReadTheSameThroughTheProxyAsDirectly() throws SQLException {
    // a proxy that reads from replicas reads what they have applied
    topology().awaitReplicasCaughtUp();
    MariaDbServer primary = topology().primary();
    List<String> direct = fingerprints(primary.host(), primary.port());
    List<String> proxied = fingerprints(proxy().host(), proxy().port());

    assertThat(proxied).isEqualTo(direct);
    // oltp_read_write deletes and re-inserts the same ids, so every table keeps its size
    assertThat(direct).allSatisfy(table -> assertThat(table).startsWith("1000 rows"));
  }

  private static List<String> fingerprints(String host, int port) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:mariadb://" + host + ":" + port + "/" + DATABASE,
                Credentials.APPLICATION.user(),
                Credentials.APPLICATION.password());
        Statement statement = connection.createStatement()) {
      for (int table = 1; table <= TABLES; table++) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*), SUM(k), SUM(CRC32(CONCAT(id, c, pad))) FROM sbtest" + table)) {
          rows.next();
          tables.add(
              rows.getString(1) + " rows, k " + rows.getString(2) + ", crc " + rows.getString(3));
        }
      }
    }
    return tables;
  }

  private long innodbDeadlocks() {
    String count =
        topology()
            .primary()
            .queryString(
                "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'INNODB_DEADLOCKS'");
    return Long.parseLong(String.valueOf(count));
  }

  private Sysbench sysbench() {
    if (throughProxy == null) {
      throw new IllegalStateException("sysbench is not prepared");
    }
    return throughProxy;
  }

  private MariaDbTopology topology() {
    if (topology == null) {
      throw new IllegalStateException("no topology before @BeforeAll");
    }
    return topology;
  }

  private TestingProxy proxy() {
    if (proxy == null) {
      throw new IllegalStateException("no proxy before @BeforeAll");
    }
    return proxy;
  }
}
