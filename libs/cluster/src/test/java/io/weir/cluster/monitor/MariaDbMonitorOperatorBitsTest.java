package io.weir.cluster.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The operator's bits (maintenance, draining) are the monitor's own, not a round's: set before the
 * first round they survive it, and every later round, until they are cleared.
 */
class MariaDbMonitorOperatorBitsTest {

  private static final ServerEndpoint DB1 = new ServerEndpoint("db1", "127.0.0.1", 3306);
  private static final ServerEndpoint DB2 = new ServerEndpoint("db2", "127.0.0.1", 3307);

  @Test
  @DisplayName("bits set before the first round survive it, and a cleared bit stays cleared")
  void operatorBitsSetBeforeTheFirstRoundSurviveIt() {
    try (MariaDbMonitor monitor =
        new MariaDbMonitor(
            "cluster1",
            List.of(DB1, DB2),
            new MonitorSettings(
                "weir",
                "secret",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1)),
            new UnreachableServers(),
            Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC))) {
      monitor.setMaintenance("db1", true);
      monitor.setDraining("db2", true);
      assertThat(state(monitor, "db1").has(StatusBit.MAINTENANCE)).as("at once").isTrue();

      monitor.poll();
      assertThat(state(monitor, "db1").has(StatusBit.MAINTENANCE)).as("after round 1").isTrue();
      assertThat(state(monitor, "db2").has(StatusBit.DRAINING)).as("after round 1").isTrue();
      assertThat(state(monitor, "db1").has(StatusBit.DRAINING)).isFalse();

      monitor.setMaintenance("db1", false);
      monitor.poll();
      assertThat(state(monitor, "db1").has(StatusBit.MAINTENANCE)).as("cleared").isFalse();
      assertThat(state(monitor, "db2").has(StatusBit.DRAINING)).as("untouched").isTrue();
    }
  }

  private static ServerState state(MariaDbMonitor monitor, String server) {
    return monitor.snapshot().server(server).orElseThrow();
  }

  /** Every server down: the round derives nothing but what the operator set. */
  private static final class UnreachableServers implements ServerProbe {
    @Override
    public ProbeResult probe(ServerEndpoint endpoint) {
      return new ProbeResult.Unreachable("not reachable in this test");
    }

    @Override
    public void close() {}
  }
}
