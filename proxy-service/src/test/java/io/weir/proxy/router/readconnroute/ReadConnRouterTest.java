package io.weir.proxy.router.readconnroute;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import io.weir.control.resource.ParameterValues;
import io.weir.proxy.backend.BackendTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ReadConnRouterTest {
  private static final ServerState MASTER = state("db1", null, StatusBit.MASTER);
  private static final ServerState SLAVE_A = state("db2", 0L, StatusBit.SLAVE);
  private static final ServerState SLAVE_B = state("db3", 0L, StatusBit.SLAVE);

  private List<ServerState> servers = List.of(MASTER, SLAVE_A, SLAVE_B);
  private Map<String, Integer> ranks = Map.of();

  @Test
  void masterOptionPicksTheMaster() {
    assertThat(choose(router(Set.of("master"), true, Duration.ZERO))).contains("db1");
  }

  @Test
  void slaveOptionSpreadsSessionsByLeastConnectionsWithTiesToTheFirstListed() {
    ReadConnRouter router = router(Set.of("slave"), true, Duration.ZERO);
    List<String> chosen = new ArrayList<>();
    for (int session = 0; session < 4; session++) {
      String server = choose(router).orElseThrow();
      router.connectionOpened(server);
      chosen.add(server);
    }
    assertThat(chosen).containsExactly("db2", "db3", "db2", "db3");
    router.connectionClosed("db3");
    router.connectionClosed("db3");
    assertThat(choose(router)).contains("db3");
  }

  @Test
  void slaveOptionFallsBackToTheMasterOnlyWhenMasterAcceptsReads() {
    servers = List.of(MASTER, SLAVE_A.with(Set.of(StatusBit.MAINTENANCE)));
    assertThat(choose(router(Set.of("slave"), true, Duration.ZERO))).contains("db1");
    assertThat(choose(router(Set.of("slave"), false, Duration.ZERO))).isEmpty();
  }

  @Test
  void runningIncludesTheMasterUnlessMasterAcceptReadsIsOff() {
    ReadConnRouter router = router(Set.of("running"), false, Duration.ZERO);
    router.connectionOpened("db2");
    assertThat(choose(router)).contains("db3");
    assertThat(choose(router(Set.of("running"), true, Duration.ZERO))).contains("db1");
  }

  @Test
  void drainingMaintenanceAndDownServersGetNoSessions() {
    servers =
        List.of(
            MASTER.with(Set.of(StatusBit.DRAINING)),
            ServerState.down(new ServerEndpoint("db2", "127.0.0.1", 2), "refused", Instant.EPOCH),
            SLAVE_B);
    assertThat(choose(router(Set.of("running"), true, Duration.ZERO))).contains("db3");
    assertThat(choose(router(Set.of("master"), true, Duration.ZERO))).isEmpty();
  }

  @Test
  void lagAtOrOverMaxReplicationLagExcludesASlave() {
    servers =
        List.of(MASTER, state("db2", 10L, StatusBit.SLAVE), state("db3", 2L, StatusBit.SLAVE));
    assertThat(choose(router(Set.of("slave"), true, Duration.ofSeconds(10)))).contains("db3");
    assertThat(choose(router(Set.of("slave"), true, Duration.ZERO))).contains("db2");
  }

  @Test
  void primaryRankServersAreChosenBeforeSecondaryOnes() {
    ranks = Map.of("db2", 1);
    ReadConnRouter router = router(Set.of("slave"), true, Duration.ZERO);
    router.connectionOpened("db3");
    router.connectionOpened("db3");
    assertThat(choose(router)).contains("db3");
  }

  @Test
  void aReconfiguredRouterRoutesNewSessionsByItsNewOptions() {
    ReadConnRouter router = router(Set.of("master"), true, Duration.ZERO);
    assertThat(choose(router)).contains("db1");

    router.reconfigure(
        new ParameterValues(
            Map.of("router_options", Set.of("slave"), "master_accept_reads", true)));

    assertThat(choose(router)).contains("db2");
    assertThat(router.description()).isEqualTo("readconnroute router_options=slave");
  }

  @Test
  void describesItsOptions() {
    assertThat(router(Set.of("slave", "master"), true, Duration.ZERO).description())
        .isEqualTo("readconnroute router_options=master,slave");
  }

  private ReadConnRouter router(Set<String> options, boolean masterAcceptReads, Duration lag) {
    return new ReadConnRouter(
        new ReadConnRouter.Options(options, masterAcceptReads, lag),
        () -> servers,
        name -> Optional.of(new BackendTarget(name, "127.0.0.1", 3306, null)),
        name -> ranks.getOrDefault(name, 0));
  }

  private static Optional<String> choose(ReadConnRouter router) {
    return router.chooseServer().map(BackendTarget::name);
  }

  private static ServerState state(String name, @Nullable Long lag, StatusBit role) {
    EnumSet<StatusBit> status = EnumSet.of(StatusBit.RUNNING, role);
    return new ServerState(
        new ServerEndpoint(name, "127.0.0.1", 3306),
        status,
        1,
        "11.4.5-MariaDB",
        role == StatusBit.SLAVE,
        "",
        "",
        List.of(),
        lag,
        "",
        Instant.EPOCH);
  }
}
