package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs sample test classes through JUnit and watches which topology each one is given. */
class MariaDbExtensionIT {

  private static final List<MariaDbTopology> seen = new ArrayList<>();

  @Test
  void classesWithTheSameSpecShareATopologyUntilOneDisturbsIt() {
    seen.clear();

    EngineTestKit.engine("junit-jupiter")
        .selectors(
            selectClass(FirstUser.class),
            selectClass(SecondUser.class),
            selectClass(Disturber.class),
            selectClass(AfterDisturber.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(4).succeeded(4));

    assertThat(seen).hasSize(4);
    assertThat(seen.get(1)).as("same spec, undisturbed: shared").isSameAs(seen.get(0));
    assertThat(seen.get(2)).isSameAs(seen.get(0));
    assertThat(seen.get(3))
        .as("after a class killed a server: a fresh topology")
        .isNotSameAs(seen.get(2));
    assertThat(seen.get(2).primary().isRunning()).as("the disturbed topology was closed").isFalse();
    assertThat(seen.get(3).primary().isRunning()).as("closed at the end of the run").isFalse();
  }

  @WithMariaDb(replicas = 0)
  static class FirstUser {
    @Test
    void uses(MariaDbTopology topology) {
      seen.add(topology);
    }
  }

  @WithMariaDb(replicas = 0)
  static class SecondUser {
    @Test
    void uses(MariaDbTopology topology) {
      seen.add(topology);
    }
  }

  @WithMariaDb(replicas = 0)
  static class Disturber {
    @Test
    void kills(MariaDbTopology topology) {
      seen.add(topology);
      topology.primary().kill();
    }
  }

  @WithMariaDb(replicas = 0)
  static class AfterDisturber {
    @Test
    void uses(MariaDbTopology topology) {
      seen.add(topology);
      assertThat(topology.primary().isRunning()).isTrue();
    }
  }
}
