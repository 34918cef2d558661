package io.weir.proxy.router.readwritesplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.proxy.router.ServerConnections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReplicaSelectorTest {

  private final ServerConnections global = new ServerConnections();

  @Test
  @DisplayName("LEAST_CURRENT_OPERATIONS picks the idlest server; ties go to the first listed")
  void leastCurrentOperations() {
    ReplicaCandidate a = candidate("a", 0, 1, 0L);
    ReplicaCandidate b = candidate("b", 0, 1, 0L);
    ReplicaSelector selector = selector(SlaveSelectionCriteria.LEAST_CURRENT_OPERATIONS);

    assertThat(selector.best(List.of(a, b), Function.identity())).isSameAs(a);
    a.statistics().operationStarted(false);
    assertThat(selector.best(List.of(a, b), Function.identity())).isSameAs(b);
  }

  @Test
  @DisplayName(
      "weights divide the measure: twice the weight takes twice the load; 0 only as a last resort")
  void weights() {
    ReplicaCandidate light = candidate("light", 0, 1, 0L);
    ReplicaCandidate heavy = candidate("heavy", 0, 2, 0L);
    ReplicaCandidate never = candidate("never", 0, 0, 0L);
    ReplicaSelector selector = selector(SlaveSelectionCriteria.LEAST_ROUTER_CONNECTIONS);
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      ReplicaCandidate chosen = selector.best(List.of(never, light, heavy), Function.identity());
      chosen.statistics().connectionOpened();
      picks.merge(chosen.server(), 1, Integer::sum);
    }

    assertThat(picks).doesNotContainKey("never");
    assertThat(picks.get("heavy")).isBetween(19, 21);
    assertThat(selector.best(List.of(never), Function.identity())).isSameAs(never);
  }

  @Test
  @DisplayName("a server of rank primary beats any secondary one")
  void rankFirst() {
    ReplicaCandidate secondary = candidate("secondary", 1, 1, 0L);
    ReplicaCandidate busyPrimary = candidate("primary", 0, 1, 0L);
    for (int i = 0; i < 10; i++) {
      busyPrimary.statistics().operationStarted(false);
    }

    assertThat(
            selector(SlaveSelectionCriteria.LEAST_CURRENT_OPERATIONS)
                .best(List.of(secondary, busyPrimary), Function.identity()))
        .isSameAs(busyPrimary);
  }

  @Test
  @DisplayName("LEAST_BEHIND_MASTER picks the smallest lag and ranks unknown lag last")
  void leastBehindMaster() {
    ReplicaCandidate unknown = candidate("unknown", 0, 1, null);
    ReplicaCandidate far = candidate("far", 0, 1, 9L);
    ReplicaCandidate near = candidate("near", 0, 1, 1L);

    assertThat(
            selector(SlaveSelectionCriteria.LEAST_BEHIND_MASTER)
                .ordered(List.of(unknown, far, near), Function.identity()))
        .containsExactly(near, far, unknown);
  }

  @Test
  @DisplayName("LEAST_GLOBAL_CONNECTIONS counts every service's connections")
  void leastGlobalConnections() {
    ReplicaCandidate a = candidate("a", 0, 1, 0L);
    ReplicaCandidate b = candidate("b", 0, 1, 0L);
    global.opened("a");

    assertThat(
            selector(SlaveSelectionCriteria.LEAST_GLOBAL_CONNECTIONS)
                .best(List.of(a, b), Function.identity()))
        .isSameAs(b);
  }

  @Test
  @DisplayName("ADAPTIVE_ROUTING favours the faster server yet leaves the slower one some reads")
  void adaptiveRouting() {
    ReplicaCandidate fast = candidate("fast", 0, 1, 0L);
    ReplicaCandidate slow = candidate("slow", 0, 1, 0L);
    fast.statistics().operationStarted(false);
    fast.statistics().operationEnded(1_000_000);
    slow.statistics().operationStarted(false);
    slow.statistics().operationEnded(50_000_000);
    ReplicaSelector selector = selector(SlaveSelectionCriteria.ADAPTIVE_ROUTING);
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      picks.merge(
          selector.best(List.of(fast, slow), Function.identity()).server(), 1, Integer::sum);
    }

    assertThat(picks.get("fast")).isGreaterThan(9_000);
    assertThat(picks.get("slow")).isGreaterThan(100);
  }

  private ReplicaSelector selector(SlaveSelectionCriteria criteria) {
    return new ReplicaSelector(criteria, global, new SplittableRandom(7));
  }

  private static ReplicaCandidate candidate(String name, int rank, long weight, Long lag) {
    return new ReplicaCandidate(new ServerStatistics(name), rank, weight, lag);
  }
}
