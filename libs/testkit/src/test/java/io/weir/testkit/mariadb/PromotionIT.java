package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each test starts its own topology: promotion changes which server is which. */
class PromotionIT {

  @Test
  void switchoverMakesReplicaThePrimaryAndTheOthersFollowIt() {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(2))) {
      MariaDbServer former = topology.primary();
      MariaDbServer candidate = topology.replicas().getFirst();
      MariaDbServer other = topology.replicas().getLast();
      former.execute(
          "CREATE TABLE app.switched (id INT PRIMARY KEY)", "INSERT INTO app.switched VALUES (1)");

      topology.promote(candidate);
      candidate.execute("INSERT INTO app.switched VALUES (2)");
      topology.awaitReplicasCaughtUp();

      assertThat(topology.primary()).isSameAs(candidate);
      assertThat(candidate.queryString("SELECT @@read_only")).isEqualTo("0");
      assertThat(topology.replicas()).containsExactly(former, other);
      for (MariaDbServer replica : topology.replicas()) {
        assertThat(replica.queryString("SELECT @@read_only")).isEqualTo("1");
        assertThat(replica.replicaStatus())
            .containsEntry("Master_Port", Integer.toString(candidate.port()))
            .containsEntry("Slave_SQL_Running", "Yes");
        assertThat(replica.queryString("SELECT GROUP_CONCAT(id ORDER BY id) FROM app.switched"))
            .isEqualTo("1,2");
      }
    }
  }

  @Test
  void failoverAfterThePrimaryDiesMakesReplicaWritableAndTheOtherFollowsIt() {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(2))) {
      MariaDbServer former = topology.primary();
      MariaDbServer candidate = topology.replicas().getFirst();
      MariaDbServer other = topology.replicas().getLast();
      former.execute(
          "CREATE TABLE app.failed_over (id INT PRIMARY KEY)",
          "INSERT INTO app.failed_over VALUES (1)");
      topology.awaitReplicasCaughtUp();

      former.kill();
      topology.promote(candidate);
      candidate.execute("INSERT INTO app.failed_over VALUES (2)");
      topology.awaitReplicasCaughtUp();

      assertThat(candidate.queryString("SELECT @@read_only")).isEqualTo("0");
      assertThat(other.replicaStatus())
          .containsEntry("Master_Port", Integer.toString(candidate.port()));
      assertThat(other.queryString("SELECT GROUP_CONCAT(id ORDER BY id) FROM app.failed_over"))
          .isEqualTo("1,2");

      // the former primary comes back read-only and, once rejoined, catches up
      former.start();
      assertThat(former.queryString("SELECT @@read_only")).isEqualTo("1");
      topology.rejoin(former);
      topology.awaitReplicasCaughtUp();
      assertThat(former.queryString("SELECT GROUP_CONCAT(id ORDER BY id) FROM app.failed_over"))
          .isEqualTo("1,2");
    }
  }
}
