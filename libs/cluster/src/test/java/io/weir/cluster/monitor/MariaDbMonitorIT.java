package io.weir.cluster.monitor;

import static io.weir.cluster.server.StatusBit.MAINTENANCE;
import static io.weir.cluster.server.StatusBit.MASTER;
import static io.weir.cluster.server.StatusBit.RUNNING;
import static io.weir.cluster.server.StatusBit.SLAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The monitor against real servers; each test starts its own topology because it breaks it. */
class MariaDbMonitorIT {

  private static final MonitorSettings SETTINGS =
      new MonitorSettings(
          Credentials.SERVICE.user(),
          Credentials.SERVICE.password(),
          Duration.ofMillis(200),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1));

  @Test
  void seesMasterAndSlavesWithGtidPositionsAndLag() {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(2));
        MariaDbMonitor monitor = monitorOf(topology)) {
      topology
          .primary()
          .execute(
              "CREATE TABLE app.monitored (id INT PRIMARY KEY)",
              "INSERT INTO app.monitored VALUES (1)");
      topology.awaitReplicasCaughtUp();

      ClusterSnapshot snapshot = monitor.poll();

      assertThat(snapshot.server("primary"))
          .get()
          .satisfies(
              primary -> {
                assertThat(primary.status()).containsExactlyInAnyOrder(RUNNING, MASTER);
                assertThat(primary.gtidBinlogPosition())
                    .isEqualTo(topology.primaryGtidPosition())
                    .isNotEmpty();
                assertThat(primary.serverId()).isEqualTo(1);
                assertThat(primary.readOnly()).isFalse();
              });
      assertThat(snapshot.slaves())
          .extracting(ServerState::name)
          .containsExactly("replica-1", "replica-2");
      assertThat(snapshot.slaves())
          .allSatisfy(
              replica -> {
                assertThat(replica.replicationLag()).isZero();
                assertThat(replica.gtidCurrentPosition()).isEqualTo(topology.primaryGtidPosition());
                assertThat(replica.replicaConnections())
                    .singleElement()
                    .satisfies(
                        connection -> assertThat(connection.usingGtid()).isEqualTo("Slave_Pos"));
              });
    }
  }

  @Test
  void followsKilledStoppedPausedAndPromotedServers() {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(2));
        MariaDbMonitor monitor = monitorOf(topology)) {
      MariaDbServer first = topology.replicas().get(0);
      MariaDbServer second = topology.replicas().get(1);

      first.kill();
      topology.stopReplication(second);
      assertThat(statusOf(monitor.poll(), "replica-1")).isEqualTo("Down");
      assertThat(statusOf(monitor.snapshot(), "replica-2")).isEqualTo("Running");

      first.start();
      topology.startReplication(second);
      topology.awaitReplicasCaughtUp();
      // a restarted IO thread shows "Connecting" for a moment before "Yes"
      assertThat(pollUntil(monitor, snapshot -> snapshot.slaves().size() == 2).slaves()).hasSize(2);

      second.pause();
      try {
        long started = System.nanoTime();
        assertThat(statusOf(monitor.poll(), "replica-2"))
            .as("a hung server counts as down")
            .isEqualTo("Down");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(10));
      } finally {
        second.resume();
      }

      MariaDbServer former = topology.primary();
      former.kill();
      assertThat(monitor.poll().master()).as("no master until one is promoted").isEmpty();
      topology.promote(first);
      ClusterSnapshot promoted =
          pollUntil(
              monitor, snapshot -> snapshot.master().isPresent() && snapshot.slaves().size() == 1);
      assertThat(promoted.master()).get().extracting(ServerState::name).isEqualTo("replica-1");
      assertThat(statusOf(promoted, "replica-2")).isEqualTo("Slave, Running");
      assertThat(statusOf(promoted, "primary")).isEqualTo("Down");
    }
  }

  @Test
  void maintenanceAndDrainingAreSetAndClearedAtOnceAndSurviveRounds() {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(1));
        MariaDbMonitor monitor = monitorOf(topology)) {
      List<ClusterSnapshot> published = new CopyOnWriteArrayList<>();
      monitor.subscribe(published::add);
      pollUntil(monitor, snapshot -> snapshot.slaves().size() == 1);

      monitor.setMaintenance("replica-1", true);
      assertThat(statusOf(monitor.snapshot(), "replica-1"))
          .isEqualTo("Maintenance, Slave, Running");
      assertThat(statusOf(monitor.poll(), "replica-1")).isEqualTo("Maintenance, Slave, Running");
      monitor.setDraining("primary", true);
      assertThat(monitor.snapshot().server("primary").orElseThrow().acceptsNewSessions()).isFalse();

      monitor.setMaintenance("replica-1", false);
      monitor.setDraining("primary", false);
      assertThat(statusOf(monitor.poll(), "replica-1")).isEqualTo("Slave, Running");
      assertThat(statusOf(monitor.snapshot(), "primary")).isEqualTo("Master, Running");
      assertThat(published).hasSizeGreaterThanOrEqualTo(6);
      assertThat(published.getLast().server("replica-1").orElseThrow().has(MAINTENANCE)).isFalse();

      assertThatThrownBy(() -> monitor.setMaintenance("no-such-server", true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no-such-server");
    }
  }

  @Test
  void scheduledRoundsPublishWithoutBeingAsked() throws InterruptedException {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(1));
        MariaDbMonitor monitor = monitorOf(topology).start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while ((monitor.snapshot().round() < 3 || monitor.snapshot().slaves().isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(monitor.snapshot().round()).isGreaterThanOrEqualTo(3);
      assertThat(monitor.snapshot().master())
          .get()
          .extracting(ServerState::name)
          .isEqualTo("primary");
      assertThat(monitor.snapshot().server("replica-1").orElseThrow().has(SLAVE)).isTrue();
    }
  }

  @Test
  void wrongCredentialsShowAsAuthError() {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(0));
        MariaDbMonitor monitor =
            MariaDbMonitor.overJdbc(
                "wrong",
                endpoints(topology),
                new MonitorSettings(
                    "weir",
                    "not-the-password",
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1)))) {
      assertThat(statusOf(monitor.poll(), "primary")).isEqualTo("Auth Error");
      assertThat(monitor.snapshot().server("primary").orElseThrow().lastError())
          .contains("Access denied");
    }
  }

  private static ClusterSnapshot pollUntil(
      MariaDbMonitor monitor, Predicate<ClusterSnapshot> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    ClusterSnapshot snapshot = monitor.poll();
    while (!condition.test(snapshot) && System.nanoTime() < deadline) {
      snapshot = monitor.poll();
    }
    return snapshot;
  }

  private static MariaDbMonitor monitorOf(MariaDbTopology topology) {
    return new MariaDbMonitor(
        "cluster", endpoints(topology), SETTINGS, new JdbcServerProbe(SETTINGS), Clock.systemUTC());
  }

  private static List<ServerEndpoint> endpoints(MariaDbTopology topology) {
    return topology.servers().stream()
        .map(server -> new ServerEndpoint(server.name(), server.host(), server.port()))
        .toList();
  }

  private static String statusOf(ClusterSnapshot snapshot, String server) {
    return snapshot.server(server).orElseThrow().statusText();
  }
}
