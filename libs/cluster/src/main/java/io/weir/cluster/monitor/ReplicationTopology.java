package io.weir.cluster.monitor;

import io.weir.cluster.server.ReplicaConnection;
import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns one round of probe results into status bits, the way {@code mariadbmon} reads a replication
 * topology. A pure function of its inputs, so every rule has a unit test.
 *
 * <ul>
 *   <li><b>Running</b>: the monitor logged in and queried the server.
 *   <li><b>Master</b>: a running, writable ({@code read_only=OFF}) root of the topology, i.e. a
 *       server with no replication connection to another running monitored server. If several
 *       qualify, the previous master keeps the role, else the one with the most replicas below it,
 *       else the first configured. A read-only root is no master: after the master dies its
 *       replicas stay read-only until someone promotes one.
 *   <li><b>Slave</b>: a running server with a replication connection whose IO and SQL threads run,
 *       reading from the master or from another slave. Its lag is that connection's {@code
 *       Seconds_Behind_Master}. A replica whose replication is stopped is only Running. While the
 *       master is down and none has replaced it, its replicas whose SQL thread still runs (the IO
 *       thread keeps trying to reconnect) stay Slaves with unknown lag, as in mariadbmon: reads can
 *       go on without a master ({@code master_failure_mode=fail_on_write}).
 *   <li><b>Maintenance</b> and <b>Draining</b>: whatever the operator set, kept across rounds.
 * </ul>
 */
final class ReplicationTopology {

  private ReplicationTopology() {}

  /**
   * @param results each configured server's probe result, in configuration order
   * @param previousMaster the master of the previous round, if any
   * @param operatorBits the bits operators set per server name (maintenance, draining)
   */
  static List<ServerState> derive(
      Map<ServerEndpoint, ProbeResult> results,
      @Nullable String previousMaster,
      Map<String, Set<StatusBit>> operatorBits,
      Instant polledAt) {
    Map<String, ServerState> states = new LinkedHashMap<>();
    for (Map.Entry<ServerEndpoint, ProbeResult> entry : results.entrySet()) {
      states.put(entry.getKey().name(), baseState(entry.getKey(), entry.getValue(), polledAt));
    }
    List<ServerState> running =
        states.values().stream().filter(state -> state.has(StatusBit.RUNNING)).toList();

    Map<String, List<ServerState>> children = new HashMap<>();
    for (ServerState state : running) {
      sourceAmong(state, running)
          .ifPresent(
              source -> children.computeIfAbsent(source.name(), k -> new ArrayList<>()).add(state));
    }
    Optional<ServerState> master = chooseMaster(running, children, previousMaster);

    Map<String, Long> slaveLag = new HashMap<>();
    master.ifPresent(root -> markSlaves(root, running, slaveLag));
    ServerState lostMaster = previousMaster == null ? null : states.get(previousMaster);
    if (master.isEmpty() && lostMaster != null && !lostMaster.has(StatusBit.RUNNING)) {
      markOrphanedSlaves(lostMaster, running, slaveLag);
    }

    List<ServerState> derived = new ArrayList<>();
    for (ServerState state : states.values()) {
      EnumSet<StatusBit> bits = EnumSet.noneOf(StatusBit.class);
      bits.addAll(state.status());
      if (master.isPresent() && master.get().name().equals(state.name())) {
        bits.add(StatusBit.MASTER);
      }
      Long lag = null;
      if (slaveLag.containsKey(state.name())) {
        bits.add(StatusBit.SLAVE);
        lag = slaveLag.get(state.name());
      }
      bits.addAll(operatorBits.getOrDefault(state.name(), Set.of()));
      derived.add(state.withStatus(bits, lag));
    }
    return derived;
  }

  private static ServerState baseState(
      ServerEndpoint endpoint, ProbeResult result, Instant polledAt) {
    return switch (result) {
      case ProbeResult.Reached reached ->
          new ServerState(
              endpoint,
              Set.of(StatusBit.RUNNING),
              reached.serverId(),
              reached.version(),
              reached.readOnly(),
              reached.gtidBinlogPosition(),
              reached.gtidCurrentPosition(),
              reached.replicaConnections(),
              null,
              "",
              polledAt);
      case ProbeResult.AuthenticationFailed failed ->
          ServerState.down(endpoint, failed.error(), polledAt).with(Set.of(StatusBit.AUTH_ERROR));
      case ProbeResult.Unreachable unreachable ->
          ServerState.down(endpoint, unreachable.error(), polledAt);
    };
  }

  /** The running monitored server {@code state} has a replication connection to, if any. */
  private static Optional<ServerState> sourceAmong(ServerState state, List<ServerState> running) {
    for (ReplicaConnection connection : state.replicaConnections()) {
      for (ServerState candidate : running) {
        if (candidate != state && connection.readsFrom(candidate.endpoint())) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<ServerState> chooseMaster(
      List<ServerState> running,
      Map<String, List<ServerState>> children,
      @Nullable String previousMaster) {
    List<ServerState> candidates =
        running.stream()
            .filter(state -> !state.readOnly())
            .filter(state -> sourceAmong(state, running).isEmpty())
            .toList();
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    for (ServerState candidate : candidates) {
      if (candidate.name().equals(previousMaster)) {
        return Optional.of(candidate);
      }
    }
    ServerState best = candidates.getFirst();
    int bestCount = descendants(best, children);
    for (ServerState candidate : candidates) {
      int count = descendants(candidate, children);
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return Optional.of(best);
  }

  private static int descendants(ServerState root, Map<String, List<ServerState>> children) {
    int count = 0;
    Deque<ServerState> pending = new ArrayDeque<>(children.getOrDefault(root.name(), List.of()));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      ServerState next = pending.pop();
      if (seen.add(next.name())) {
        count++;
        pending.addAll(children.getOrDefault(next.name(), List.of()));
      }
    }
    return count;
  }

  /**
   * The replicas of a master that went down: those whose SQL thread runs on a connection to it, and
   * the replicas below them. Their lag is unknown.
   */
  private static void markOrphanedSlaves(
      ServerState lostMaster, List<ServerState> running, Map<String, Long> lag) {
    for (ServerState state : running) {
      for (ReplicaConnection connection : state.replicaConnections()) {
        if (connection.sqlRunning() && connection.readsFrom(lostMaster.endpoint())) {
          lag.put(state.name(), null);
          markSlaves(state, running, lag);
          break;
        }
      }
    }
  }

  /** Walks down from the master along running replication connections. */
  private static void markSlaves(
      ServerState master, List<ServerState> running, Map<String, Long> lag) {
    Deque<ServerState> sources = new ArrayDeque<>(List.of(master));
    Set<String> visited = new HashSet<>(Set.of(master.name()));
    while (!sources.isEmpty()) {
      ServerState source = sources.pop();
      for (ServerState state : running) {
        if (visited.contains(state.name())) {
          continue;
        }
        for (ReplicaConnection connection : state.replicaConnections()) {
          if (connection.replicating() && connection.readsFrom(source.endpoint())) {
            lag.put(state.name(), connection.secondsBehind());
            visited.add(state.name());
            sources.add(state);
            break;
          }
        }
      }
    }
  }
}
