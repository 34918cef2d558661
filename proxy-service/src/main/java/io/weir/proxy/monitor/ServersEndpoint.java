package io.weir.proxy.monitor;

import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.cluster.monitor.MariaDbMonitor;
import io.weir.cluster.server.ServerState;
import io.weir.control.api.ApiError;
import io.weir.control.topic.ConfigurationSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servers as this proxy's monitors see them, and the maintenance and drain switches, shaped
 * like MaxScale's REST API ({@code GET /v1/servers}, {@code PUT /v1/servers/:id/set?state=...},
 * {@code PUT /v1/servers/:id/clear?state=...}). The switches work only on a proxy that runs from
 * its file alone: a proxy that follows {@code weir.config} takes server states from the servers'
 * resources there (key {@code state}), so that every instance agrees and a restart keeps them, and
 * answers the switches with 409.
 */
@RestController
public class ServersEndpoint {

  private final Monitors monitors;
  private final ConfigurationSource source;

  public ServersEndpoint(Monitors monitors, ConfigurationSource source) {
    this.monitors = monitors;
    this.source = source;
  }

  @GetMapping("/v1/servers")
  public Map<String, Object> servers() {
    List<Object> data = new ArrayList<>();
    for (Map.Entry<String, ClusterSnapshot> monitor : monitors.snapshots().entrySet()) {
      for (ServerState server : monitor.getValue().servers()) {
        data.add(document(monitor.getKey(), server));
      }
    }
    return Map.of("data", data);
  }

  @PutMapping("/v1/servers/{id}/set")
  public ResponseEntity<Object> set(@PathVariable String id, @RequestParam String state) {
    return change(id, state, true);
  }

  @PutMapping("/v1/servers/{id}/clear")
  public ResponseEntity<Object> clear(@PathVariable String id, @RequestParam String state) {
    return change(id, state, false);
  }

  private ResponseEntity<Object> change(String id, String state, boolean on) {
    var monitor = monitors.watching(id);
    if (monitor.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "no monitored server named '" + id + "'");
    }
    if (source.followedTopic().isPresent()) {
      return error(
          HttpStatus.CONFLICT,
          "this proxy follows "
              + source.followedTopic().get()
              + ", which owns server states: set or clear '"
              + state
              + "' on servers/"
              + id
              + " through the admin API (the server resource's 'state'), and every proxy applies"
              + " it");
    }
    MariaDbMonitor watching = monitor.get();
    switch (state) {
      case "maintenance" -> watching.setMaintenance(id, on);
      case "drain" -> watching.setDraining(id, on);
      default -> {
        return error(
            HttpStatus.BAD_REQUEST,
            "parameter 'state': '" + state + "' is not one of maintenance, drain");
      }
    }
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> document(String monitor, ServerState server) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("state", server.statusText());
    attributes.put("address", server.endpoint().host());
    attributes.put("port", server.endpoint().port());
    attributes.put("monitor", monitor);
    attributes.put("server_id", server.serverId());
    attributes.put("version_string", server.version());
    attributes.put("read_only", server.readOnly());
    attributes.put("gtid_binlog_pos", server.gtidBinlogPosition());
    attributes.put("gtid_current_pos", server.gtidCurrentPosition());
    attributes.put(
        "replication_lag", server.replicationLag() == null ? -1 : server.replicationLag());
    attributes.put("last_error", server.lastError());
    return Map.of("id", server.name(), "type", "servers", "attributes", attributes);
  }

  private static ResponseEntity<Object> error(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .body(Map.of("errors", List.of(new ApiError(status.value(), null, null, detail).toMap())));
  }
}
