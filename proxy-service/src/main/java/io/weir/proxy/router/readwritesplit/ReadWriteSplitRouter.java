package io.weir.proxy.router.readwritesplit;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import io.weir.control.resource.ParameterValues;
import io.weir.proxy.backend.BackendConnector;
import io.weir.proxy.backend.BackendTarget;
import io.weir.proxy.metrics.SessionMeters;
import io.weir.proxy.monitor.ServerStates;
import io.weir.proxy.router.ClientPort;
import io.weir.proxy.router.RouterSession;
import io.weir.proxy.router.ServerConnections;
import io.weir.proxy.router.SessionRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A readwritesplit service: its settings, the states of its servers as the monitor sees them, and
 * the load and diagnostics its sessions share. Each session is a {@link
 * ReadWriteSplitRouterSession}.
 */
public final class ReadWriteSplitRouter implements SessionRouter {
  /** The router's module name. */
  public static final String MODULE = "readwritesplit";

  private final String service;
  // replaced whole by reconfigure; each session reads it once, when it starts
  private volatile ReadWriteSplitSettings settings;
  private final ServerStates servers;
  private final Function<String, Optional<BackendTarget>> targets;
  private final Function<String, Integer> rank;
  private final Function<String, Long> weight;
  private final BackendConnector connector;
  private final ServerConnections global;
  private final RandomGenerator.SplittableGenerator random;
  private final RouterMeters meters;
  private final Map<String, ServerStatistics> statistics = new LinkedHashMap<>();

  /**
   * @param servers the states of the service's servers, in the service's order
   * @param targets how to reach a server by name
   * @param rank a server's rank: 0 for primary, 1 for secondary
   * @param weight a server's {@code weight}
   */
  public ReadWriteSplitRouter(
      String service,
      ReadWriteSplitSettings settings,
      List<String> serverNames,
      ServerStates servers,
      Function<String, Optional<BackendTarget>> targets,
      Function<String, Integer> rank,
      Function<String, Long> weight,
      BackendConnector connector,
      ServerConnections global,
      RandomGenerator.SplittableGenerator random,
      MeterRegistry registry) {
    this.service = service;
    this.settings = settings;
    this.servers = servers;
    this.targets = targets;
    this.rank = rank;
    this.weight = weight;
    this.connector = connector;
    this.global = global;
    this.random = random;
    this.meters = new RouterMeters(registry, service);
    for (String name : serverNames) {
      statistics.put(name, new ServerStatistics(name));
    }
  }

  @Override
  public RouterSession newSession(ClientPort client, SessionMeters sessionMeters) {
    return new ReadWriteSplitRouterSession(this, settings, client, sessionMeters);
  }

  /**
   * Takes the service's changed parameters for sessions that start from now on; open sessions keep
   * the settings they started with, as in MaxScale.
   *
   * @throws io.weir.proxy.router.UnsupportedParameterException naming a parameter set to a feature
   *     not built yet
   */
  @Override
  public void reconfigure(ParameterValues parameters) {
    settings = ReadWriteSplitSettings.of(service, parameters);
  }

  String service() {
    return service;
  }

  /** The settings a session starting now takes. */
  ReadWriteSplitSettings settings() {
    return settings;
  }

  BackendConnector connector() {
    return connector;
  }

  RouterMeters meters() {
    return meters;
  }

  /** A selector for one session, with a random source of its own: sessions run on many threads. */
  ReplicaSelector selector(ReadWriteSplitSettings sessionSettings) {
    RandomGenerator sessionRandom;
    synchronized (random) {
      sessionRandom = random.split();
    }
    return new ReplicaSelector(sessionSettings.slaveSelection(), global, sessionRandom);
  }

  /** The current states of the service's servers. */
  List<ServerState> states() {
    return servers.get();
  }

  /** The state of one server, or null when the monitor does not know it. */
  @Nullable ServerState state(String server) {
    return servers.state(server);
  }

  /** The server a new session takes as its master, or null when there is none. */
  @Nullable ServerState master() {
    for (ServerState state : servers.get()) {
      if (state.acceptsNewSessions() && state.has(StatusBit.MASTER)) {
        return state;
      }
    }
    return null;
  }

  /**
   * Whether a replica may take reads now: a running slave, not in maintenance, and within {@code
   * limitSeconds} of lag when that is positive. A draining server keeps serving the sessions it
   * has.
   */
  static boolean readable(@Nullable ServerState state, long limitSeconds) {
    if (state == null
        || !state.has(StatusBit.RUNNING)
        || state.has(StatusBit.MAINTENANCE)
        || !state.has(StatusBit.SLAVE)
        || state.has(StatusBit.MASTER)) {
      return false;
    }
    if (limitSeconds <= 0) {
      return true;
    }
    Long lag = state.replicationLag();
    return lag != null && lag <= limitSeconds;
  }

  /** The replicas a new session connects to: the best {@code max_slave_connections} of them. */
  List<ServerState> replicasForNewSession(
      ReadWriteSplitSettings sessionSettings, ReplicaSelector selector) {
    List<ServerState> ordered = replicaCandidates(sessionSettings, selector);
    return ordered.subList(0, sessionSettings.replicasFor(ordered.size()));
  }

  /**
   * Every replica that may take a new connection now, best first by the session's selection
   * criteria.
   */
  List<ServerState> replicaCandidates(
      ReadWriteSplitSettings sessionSettings, ReplicaSelector selector) {
    long lagLimit = sessionSettings.maxSlaveReplicationLag().toSeconds();
    List<ServerState> candidates = new ArrayList<>();
    for (ServerState state : servers.get()) {
      if (state.acceptsNewSessions() && readable(state, lagLimit)) {
        candidates.add(state);
      }
    }
    return selector.ordered(candidates, this::candidate);
  }

  ReplicaCandidate candidate(ServerState state) {
    return new ReplicaCandidate(
        statistics(state.name()),
        rank.apply(state.name()),
        weight.apply(state.name()),
        state.replicationLag());
  }

  /** A server of a session as selection weighs it now. */
  ReplicaCandidate candidate(String server) {
    ServerState state = state(server);
    return new ReplicaCandidate(
        statistics(server),
        rank.apply(server),
        weight.apply(server),
        state == null ? null : state.replicationLag());
  }

  ServerStatistics statistics(String server) {
    ServerStatistics known = statistics.get(server);
    if (known == null) {
      throw new IllegalArgumentException("server '" + server + "' is not a target of " + service);
    }
    return known;
  }

  ServerConnections globalConnections() {
    return global;
  }

  /** The service's statistics per server, in the service's order, for diagnostics. */
  List<ServerStatistics> serverStatistics() {
    return List.copyOf(statistics.values());
  }

  @Override
  public Optional<BackendTarget> chooseServer() {
    ServerState master = master();
    return master == null ? Optional.empty() : targets.apply(master.name());
  }

  @Override
  public Optional<BackendTarget> server(String name) {
    return targets.apply(name);
  }

  @Override
  public void connectionOpened(String server) {
    statistics(server).connectionOpened();
    global.opened(server);
  }

  @Override
  public void connectionClosed(String server) {
    statistics(server).connectionClosed();
    global.closed(server);
  }

  @Override
  public String description() {
    return "readwritesplit";
  }

  @Override
  public Map<String, Object> diagnostics() {
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    long master = meters.statementsToMaster();
    long slave = meters.statementsToSlaves();
    long all = meters.statementsToAll();
    diagnostics.put("queries", master + slave + all);
    diagnostics.put("route_master", master);
    diagnostics.put("route_slave", slave);
    diagnostics.put("route_all", all);
    diagnostics.put("rw_transactions", meters.readWriteTransactions());
    diagnostics.put("ro_transactions", meters.readOnlyTransactions());
    List<Map<String, Object>> perServer = new ArrayList<>();
    for (ServerStatistics server : statistics.values()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", server.server());
      entry.put("total", server.reads() + server.writes());
      entry.put("read", server.reads());
      entry.put("write", server.writes());
      entry.put("connections", server.connections());
      entry.put("current_operations", server.operations());
      entry.put("avg_response_ms", server.averageResponseNanos() / 1_000_000);
      perServer.add(entry);
    }
    diagnostics.put("server_query_statistics", perServer);
    return diagnostics;
  }

  Optional<BackendTarget> target(String server) {
    return targets.apply(server);
  }
}
