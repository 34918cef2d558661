package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithMariaDb(replicas = 2)
class FailureIT {

  @BeforeAll
  static void createTable(MariaDbTopology topology) {
    topology.primary().execute("CREATE TABLE app.failure_rows (id INT PRIMARY KEY)");
    // a shared topology may still be applying an earlier class's writes
    topology.awaitReplicasCaughtUp();
  }

  @Test
  void killedReplicaResumesReplicationAfterRestart(MariaDbTopology topology) {
    MariaDbServer replica = topology.replicas().getFirst();
    long killedPid = replica.pid();

    replica.kill();
    assertThat(replica.isRunning()).isFalse();
    assertThat(ProcessHandle.of(killedPid).filter(ProcessHandle::isAlive)).isEmpty();
    topology.primary().execute("INSERT INTO app.failure_rows VALUES (1)");
    replica.start();
    topology.awaitReplicasCaughtUp();

    assertThat(replica.queryString("SELECT COUNT(*) FROM app.failure_rows WHERE id = 1"))
        .isEqualTo("1");
    assertThat(replica.replicaStatus()).containsEntry("Slave_SQL_Running", "Yes");
  }

  @Test
  void pausedServerMakesClientsTimeOutAndRecoversOnResume(MariaDbTopology topology)
      throws SQLException {
    MariaDbServer replica = topology.replicas().getLast();
    try (Connection connection =
            replica.connect(Credentials.APPLICATION, "app", Duration.ofMillis(1500));
        Statement statement = connection.createStatement()) {
      replica.pause();
      try {
        long started = System.nanoTime();
        assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
            .isInstanceOf(SQLException.class)
            .hasRootCauseInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("the client waited for its socket timeout rather than seeing a reset")
            .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
      } finally {
        replica.resume();
      }
    }
    try (Connection connection =
            replica.connect(Credentials.APPLICATION, "app", Duration.ofSeconds(10));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void stoppedReplicationHoldsBackChangesUntilStarted(MariaDbTopology topology) {
    MariaDbServer replica = topology.replicas().getLast();
    topology.stopReplication(replica);
    try {
      topology.primary().execute("INSERT INTO app.failure_rows VALUES (2)");

      assertThat(replica.queryString("SELECT COUNT(*) FROM app.failure_rows WHERE id = 2"))
          .isEqualTo("0");
    } finally {
      // the other tests of this class need the replica replicating, whatever happened here
      topology.startReplication(replica);
    }
    topology.awaitReplicasCaughtUp();
    assertThat(replica.queryString("SELECT COUNT(*) FROM app.failure_rows WHERE id = 2"))
        .isEqualTo("1");
  }

  @Test
  void stoppedPrimaryComesBackWithItsData(MariaDbTopology topology) {
    topology.primary().execute("INSERT INTO app.failure_rows VALUES (3)");
    topology.primary().stop();
    assertThat(topology.primary().isRunning()).isFalse();

    topology.primary().start();
    topology.primary().execute("INSERT INTO app.failure_rows VALUES (4)");
    topology.awaitReplicasCaughtUp();

    for (MariaDbServer replica : topology.replicas()) {
      assertThat(replica.queryString("SELECT COUNT(*) FROM app.failure_rows WHERE id IN (3, 4)"))
          .as("rows on %s after the primary restarted", replica)
          .isEqualTo("2");
    }
  }
}
