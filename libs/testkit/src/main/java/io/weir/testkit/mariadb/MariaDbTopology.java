package io.weir.testkit.mariadb;

import io.weir.testkit.process.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A primary and its replicas, each a real {@code mariadbd} on 127.0.0.1, replicating with GTIDs
 * ({@code MASTER_USE_GTID=slave_pos}) and ROW binlogs with full row images and metadata.
 *
 * <p>Every server has the same accounts ({@link Credentials}) and an {@code app} database. Replicas
 * are {@code read_only}. Closing the topology kills every server and deletes its files.
 */
public final class MariaDbTopology implements AutoCloseable {

  private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(30);

  private final TopologySpec spec;
  private final MariaDbBinaries binaries;
  private final Path directory;
  private final List<MariaDbServer> servers;
  private volatile MariaDbServer primary;
  private volatile boolean disturbed;

  private MariaDbTopology(
      TopologySpec spec, MariaDbBinaries binaries, Path directory, List<MariaDbServer> servers) {
    this.spec = spec;
    this.binaries = binaries;
    this.directory = directory;
    this.servers = List.copyOf(servers);
    this.primary = servers.getFirst();
  }

  /**
   * Starts a topology as {@code spec} describes and returns once every replica's replication
   * threads run and have applied everything the primary wrote.
   */
  public static MariaDbTopology start(TopologySpec spec) {
    MariaDbBinaries binaries = MariaDbBinaries.locate();
    Path directory;
    try {
      directory = Files.createTempDirectory("weir-mariadb-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the topology", e);
    }
    List<MariaDbServer> servers = new ArrayList<>();
    for (int index = 0; index <= spec.replicas(); index++) {
      boolean isPrimary = index == 0;
      String name = isPrimary ? "primary" : "replica-" + index;
      int port = isPrimary && spec.primaryPort() != null ? spec.primaryPort() : FreePort.next();
      servers.add(
          new MariaDbServer(
              name,
              index + 1,
              port,
              directory.resolve(name),
              binaries,
              !isPrimary,
              spec.serverOptions()));
    }
    MariaDbTopology topology = new MariaDbTopology(spec, binaries, directory, servers);
    try {
      topology.startAll();
      for (MariaDbServer replica : topology.replicas()) {
        topology.follow(replica, topology.primary);
      }
      topology.awaitReplicasCaughtUp();
      return topology;
    } catch (RuntimeException e) {
      topology.close();
      throw e;
    }
  }

  private void startAll() {
    // install and start in parallel: each server spends most of its start-up waiting on disk
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> starts = new ArrayList<>();
      for (MariaDbServer server : servers) {
        starts.add(executor.submit(server::start));
      }
      for (Future<?> start : starts) {
        start.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new MariaDbStartException("a server failed to start: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MariaDbStartException("interrupted while starting the topology");
    }
  }

  public TopologySpec spec() {
    return spec;
  }

  /** The binaries every server runs, with their version. */
  public MariaDbBinaries binaries() {
    return binaries;
  }

  /** The server that currently takes writes. */
  public MariaDbServer primary() {
    return primary;
  }

  /** Every server but the primary, in start order. */
  public List<MariaDbServer> replicas() {
    return servers.stream().filter(server -> server != primary).toList();
  }

  /** Every server, in start order. */
  public List<MariaDbServer> servers() {
    return servers;
  }

  /**
   * Makes {@code candidate} the writable primary and points every other running server at it, as a
   * failover or switchover would.
   *
   * <p>If the old primary runs, it is made read-only first and the candidate catches up with it, so
   * nothing is lost, and it then follows the candidate. If it does not run (a failover, the old
   * primary stopped or killed), the candidate first applies every transaction it had received
   * whole; what the old primary logged and never sent is lost, as in a real failover. The old
   * primary will start read-only and rejoins through {@link #rejoin(MariaDbServer)}.
   */
  public synchronized void promote(MariaDbServer candidate) {
    if (!servers.contains(candidate) || candidate == primary) {
      throw new IllegalArgumentException(candidate + " is not a replica of this topology");
    }
    disturbed = true;
    MariaDbServer former = primary;
    if (former.isRunning()) {
      former.execute("SET GLOBAL read_only = ON");
      awaitCaughtUp(candidate, gtidBinlogPosition(former));
    } else {
      applyEverythingReceived(candidate);
    }
    candidate.execute("STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = OFF");
    candidate.readOnlyOnNextStart(false);
    former.readOnlyOnNextStart(true);
    primary = candidate;
    for (MariaDbServer server : replicas()) {
      if (!server.isRunning()) {
        continue;
      }
      if (server == former) {
        rejoin(server);
      } else {
        server.execute("STOP SLAVE");
        follow(server, candidate);
      }
    }
  }

  /**
   * Makes a former primary (or any server outside replication) a read-only replica of the current
   * primary. Its own binlog position becomes its replication position, so it does not apply its own
   * transactions again.
   */
  public synchronized void rejoin(MariaDbServer server) {
    if (server == primary) {
      throw new IllegalArgumentException(server + " is the primary");
    }
    disturbed = true;
    server.readOnlyOnNextStart(true);
    server.execute(
        "SET GLOBAL read_only = ON",
        "STOP SLAVE",
        "RESET SLAVE ALL",
        "SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos");
    follow(server, primary);
  }

  /** Stops both replication threads of {@code replica}. */
  public void stopReplication(MariaDbServer replica) {
    requireReplica(replica);
    disturbed = true;
    replica.execute("STOP SLAVE");
  }

  /** Starts both replication threads of {@code replica} again and waits until they run. */
  public void startReplication(MariaDbServer replica) {
    requireReplica(replica);
    replica.execute("START SLAVE");
    awaitReplicating(replica);
  }

  /**
   * Waits until every running replica has applied the primary's current {@code gtid_binlog_pos}.
   *
   * @throws IllegalStateException naming the replica, its position and its replication errors if
   *     one has not caught up within 30 s
   */
  public void awaitReplicasCaughtUp() {
    String target = gtidBinlogPosition(primary);
    for (MariaDbServer replica : replicas()) {
      if (replica.isRunning()) {
        awaitCaughtUp(replica, target);
      }
    }
  }

  /** The primary's {@code @@gtid_binlog_pos}: every transaction it has written. */
  public String primaryGtidPosition() {
    return gtidBinlogPosition(primary);
  }

  /**
   * Whether a test changed this topology (stopped, killed, paused or promoted a server, or stopped
   * replication) so that it must not be handed to another test class.
   */
  public boolean disturbed() {
    return disturbed || servers.stream().anyMatch(MariaDbServer::disturbed);
  }

  /** Whether every server runs; a shared topology is only reused when this holds. */
  public boolean allRunning() {
    return servers.stream().allMatch(MariaDbServer::isRunning);
  }

  /** Kills every server and deletes the topology's files. */
  @Override
  public void close() {
    for (MariaDbServer server : servers) {
      try {
        server.close();
      } catch (RuntimeException e) {
        // keep closing the others; a server that survives SIGKILL is reported by its own close
      }
    }
    deleteRecursively(directory);
  }

  private void follow(MariaDbServer replica, MariaDbServer source) {
    replica.execute(
        "CHANGE MASTER TO MASTER_HOST = '"
            + source.host()
            + "', MASTER_PORT = "
            + source.port()
            + ", MASTER_USER = '"
            + Credentials.REPLICATION.user()
            + "', MASTER_PASSWORD = '"
            + Credentials.REPLICATION.password()
            + "', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1",
        "START SLAVE");
    awaitReplicating(replica);
  }

  /**
   * Waits until both replication threads of {@code replica} run. START SLAVE returns while the IO
   * thread is still "Connecting"; callers (and monitors under test) should see a replica that
   * replicates.
   */
  private static void awaitReplicating(MariaDbServer replica) {
    long deadline = System.nanoTime() + REPLICATION_TIMEOUT.toNanos();
    while (true) {
      Map<String, String> status = replica.replicaStatus();
      if ("Yes".equals(status.get("Slave_IO_Running"))
          && "Yes".equals(status.get("Slave_SQL_Running"))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            replica
                + " did not start replicating within "
                + REPLICATION_TIMEOUT.toSeconds()
                + " s; replica status: "
                + replicationErrors(replica));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + replica, e);
      }
    }
  }

  /**
   * Lets {@code candidate} apply every transaction it received whole. A primary killed while
   * sending can leave half a transaction in the relay log, which the SQL thread never applies, so
   * the target is the IO thread's last complete transaction ({@code Gtid_IO_Pos}), not its binlog
   * coordinates. The SQL thread is started in case replication had been stopped.
   */
  private void applyEverythingReceived(MariaDbServer candidate) {
    candidate.execute("STOP SLAVE IO_THREAD", "START SLAVE SQL_THREAD");
    awaitCaughtUp(candidate, candidate.replicaStatus().getOrDefault("Gtid_IO_Pos", ""));
  }

  private void awaitCaughtUp(MariaDbServer replica, String position) {
    if (position.isEmpty()) {
      return;
    }
    try (Connection connection = replica.connect(Credentials.ADMIN);
        PreparedStatement wait = connection.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
      wait.setString(1, position);
      wait.setDouble(2, REPLICATION_TIMEOUT.toMillis() / 1000.0);
      try (ResultSet result = wait.executeQuery()) {
        result.next();
        if (result.getInt(1) != 0) {
          throw new IllegalStateException(
              replica
                  + " did not reach GTID "
                  + position
                  + " within "
                  + REPLICATION_TIMEOUT.toSeconds()
                  + " s; it is at "
                  + replica.queryString("SELECT @@gtid_slave_pos")
                  + "; replica status: "
                  + replicationErrors(replica));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(replica + " refused MASTER_GTID_WAIT: " + e.getMessage(), e);
    }
  }

  private static String replicationErrors(MariaDbServer replica) {
    Map<String, String> status = replica.replicaStatus();
    if (status.isEmpty()) {
      return "not a replica";
    }
    return Stream.of(
            "Slave_IO_Running",
            "Slave_SQL_Running",
            "Last_IO_Error",
            "Last_SQL_Error",
            "Master_Host",
            "Master_Port")
        .map(key -> key + "=" + status.getOrDefault(key, ""))
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  private static String gtidBinlogPosition(MariaDbServer server) {
    String position = server.queryString("SELECT @@gtid_binlog_pos");
    return position == null ? "" : position;
  }

  private void requireReplica(MariaDbServer server) {
    if (server == primary || !servers.contains(server)) {
      throw new IllegalArgumentException(server + " is not a replica of this topology");
    }
  }

  private static void deleteRecursively(@Nullable Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // temporary files only; a leftover is not worth failing a test run over
    }
  }

  @Override
  public String toString() {
    return "MariaDbTopology" + servers + " running " + binaries.version();
  }
}
