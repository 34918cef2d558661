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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitors this proxy runs, one per {@code mariadbmon} monitor resource, and which monitor
 * watches which server.
 */
public final class Monitors implements AutoCloseable {

  /** The only monitor module built so far. */
  static final String MARIADBMON = "mariadbmon";

  private final Map<String, MariaDbMonitor> byId;
  private final MariaDbMonitor[] all;

  private Monitors(Map<String, MariaDbMonitor> byId) {
    this.byId = byId;
    this.all = byId.values().toArray(MariaDbMonitor[]::new);
  }

  /** The states of {@code servers}, in that order, cached between monitor rounds. */
  public ServerStates states(List<String> servers) {
    return new ServerStates(servers, all);
  }

  /** Starts a monitor for every monitor resource of {@code configuration}. */
  public static Monitors start(Configuration configuration) {
    Map<String, MariaDbMonitor> monitors = new LinkedHashMap<>();
    try {
      for (Monitor monitor : configuration.monitors().values()) {
        if (!monitor.module().equals(MARIADBMON)) {
          throw new IllegalStateException(
              "monitors/"
                  + monitor.id()
                  + ": module '"
                  + monitor.module()
                  + "' is not implemented; only "
                  + MARIADBMON
                  + " is");
        }
        List<ServerEndpoint> servers =
            monitor.servers().stream()
                .map(id -> endpointOf(configuration.servers().get(id)))
                .toList();
        MariaDbMonitor running =
            MariaDbMonitor.overJdbc(monitor.id(), servers, settingsOf(monitor));
        // set before the first round, so that no round publishes the server without them
        monitor
            .servers()
            .forEach(id -> applyOperatorStates(running, configuration.servers().get(id)));
        monitors.put(monitor.id(), running.start());
      }
    } catch (RuntimeException e) {
      monitors.values().forEach(MariaDbMonitor::close);
      throw e;
    }
    return new Monitors(Map.copyOf(monitors));
  }

  /** The latest snapshot of every monitor, by monitor id. */
  public Map<String, ClusterSnapshot> snapshots() {
    Map<String, ClusterSnapshot> snapshots = new LinkedHashMap<>();
    byId.forEach((id, monitor) -> snapshots.put(id, monitor.snapshot()));
    return snapshots;
  }

  /** The monitor watching the server named {@code server}, if any. */
  public Optional<MariaDbMonitor> watching(String server) {
    return byId.values().stream()
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
  public Map<String, String> applyOperatorStates(Configuration configuration) {
    Map<String, String> unwatched = new LinkedHashMap<>();
    for (Server server : configuration.servers().values()) {
      List<MariaDbMonitor> watching =
          byId.values().stream()
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

  @Override
  public void close() {
    byId.values().forEach(MariaDbMonitor::close);
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
