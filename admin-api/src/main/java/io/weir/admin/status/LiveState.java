package io.weir.admin.status;

import io.weir.control.status.InstanceStatus;
import io.weir.control.topic.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the live instances report about one configured resource, as attributes to add to its
 * document: for a server its {@code state} (the one most instances report, MaxScale's text such as
 * {@code Master, Running}) and {@code instances} (each instance's and monitor's view); for a
 * service its {@code connections} (the sum) and {@code instances} (each one's connections,
 * listeners and {@code router_diagnostics}). A resource no live instance reports gets nothing: the
 * API does not invent a state.
 */
public final class LiveState {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final StatusView view;

  public LiveState(StatusView view) {
    this.view = view;
  }

  /** The live attributes of {@code key}; empty when no live instance reports it. */
  public Map<String, Object> attributesOf(ResourceKey key) {
    return switch (key.type()) {
      case SERVERS -> server(key.id());
      case SERVICES -> service(key.id());
      case MONITORS, LISTENERS, FILTERS -> Map.of();
    };
  }

  private Map<String, Object> server(String id) {
    List<Map<String, Object>> views = new ArrayList<>();
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (InstanceStatus instance : view.live()) {
      for (JsonNode server : entries(instance, "servers", id)) {
        Map<String, Object> entry = origin(instance);
        Map<String, Object> reported = asMap(server);
        reported.remove("id");
        entry.putAll(reported);
        views.add(entry);
        String state = server.path("state").asString("");
        if (!state.isEmpty()) {
          votes.merge(state, 1, Integer::sum);
        }
      }
    }
    if (views.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    // ties go to the state the first instance (by service, then id) reported
    votes.entrySet().stream()
        .reduce((best, next) -> next.getValue() > best.getValue() ? next : best)
        .ifPresent(most -> attributes.put("state", most.getKey()));
    attributes.put("instances", views);
    return attributes;
  }

  private Map<String, Object> service(String id) {
    List<Map<String, Object>> views = new ArrayList<>();
    long connections = 0;
    for (InstanceStatus instance : view.live()) {
      for (JsonNode service : entries(instance, "services", id)) {
        Map<String, Object> entry = origin(instance);
        entry.put("connections", service.path("connections").asLong(0));
        entry.put("listeners", JSON.treeToValue(service.path("listeners"), Object.class));
        entry.put(
            "router_diagnostics",
            JSON.treeToValue(service.path("router_diagnostics"), Object.class));
        views.add(entry);
        connections += service.path("connections").asLong(0);
      }
    }
    if (views.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("connections", connections);
    attributes.put("instances", views);
    return attributes;
  }

  private static Map<String, Object> origin(InstanceStatus instance) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("instance", instance.key().instance());
    return entry;
  }

  /** The entries of the array {@code field} of an instance's document whose {@code id} is id. */
  private static List<JsonNode> entries(InstanceStatus instance, String field, String id) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode entry : instance.document().path(field)) {
      if (id.equals(entry.path("id").asString(""))) {
        found.add(entry);
      }
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(JsonNode node) {
    return new LinkedHashMap<>(JSON.treeToValue(node, Map.class));
  }
}
