package io.weir.proxy.monitor;

import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.cluster.monitor.MariaDbMonitor;
import io.weir.cluster.monitor.MonitorSettings;
import io.weir.cluster.server.ServerEndpoint;
import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import io.weir.control.config.Configuration;
import io.weir.control.resource.Monitor;
import io.weir.control.resource.OperatorState;
import io.weir.control.resource.Secret;
import io.weir.control.resource.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitors this proxy runs, one per {@code mariadbmon} monitor resource, and which monitor
 * watches which server. The set changes while the proxy runs ({@link #apply}): a monitor whose
 * resource or servers changed is replaced by a new one, and every {@link ServerStates} reads the
 * current set, so routers, open sessions' included, follow the new monitors.
 */
public final class Monitors implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitors.class);

  /** The only monitor module built so far. */
  static final String MARIADBMON = "mariadbmon";

  /** A monitor running for a resource, with the endpoints it was built for. */
  private record Running(
      Monitor resource, List<ServerEndpoint> endpoints, MariaDbMonitor monitor) {}

  // both replaced whole under this, read without locks by routers on event loops
  private volatile Map<String, Running> byId;
  private volatile MariaDbMonitor[] all;

  private Monitors(Map<String, Running> byId) {
    publish(byId);
  }

  /** The states of {@code servers}, in that order, cached between monitor rounds. */
  public ServerStates states(List<String> servers) {
    return new ServerStates(servers, this);
  }

  /** The monitors running now; a new array whenever the set changed. */
  MariaDbMonitor[] all() {
    return all;
  }

  /** Starts a monitor for every monitor resource of {@code configuration}. */
  public static Monitors start(Configuration configuration) {
    Map<String, Running> monitors = new LinkedHashMap<>();
    try {
      for (Monitor monitor : configuration.monitors().values()) {
        String problem = unsupported(monitor);
        if (problem != null) {
          throw new IllegalStateException(problem);
        }
        Running running = create(monitor, configuration);
        monitors.put(monitor.id(), running);
        running.monitor().start();
      }
    } catch (RuntimeException e) {
      monitors.values().forEach(running -> running.monitor().close());
      throw e;
    }
    return new Monitors(monitors);
  }

  /**
   * Brings the running monitors to {@code next}: a new monitor resource starts a monitor, a removed
   * one stops it, and one whose resource (servers, parameters) or servers' addresses changed is
   * replaced. A replacement runs its first round before it takes over, so that routers never see
   * its servers as not polled yet; operator states of {@code next} are set on it before that round.
   *
   * @return what could not be applied, as messages naming the resource
   */
  public synchronized List<String> apply(Configuration next) {
    List<String> problems = new ArrayList<>();
    Map<String, Running> before = byId;
    Map<String, Running> after = new LinkedHashMap<>();
    List<MariaDbMonitor> retired = new ArrayList<>();
    for (Monitor monitor : next.monitors().values()) {
      Running known = before.get(monitor.id());
      List<ServerEndpoint> endpoints = endpointsOf(monitor, next);
      if (known != null
          && known.resource().equals(monitor)
          && known.endpoints().equals(endpoints)) {
        after.put(monitor.id(), known);
        continue;
      }
      String problem = unsupported(monitor);
      if (problem != null) {
        problems.add(problem);
        if (known != null) {
          after.put(monitor.id(), known);
        }
        continue;
      }
      Running fresh = create(monitor, next);
      fresh.monitor().poll();
      fresh.monitor().start();
      after.put(monitor.id(), fresh);
      if (known != null) {
        retired.add(known.monitor());
      }
      log.info(
          "{}: {} over {}",
          monitor.key(),
          known == null ? "started" : "restarted",
          endpoints.stream().map(ServerEndpoint::name).toList());
    }
    for (Running running : before.values()) {
      if (!next.monitors().containsKey(running.resource().id())) {
        retired.add(running.monitor());
        log.info("{}: stopped", running.resource().key());
      }
    }
    publish(after);
    retired.forEach(MariaDbMonitor::close);
    return problems;
  }

  /** The latest snapshot of every monitor, by monitor id. */
  public Map<String, ClusterSnapshot> snapshots() {
    Map<String, ClusterSnapshot> snapshots = new LinkedHashMap<>();
    byId.forEach((id, running) -> snapshots.put(id, running.monitor().snapshot()));
    return snapshots;
  }

  /** The monitor of resource {@code monitors/id}, if this proxy runs it now. */
  public Optional<MariaDbMonitor> monitor(String id) {
    return Optional.ofNullable(byId.get(id)).map(Running::monitor);
  }

  /** The monitor watching the server named {@code server}, if any. */
  public Optional<MariaDbMonitor> watching(String server) {
    return byId.values().stream()
        .map(Running::monitor)
        .filter(monitor -> monitor.snapshot().server(server).isPresent())
        .findFirst();
  }

  /**
   * Sets and clears every server's maintenance and draining bits on the monitors watching it, as
   * its resource's {@code state} has them: a state removed from the resource clears the bit.
   *
   * @return a message for each server with states that no monitor of this proxy watches, by server
   *     id; such a server has no state here for routers to read, so its states cannot apply
   */
  public synchronized Map<String, String> applyOperatorStates(Configuration configuration) {
    Map<String, String> unwatched = new LinkedHashMap<>();
    for (Server server : configuration.servers().values()) {
      List<MariaDbMonitor> watching =
          byId.values().stream()
              .map(Running::monitor)
              .filter(monitor -> monitor.snapshot().server(server.id()).isPresent())
              .toList();
      if (watching.isEmpty() && !server.operatorStates().isEmpty()) {
        unwatched.put(
            server.id(),
            server.key()
                + ": state "
                + server.operatorStates()
                + " not applied: no monitor of this proxy watches the server");
      }
      watching.forEach(monitor -> applyOperatorStates(monitor, server));
    }
    return unwatched;
  }

  @Override
  public synchronized void close() {
    byId.values().forEach(running -> running.monitor().close());
  }

  private void publish(Map<String, Running> monitors) {
    byId = Collections.unmodifiableMap(new LinkedHashMap<>(monitors));
    all = monitors.values().stream().map(Running::monitor).toArray(MariaDbMonitor[]::new);
  }

  /**
   * A monitor for {@code monitor}, not started, with its servers' operator states already set so
   * that no round publishes a server without them.
   */
  private static Running create(Monitor monitor, Configuration configuration) {
    List<ServerEndpoint> endpoints = endpointsOf(monitor, configuration);
    MariaDbMonitor created = MariaDbMonitor.overJdbc(monitor.id(), endpoints, settingsOf(monitor));
    monitor.servers().forEach(id -> applyOperatorStates(created, configuration.servers().get(id)));
    return new Running(monitor, endpoints, created);
  }

  private static @Nullable String unsupported(Monitor monitor) {
    if (monitor.module().equals(MARIADBMON)) {
      return null;
    }
    return "monitors/"
        + monitor.id()
        + ": module '"
        + monitor.module()
        + "' is not implemented; only "
        + MARIADBMON
        + " is";
  }

  /** Changes only the bits that differ, so an unchanged resource publishes no new snapshot. */
  private static void applyOperatorStates(MariaDbMonitor monitor, Server server) {
    ServerState state = monitor.snapshot().server(server.id()).orElseThrow();
    boolean maintenance = server.in(OperatorState.MAINTENANCE);
    if (state.has(StatusBit.MAINTENANCE) != maintenance) {
      monitor.setMaintenance(server.id(), maintenance);
    }
    boolean draining = server.in(OperatorState.DRAIN);
    if (state.has(StatusBit.DRAINING) != draining) {
      monitor.setDraining(server.id(), draining);
    }
  }

  private static List<ServerEndpoint> endpointsOf(Monitor monitor, Configuration configuration) {
    return monitor.servers().stream()
        .map(id -> endpointOf(configuration.servers().get(id)))
        .toList();
  }

  private static ServerEndpoint endpointOf(Server server) {
    return new ServerEndpoint(server.id(), server.address(), server.port());
  }

  /** The loader validated these parameters and filled their defaults, so each one is present. */
  private static MonitorSettings settingsOf(Monitor monitor) {
    var parameters = monitor.parameters();
    return new MonitorSettings(
        (String) parameters.find("user").orElseThrow(),
        ((Secret) parameters.find("password").orElseThrow()).value(),
        (Duration) parameters.find("monitor_interval").orElseThrow(),
        (Duration) parameters.find("backend_connect_timeout").orElseThrow(),
        (Duration) parameters.find("backend_read_timeout").orElseThrow());
  }
}
