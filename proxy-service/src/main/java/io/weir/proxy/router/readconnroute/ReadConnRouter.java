package io.weir.proxy.router.readconnroute;

import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import io.weir.control.resource.ParameterValues;
import io.weir.proxy.backend.BackendTarget;
import io.weir.proxy.router.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * MaxScale's {@code readconnroute}: a new session goes to the server that matches {@code
 * router_options} and has the fewest connections from this proxy; ties go to the server listed
 * first. Servers of rank {@code primary} are preferred to those of rank {@code secondary}.
 *
 * <p>With {@code router_options=slave} the master takes sessions when no slave can, unless {@code
 * master_accept_reads=false}; that setting also keeps the master out of {@code running}. {@code
 * synced} matches nothing until a Galera monitor exists.
 */
public final class ReadConnRouter implements Router {
  /** The router's module name. */
  public static final String MODULE = "readconnroute";

  // replaced whole by reconfigure; a session is routed once, at connect time, so it keeps its
  // server
  private volatile Options options;
  private final Supplier<List<ServerState>> servers;
  private final Function<String, Optional<BackendTarget>> targets;
  private final Function<String, Integer> rank;
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();

  /**
   * The router's parameters.
   *
   * @param routerOptions {@code router_options}
   * @param masterAcceptReads {@code master_accept_reads}
   * @param maxReplicationLag {@code max_replication_lag}; zero ignores lag
   */
  public record Options(
      Set<String> routerOptions, boolean masterAcceptReads, Duration maxReplicationLag) {

    public Options {
      routerOptions = Set.copyOf(routerOptions);
    }

    /** The options in a service's validated parameters, MaxScale's defaults where unset. */
    @SuppressWarnings("unchecked")
    public static Options of(ParameterValues parameters) {
      return new Options(
          (Set<String>) parameters.find("router_options").orElse(Set.of("running")),
          (Boolean) parameters.find("master_accept_reads").orElse(true),
          (Duration) parameters.find("max_replication_lag").orElse(Duration.ZERO));
    }
  }

  /**
   * @param options the service's router parameters
   * @param servers the states of the service's servers, in the service's order
   * @param targets how to reach a server by name
   * @param rank a server's rank: 0 for primary, 1 for secondary
   */
  public ReadConnRouter(
      Options options,
      Supplier<List<ServerState>> servers,
      Function<String, Optional<BackendTarget>> targets,
      Function<String, Integer> rank) {
    this.options = options;
    this.servers = servers;
    this.targets = targets;
    this.rank = rank;
  }

  @Override
  public Optional<BackendTarget> chooseServer() {
    Options current = options;
    List<ServerState> states = servers.get();
    List<ServerState> candidates = new ArrayList<>();
    for (ServerState state : states) {
      if (state.acceptsNewSessions() && matches(current, state)) {
        candidates.add(state);
      }
    }
    if (candidates.isEmpty()
        && current.routerOptions().contains("slave")
        && current.masterAcceptReads()) {
      // MaxScale: with every slave gone, a slave service falls back to the master
      states.stream()
          .filter(state -> state.acceptsNewSessions() && state.has(StatusBit.MASTER))
          .forEach(candidates::add);
    }
    ServerState best = null;
    for (ServerState candidate : candidates) {
      if (best == null || better(candidate, best)) {
        best = candidate;
      }
    }
    return best == null ? Optional.empty() : targets.apply(best.name());
  }

  private static boolean matches(Options current, ServerState state) {
    Set<String> wanted = current.routerOptions();
    boolean master = state.has(StatusBit.MASTER);
    if (master && !wanted.contains("master") && !current.masterAcceptReads()) {
      return false;
    }
    if (wanted.contains("running")) {
      return true;
    }
    if (wanted.contains("master") && master) {
      return true;
    }
    return wanted.contains("slave")
        && state.has(StatusBit.SLAVE)
        && !master
        && lagAcceptable(current.maxReplicationLag(), state);
  }

  private static boolean lagAcceptable(Duration limit, ServerState state) {
    if (limit.isZero()) {
      return true;
    }
    Long lag = state.replicationLag();
    return lag != null && lag < limit.toSeconds();
  }

  // strictly better only, so the first-listed server wins ties
  private boolean better(ServerState candidate, ServerState best) {
    int byRank = Integer.compare(rank.apply(candidate.name()), rank.apply(best.name()));
    if (byRank != 0) {
      return byRank < 0;
    }
    return count(candidate.name()) < count(best.name());
  }

  private int count(String server) {
    AtomicInteger count = connections.get(server);
    return count == null ? 0 : count.get();
  }

  @Override
  public Optional<BackendTarget> server(String name) {
    return targets.apply(name);
  }

  @Override
  public void connectionOpened(String server) {
    connections.computeIfAbsent(server, name -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void connectionClosed(String server) {
    AtomicInteger count = connections.get(server);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  @Override
  public void reconfigure(ParameterValues parameters) {
    options = Options.of(parameters);
  }

  @Override
  public String description() {
    return "readconnroute router_options="
        + options.routerOptions().stream().sorted().collect(Collectors.joining(","));
  }
}
