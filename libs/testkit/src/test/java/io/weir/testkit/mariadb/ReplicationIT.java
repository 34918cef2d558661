package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithMariaDb(replicas = 2)
class ReplicationIT {

  @Test
  void rowWrittenOnPrimaryIsReadOnBothReplicas(MariaDbTopology topology) throws SQLException {
    try (Connection primary =
            topology.primary().connect(Credentials.APPLICATION, "app", Duration.ofSeconds(10));
        Statement statement = primary.createStatement()) {
      statement.execute("CREATE TABLE replicated_row (id INT PRIMARY KEY, note VARCHAR(40))");
      statement.execute("INSERT INTO replicated_row VALUES (1, 'from the primary')");
    }

    topology.awaitReplicasCaughtUp();

    assertThat(topology.replicas()).hasSize(2);
    for (MariaDbServer replica : topology.replicas()) {
      assertThat(replica.queryString("SELECT note FROM app.replicated_row WHERE id = 1"))
          .as("row on %s", replica)
          .isEqualTo("from the primary");
    }
  }

  @Test
  void replicasAreReadOnlyForTheApplication(MariaDbTopology topology) throws SQLException {
    MariaDbServer replica = topology.replicas().getFirst();
    try (Connection connection =
            replica.connect(Credentials.APPLICATION, "app", Duration.ofSeconds(10));
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("CREATE TABLE refused_on_replica (id INT)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1290));
    }
  }

  @Test
  void serversAreConfiguredForGtidRowReplication(MariaDbTopology topology) {
    for (MariaDbServer server : topology.servers()) {
      assertThat(server.queryString("SELECT @@binlog_format")).isEqualTo("ROW");
      assertThat(server.queryString("SELECT @@binlog_row_image")).isEqualTo("FULL");
      assertThat(server.queryString("SELECT @@binlog_row_metadata")).isEqualTo("FULL");
      assertThat(server.queryString("SELECT @@log_slave_updates")).isEqualTo("1");
      assertThat(server.queryString("SELECT @@session_track_system_variables"))
          .contains("last_gtid");
      assertThat(server.queryString("SELECT @@server_id"))
          .isEqualTo(Integer.toString(server.serverId()));
    }
    assertThat(topology.servers().stream().map(MariaDbServer::serverId).distinct()).hasSize(3);
    assertThat(topology.primary().queryString("SELECT @@read_only")).isEqualTo("0");
    for (MariaDbServer replica : topology.replicas()) {
      assertThat(replica.queryString("SELECT @@read_only")).isEqualTo("1");
      assertThat(replica.replicaStatus())
          .containsEntry("Using_Gtid", "Slave_Pos")
          .containsEntry("Slave_IO_Running", "Yes")
          .containsEntry("Slave_SQL_Running", "Yes")
          .containsEntry("Master_Port", Integer.toString(topology.primary().port()));
    }
  }

  @Test
  void serversRunTheBinariesTheKitLocated(MariaDbTopology topology) {
    MariaDbBinaries binaries = topology.binaries();
    String home = System.getenv(MariaDbBinaries.HOME_VARIABLE);
    if (home != null && !home.isBlank()) {
      // CI's run against Debian's 10.11 proves nothing if the kit quietly used the bundle
      assertThat(binaries.server()).startsWith(Path.of(home));
    }
    for (MariaDbServer server : topology.servers()) {
      assertThat(server.queryString("SELECT VERSION()"))
          .as("version of %s", server)
          .startsWith(binaries.version() + "-");
    }
  }

  @Test
  void everyAccountLogsInWithItsGrants(MariaDbTopology topology) throws SQLException {
    MariaDbServer primary = topology.primary();
    assertThat(grantsOf(primary, Credentials.SERVICE))
        .anySatisfy(
            grant ->
                assertThat(grant)
                    .contains("BINLOG MONITOR", "SLAVE MONITOR", "REPLICATION SLAVE", "SELECT"));
    assertThat(grantsOf(primary, Credentials.REPLICATION))
        .anySatisfy(grant -> assertThat(grant).contains("REPLICATION SLAVE"));
    assertThat(grantsOf(primary, Credentials.APPLICATION))
        .noneSatisfy(grant -> assertThat(grant).contains("SUPER"));
    // the service account reads the grant tables, as a proxy loading users must
    try (Connection connection = primary.connect(Credentials.SERVICE);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM mysql.global_priv")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isPositive();
    }
  }

  private static List<String> grantsOf(MariaDbServer server, Credentials credentials)
      throws SQLException {
    try (Connection connection = server.connect(credentials);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
      List<String> grants = new java.util.ArrayList<>();
      while (rows.next()) {
        grants.add(rows.getString(1));
      }
      return grants;
    }
  }
}
