package io.weir.proxy.status;

import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.cluster.server.ServerState;
import io.weir.proxy.monitor.Monitors;
import io.weir.proxy.runtime.ProxyRuntime;
import io.weir.proxy.session.LiveSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The proxy's live state as its {@code weir.status} document carries it, next to the fields every
 * service publishes (see {@code docs/adr/0010-weir-status-topic.md}): {@code servers}, {@code
 * services}, {@code listeners}, {@code sessions} (the oldest 1000), {@code sessions_total} and
 * {@code weir_config_position}. Field names follow MaxScale's REST API where it has one.
 */
public final class ProxyStatus implements Supplier<Map<String, Object>> {

  /**
   * Sessions listed at most, the oldest first: about 200 bytes each, so the document stays well
   * under Kafka's default 1 MB record limit however many clients connect; {@code sessions_total}
   * counts them all.
   */
  static final int LISTED_SESSIONS = 1000;

  private final Monitors monitors;
  private final ProxyRuntime runtime;
  private final Supplier<OptionalLong> configPosition;

  /**
   * @param configPosition the offset of the next {@code weir.config} record to read, empty when the
   *     proxy runs from a static file
   */
  public ProxyStatus(
      Monitors monitors, ProxyRuntime runtime, Supplier<OptionalLong> configPosition) {
    this.monitors = monitors;
    this.runtime = runtime;
    this.configPosition = configPosition;
  }

  @Override
  public Map<String, Object> get() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("servers", servers());
    Map<String, ProxyRuntime.ServiceStatus> services = runtime.services();
    state.put("services", services(services));
    state.put("listeners", listeners(services));
    List<LiveSession> sessions = new ArrayList<>(runtime.sessions().all());
    state.put("sessions", sessions(sessions));
    state.put("sessions_total", sessions.size());
    OptionalLong position = configPosition.get();
    if (position.isPresent()) {
      state.put("weir_config_position", position.getAsLong());
    }
    return state;
  }

  /** Every server of every monitor, as that monitor sees it (as the proxy's GET /v1/servers). */
  private List<Object> servers() {
    List<Object> servers = new ArrayList<>();
    for (Map.Entry<String, ClusterSnapshot> monitor : monitors.snapshots().entrySet()) {
      for (ServerState server : monitor.getValue().servers()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", server.name());
        entry.put("monitor", monitor.getKey());
        entry.put("state", server.statusText());
        entry.put("address", server.endpoint().host());
        entry.put("port", server.endpoint().port());
        entry.put("server_id", server.serverId());
        entry.put("version_string", server.version());
        entry.put("read_only", server.readOnly());
        entry.put("gtid_binlog_pos", server.gtidBinlogPosition());
        entry.put("gtid_current_pos", server.gtidCurrentPosition());
        entry.put(
            "replication_lag", server.replicationLag() == null ? -1 : server.replicationLag());
        entry.put("last_error", server.lastError());
        servers.add(entry);
      }
    }
    return servers;
  }

  private static List<Object> services(Map<String, ProxyRuntime.ServiceStatus> services) {
    List<Object> entries = new ArrayList<>();
    for (ProxyRuntime.ServiceStatus service : services.values()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", service.id());
      entry.put("router", service.router());
      entry.put("connections", service.openSessions().get());
      entry.put("listeners", service.listeners());
      entry.put("router_diagnostics", service.routerDiagnostics());
      entries.add(entry);
    }
    return entries;
  }

  private List<Object> listeners(Map<String, ProxyRuntime.ServiceStatus> services) {
    List<Object> entries = new ArrayList<>();
    for (ProxyRuntime.ServiceStatus service : services.values()) {
      for (String listener : service.listeners()) {
        int port;
        try {
          port = runtime.port(listener);
        } catch (IllegalArgumentException closedMeanwhile) {
          continue;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", listener);
        entry.put("service", service.id());
        entry.put("port", port);
        entries.add(entry);
      }
    }
    return entries;
  }

  /**
   * The oldest {@link #LISTED_SESSIONS} sessions, shaped like MaxScale's session attributes ({@code
   * user}, {@code remote}, ...).
   */
  private static List<Object> sessions(List<LiveSession> sessions) {
    List<Object> entries = new ArrayList<>();
    sessions.sort(Comparator.comparingLong(LiveSession::id));
    for (LiveSession session : sessions.subList(0, Math.min(sessions.size(), LISTED_SESSIONS))) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", Long.toString(session.id()));
      entry.put("user", session.user());
      entry.put("remote", session.clientAddress());
      entry.put("service", session.service());
      entry.put("server", session.server());
      entry.put("connected", session.connectedAt().toString());
      entries.add(entry);
    }
    return entries;
  }
}
