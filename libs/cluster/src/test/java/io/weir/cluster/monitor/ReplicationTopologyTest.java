package io.weir.cluster.monitor;

import static io.weir.cluster.server.StatusBit.AUTH_ERROR;
import static io.weir.cluster.server.StatusBit.DRAINING;
import static io.weir.cluster.server.StatusBit.MAINTENANCE;
import static io.weir.cluster.server.StatusBit.MASTER;
import static io.weir.cluster.server.StatusBit.RUNNING;
import static io.weir.cluster.server.StatusBit.SLAVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cluster.server.ReplicaConnection;
import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ReplicationTopologyTest {

  private static final ServerEndpoint A = new ServerEndpoint("a", "127.0.0.1", 3301);
  private static final ServerEndpoint B = new ServerEndpoint("b", "127.0.0.1", 3302);
  private static final ServerEndpoint C = new ServerEndpoint("c", "127.0.0.1", 3303);
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  @Test
  void writableRootIsMasterAndItsRunningReplicasAreSlavesWithTheirLag() {
    List<ServerState> states =
        derive(
            Map.of(A, primary(), B, replicaOf(A, true, 0L), C, replicaOf(A, true, 7L)),
            null,
            Map.of());

    assertThat(states)
        .extracting(ServerState::status)
        .containsExactly(Set.of(RUNNING, MASTER), Set.of(RUNNING, SLAVE), Set.of(RUNNING, SLAVE));
    assertThat(states).extracting(ServerState::replicationLag).containsExactly(null, 0L, 7L);
  }

  @Test
  void replicaWithStoppedReplicationIsOnlyRunning() {
    List<ServerState> states =
        derive(Map.of(A, primary(), B, replicaOf(A, false, null)), null, Map.of());

    assertThat(states.get(1).status()).containsExactly(RUNNING);
    assertThat(states.get(1).replicationLag()).isNull();
  }

  @Test
  void deadMasterLeavesReadOnlyReplicasWithoutAMaster() {
    List<ServerState> states =
        derive(
            Map.of(
                A,
                new ProbeResult.Unreachable("Connection refused"),
                B,
                replicaOf(A, false, null),
                C,
                replicaOf(A, false, null)),
            "a",
            Map.of());

    assertThat(states)
        .extracting(ServerState::statusText)
        .containsExactly("Down", "Running", "Running");
    assertThat(states.getFirst().lastError()).isEqualTo("Connection refused");
  }

  @Test
  void replicasOfADeadMasterStillApplyingWhatTheyGotStaySlavesWithUnknownLag() {
    List<ServerState> states =
        derive(
            Map.of(
                A,
                new ProbeResult.Unreachable("Connection refused"),
                B,
                orphanOf(A),
                C,
                replicaOf(B, true, 0L)),
            "a",
            Map.of());

    assertThat(states)
        .extracting(ServerState::statusText)
        .containsExactly("Down", "Slave, Running", "Slave, Running");
    assertThat(states).extracting(ServerState::replicationLag).containsExactly(null, null, 0L);
  }

  @Test
  void promotedReplicaBecomesMasterAndTheOtherFollowsIt() {
    List<ServerState> states =
        derive(
            Map.of(A, new ProbeResult.Unreachable("down"), B, primary(), C, replicaOf(B, true, 0L)),
            "a",
            Map.of());

    assertThat(states)
        .extracting(ServerState::statusText)
        .containsExactly("Down", "Master, Running", "Slave, Running");
  }

  @Test
  void relayReplicaOfASlaveIsASlaveToo() {
    List<ServerState> states =
        derive(
            Map.of(A, primary(), B, replicaOf(A, true, 1L), C, replicaOf(B, true, 2L)),
            null,
            Map.of());

    assertThat(states.get(2).status()).containsExactlyInAnyOrder(RUNNING, SLAVE);
    assertThat(states.get(2).replicationLag()).isEqualTo(2L);
  }

  @Test
  void ofTwoWritableRootsThePreviousMasterKeepsTheRole() {
    Map<ServerEndpoint, ProbeResult> results =
        Map.of(A, primary(), B, primary(), C, replicaOf(A, true, 0L));

    assertThat(derive(results, "b", Map.of()).get(1).status()).contains(MASTER);
    assertThat(derive(results, null, Map.of()).getFirst().status())
        .as("without a previous master, the root with most replicas")
        .contains(MASTER);
  }

  @Test
  void readOnlyRootIsNoMaster() {
    ProbeResult.Reached readOnlyRoot =
        new ProbeResult.Reached(1, "11.4.5-MariaDB", true, "0-1-5", "0-1-5", List.of());

    assertThat(derive(Map.of(A, readOnlyRoot), null, Map.of()).getFirst().status())
        .containsExactly(RUNNING);
  }

  @Test
  void refusedCredentialsShowAsAuthErrorNotRunning() {
    List<ServerState> states =
        derive(
            Map.of(A, new ProbeResult.AuthenticationFailed("Access denied for user 'weir'")),
            null,
            Map.of());

    assertThat(states.getFirst().status()).containsExactly(AUTH_ERROR);
    assertThat(states.getFirst().acceptsNewSessions()).isFalse();
  }

  @Test
  void operatorBitsStayWhateverTheServerDoes() {
    List<ServerState> states =
        derive(
            Map.of(A, primary(), B, new ProbeResult.Unreachable("down")),
            null,
            Map.of("a", Set.of(DRAINING), "b", Set.of(MAINTENANCE)));

    assertThat(states.get(0).statusText()).isEqualTo("Draining, Master, Running");
    assertThat(states.get(0).acceptsNewSessions()).isFalse();
    assertThat(states.get(1).status()).containsExactly(MAINTENANCE);
  }

  private static List<ServerState> derive(
      Map<ServerEndpoint, ProbeResult> unordered,
      @Nullable String previousMaster,
      Map<String, Set<StatusBit>> operatorBits) {
    Map<ServerEndpoint, ProbeResult> ordered = new LinkedHashMap<>();
    for (ServerEndpoint endpoint : List.of(A, B, C)) {
      if (unordered.containsKey(endpoint)) {
        ordered.put(endpoint, unordered.get(endpoint));
      }
    }
    return ReplicationTopology.derive(ordered, previousMaster, operatorBits, NOW);
  }

  private static ProbeResult primary() {
    return new ProbeResult.Reached(1, "11.4.5-MariaDB", false, "0-1-5", "0-1-5", List.of());
  }

  /** A replica whose IO thread lost its source (Connecting) while its SQL thread runs. */
  private static ProbeResult orphanOf(ServerEndpoint source) {
    ReplicaConnection connection =
        new ReplicaConnection("", "127.0.0.1", source.port(), false, true, null, "Slave_Pos", "");
    return new ProbeResult.Reached(2, "11.4.5-MariaDB", true, "", "0-1-5", List.of(connection));
  }

  private static ProbeResult replicaOf(ServerEndpoint source, boolean running, @Nullable Long lag) {
    ReplicaConnection connection =
        new ReplicaConnection(
            "", "127.0.0.1", source.port(), running, running, lag, "Slave_Pos", "");
    return new ProbeResult.Reached(2, "11.4.5-MariaDB", true, "", "0-1-5", List.of(connection));
  }
}
