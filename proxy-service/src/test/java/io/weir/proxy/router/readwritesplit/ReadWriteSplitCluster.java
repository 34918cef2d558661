package io.weir.proxy.router.readwritesplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.proxy.testing.TestingProxy;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A primary and two replicas as readwritesplit tests see them: every server's {@code @@server_id},
 * looked up directly, so a statement that selects {@code @@server_id} through the proxy tells which
 * backend ran it; proxies with a readwritesplit service over the cluster; and the names of the
 * router's meters.
 *
 * <p>The few things the router's implementation decides (meter names and tags, the service's name,
 * how a statement's server is read back) each live in one method here.
 */
final class ReadWriteSplitCluster {

  /** The readwritesplit service's name, as {@link TestingProxy} names it after its listener. */
  static final String SERVICE = TestingProxy.LISTENER + "-service";

  /** Statements routed, tagged {@code service} and {@code target} (master, slave, all). */
  static final String STATEMENTS = "weir.proxy.router.statements";

  /** Transactions, tagged {@code service} and {@code access} (read_write, read_only). */
  static final String TRANSACTIONS = "weir.proxy.router.transactions";

  /** Statements per server, tagged {@code service}, {@code server} and {@code kind}. */
  static final String SERVER_STATEMENTS = "weir.proxy.router.server.statements";

  /** How long a monitor with a 200 ms interval may take to notice a change. */
  static final Duration MONITOR_NOTICE = Duration.ofSeconds(15);

  private final MariaDbTopology topology;
  private final Map<Long, MariaDbServer> servers;
  private final long primaryId;

  private ReadWriteSplitCluster(
      MariaDbTopology topology, Map<Long, MariaDbServer> servers, long primaryId) {
    this.topology = topology;
    this.servers = servers;
    this.primaryId = primaryId;
  }

  /** Reads every server's {@code @@server_id} over a direct connection. */
  static ReadWriteSplitCluster of(MariaDbTopology topology) {
    Map<Long, MariaDbServer> servers = new LinkedHashMap<>();
    for (MariaDbServer server : topology.servers()) {
      long id = Long.parseLong(String.valueOf(server.queryString("SELECT @@server_id")));
      MariaDbServer clash = servers.put(id, server);
      if (clash != null) {
        throw new IllegalStateException(server + " and " + clash + " share server_id " + id);
      }
    }
    if (servers.size() != 3 || topology.replicas().size() != 2) {
      throw new IllegalStateException("readwritesplit tests need a primary and two replicas");
    }
    long primaryId =
        Long.parseLong(String.valueOf(topology.primary().queryString("SELECT @@server_id")));
    return new ReadWriteSplitCluster(topology, servers, primaryId);
  }

  MariaDbTopology topology() {
    return topology;
  }

  MariaDbServer primary() {
    return topology.primary();
  }

  /** Replicas in configuration order: {@code replica-1} is listed before {@code replica-2}. */
  List<MariaDbServer> replicas() {
    return topology.replicas();
  }

  long primaryId() {
    return primaryId;
  }

  Set<Long> replicaIds() {
    Set<Long> ids = new LinkedHashSet<>();
    for (MariaDbServer replica : topology.replicas()) {
      ids.add(idOf(replica));
    }
    return ids;
  }

  Set<Long> allIds() {
    return servers.keySet();
  }

  long idOf(MariaDbServer server) {
    return servers.entrySet().stream()
        .filter(entry -> entry.getValue().equals(server))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(server + " is not in the topology"));
  }

  MariaDbServer serverWithId(long id) {
    MariaDbServer server = servers.get(id);
    if (server == null) {
      throw new AssertionError("no server of the topology has server_id " + id);
    }
    return server;
  }

  /** Server names for ids, for messages: {@code [replica-1, replica-1, primary]}. */
  String describe(List<Long> ids) {
    return ids.stream()
        .map(id -> servers.containsKey(id) ? servers.get(id).name() : "unknown " + id)
        .toList()
        .toString();
  }

  /** A proxy whose one service is {@code router: readwritesplit} with these parameter lines. */
  TestingProxy proxy(String serviceParameters) {
    return withEveryReplicaAsSlave(
        TestingProxy.builder(topology)
            .router("readwritesplit")
            .serviceParameters(serviceParameters)
            .start());
  }

  /**
   * A readwritesplit proxy where {@code server} alone has the extra parameter lines {@code
   * serverLines} (YAML, indented six spaces), such as {@code weight: 0}.
   */
  TestingProxy proxy(String serviceParameters, MariaDbServer server, String serverLines) {
    return withEveryReplicaAsSlave(
        TestingProxy.builder(topology)
            .router("readwritesplit")
            .serviceParameters(serviceParameters)
            .serverParameters(server.name(), serverLines)
            .start());
  }

  /**
   * Returns {@code proxy} once its monitor marks every replica a slave: the proxy starts when every
   * server was polled and a master is known, and a test's first session must find both replicas.
   */
  private TestingProxy withEveryReplicaAsSlave(TestingProxy proxy) {
    try {
      awaitMonitor(
          proxy,
          "every replica as a slave",
          snapshot -> snapshot.slaves().size() == topology.replicas().size());
      return proxy;
    } catch (RuntimeException | AssertionError e) {
      proxy.close();
      throw e;
    }
  }

  /** A proxy with a readwritesplit service and nothing but the defaults. */
  TestingProxy proxy() {
    return proxy("");
  }

  /** A Connector/J session through the proxy, as the application account, in {@code app}. */
  static Connection connect(TestingProxy proxy) throws SQLException {
    return connect(proxy, "");
  }

  /**
   * A Connector/J session with URL options such as {@code useServerPrepStmts=true} or {@code
   * allowMultiQueries=true} (joined with {@code &}). A socket timeout keeps a lost reply from
   * hanging the suite.
   */
  static Connection connect(TestingProxy proxy, String options) throws SQLException {
    String url =
        proxy.jdbcUrl("app")
            + "?connectTimeout=5000&socketTimeout=20000"
            + (options.isEmpty() ? "" : "&" + options);
    return DriverManager.getConnection(
        url, Credentials.APPLICATION.user(), Credentials.APPLICATION.password());
  }

  /**
   * Runs {@code sql}, whose first row's last column is {@code @@server_id}, and returns that id:
   * which backend ran the statement.
   */
  static long serverId(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return serverIdOf(rows, sql);
    }
  }

  /** The last column of the first row of a result whose last column is {@code @@server_id}. */
  static long serverIdOf(ResultSet rows, String sql) throws SQLException {
    if (!rows.next()) {
      throw new AssertionError(sql + " returned no row");
    }
    return rows.getLong(rows.getMetaData().getColumnCount());
  }

  /** Runs {@code sql} {@code times} times and returns each run's server id. */
  static List<Long> serverIds(Statement statement, String sql, int times) throws SQLException {
    List<Long> ids = new ArrayList<>();
    for (int run = 0; run < times; run++) {
      ids.add(serverId(statement, sql));
    }
    return ids;
  }

  /**
   * Each of {@code times} runs of {@code sql} as one row of strings (every column), for statements
   * that read back session state together with {@code @@server_id} as the last column.
   */
  static List<List<String>> rows(Statement statement, String sql, int times) throws SQLException {
    List<List<String>> result = new ArrayList<>();
    for (int run = 0; run < times; run++) {
      try (ResultSet rows = statement.executeQuery(sql)) {
        assertThat(rows.next()).as("%s returned a row", sql).isTrue();
        List<String> row = new ArrayList<>();
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
          row.add(String.valueOf(rows.getString(column)));
        }
        result.add(row);
      }
    }
    return result;
  }

  /** The id of a row's last column, as {@link #rows} returns rows. */
  static long lastColumnId(List<String> row) {
    return Long.parseLong(row.getLast());
  }

  /** A counter's count, 0 while the router has not registered it yet. */
  static double count(MeterRegistry registry, String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  /** {@link #STATEMENTS} for this proxy's service and a target. */
  static double statements(TestingProxy proxy, String target) {
    return count(proxy.registry(), STATEMENTS, "service", SERVICE, "target", target);
  }

  /** {@link #TRANSACTIONS} for this proxy's service and an access mode. */
  static double transactions(TestingProxy proxy, String access) {
    return count(proxy.registry(), TRANSACTIONS, "service", SERVICE, "access", access);
  }

  /** {@link #SERVER_STATEMENTS} for this proxy's service, one server and a kind. */
  static double serverStatements(TestingProxy proxy, MariaDbServer server, String kind) {
    return count(
        proxy.registry(),
        SERVER_STATEMENTS,
        "service",
        SERVICE,
        "server",
        server.name(),
        "kind",
        kind);
  }

  /** Waits until the proxy's monitor sees the cluster as {@code condition} says. */
  static void awaitMonitor(TestingProxy proxy, String what, Predicate<ClusterSnapshot> condition) {
    long deadline = System.nanoTime() + MONITOR_NOTICE.toNanos();
    while (System.nanoTime() < deadline) {
      ClusterSnapshot snapshot = proxy.monitors().snapshots().get("cluster1");
      if (snapshot != null && condition.test(snapshot)) {
        return;
      }
      sleep(Duration.ofMillis(50));
    }
    throw new AssertionError(
        "the monitor did not see "
            + what
            + " within "
            + MONITOR_NOTICE.toSeconds()
            + " s; it sees "
            + proxy.monitors().snapshots().get("cluster1"));
  }

  /**
   * The id of the backend connection a session holds on {@code server}, given the {@code
   * CONNECTION_ID()} a read through the session returned there. Weir passes {@code CONNECTION_ID()}
   * through (it is the backend's own id); should that change, the session's connection is still the
   * only application connection on the server while the test runs.
   */
  static long backendConnectionId(MariaDbServer server, long reportedId) {
    String found =
        server.queryString(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE ID = "
                + reportedId
                + " AND USER = '"
                + Credentials.APPLICATION.user()
                + "'");
    if (found != null) {
      return Long.parseLong(found);
    }
    String only =
        server.queryString(
            "SELECT MIN(ID) FROM information_schema.PROCESSLIST WHERE USER = '"
                + Credentials.APPLICATION.user()
                + "' HAVING COUNT(*) = 1");
    if (only == null) {
      throw new AssertionError(
          server + " has no single application connection with id " + reportedId);
    }
    return Long.parseLong(only);
  }

  /** Waits until every server runs, replicates and has applied all the primary wrote. */
  void restoreReplication() {
    for (MariaDbServer server : topology.servers()) {
      if (!server.isRunning()) {
        server.start();
      }
    }
    for (MariaDbServer replica : topology.replicas()) {
      Map<String, String> status = replica.replicaStatus();
      if (!"Yes".equals(status.get("Slave_IO_Running"))
          || !"Yes".equals(status.get("Slave_SQL_Running"))) {
        topology.startReplication(replica);
      }
    }
    topology.awaitReplicasCaughtUp();
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
