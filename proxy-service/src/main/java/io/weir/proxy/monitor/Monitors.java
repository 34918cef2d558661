package io.weir.proxy.monitor;

import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.cluster.monitor.MariaDbMonitor;
import io.weir.cluster.monitor.MonitorSettings;
import io.weir.cluster.server.ServerEndpoint;
import io.weir.control.config.Configuration;
import io.weir.control.resource.Monitor;
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
        monitors.put(
            monitor.id(),
            MariaDbMonitor.overJdbc(monitor.id(), servers, settingsOf(monitor)).start());
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

  /** The monitor of resource {@code monitors/id}, if this proxy runs it. */
  public Optional<MariaDbMonitor> monitor(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The monitor watching the server named {@code server}, if any. */
  public Optional<MariaDbMonitor> watching(String server) {
    return byId.values().stream()
        .filter(monitor -> monitor.snapshot().server(server).isPresent())
        .findFirst();
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
