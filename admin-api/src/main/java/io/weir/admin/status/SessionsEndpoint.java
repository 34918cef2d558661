package io.weir.admin.status;

import io.weir.control.api.ApiError;
import io.weir.control.status.InstanceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The client sessions of every live proxy instance, read-only as in MaxScale ({@code GET
 * /v1/sessions}, {@code GET /v1/sessions/:id}). A proxy numbers its sessions itself, so the same
 * number exists on several instances: a session's id here is {@code <instance>:<number>}, e.g.
 * {@code proxy-7f9c-1:42}, and {@code attributes.instance} and {@code attributes.session} keep the
 * two parts.
 */
@RestController
public class SessionsEndpoint {

  private final StatusView view;

  public SessionsEndpoint(StatusView view) {
    this.view = view;
  }

  /**
   * Every live instance's sessions. An instance with more sessions than its status document carries
   * (proxy-service lists its oldest {@code 1000}) is named in {@code meta.truncated_instances}, and
   * {@code meta.total} counts every session, listed or not.
   */
  @GetMapping("/v1/sessions")
  public ResponseEntity<Object> list() {
    List<Map<String, Object>> sessions = sessions();
    long total = 0;
    List<String> truncated = new ArrayList<>();
    for (InstanceStatus instance : view.live()) {
      int listed = instance.document().path("sessions").size();
      long all = instance.document().path("sessions_total").asLong(listed);
      total += Math.max(all, listed);
      if (all > listed) {
        truncated.add(instance.key().instance());
      }
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("total", total);
    meta.put("listed", sessions.size());
    meta.put("truncated_instances", truncated);
    return ResponseEntity.ok(
        Map.of("data", sessions, "meta", meta, "links", Map.of("self", "/v1/sessions")));
  }

  @GetMapping("/v1/sessions/{id}")
  public ResponseEntity<Object> show(@PathVariable String id) {
    Optional<Map<String, Object>> session =
        sessions().stream().filter(document -> id.equals(document.get("id"))).findFirst();
    if (session.isPresent()) {
      return ResponseEntity.ok(Map.of("data", session.get()));
    }
    String detail =
        "no session '"
            + id
            + "' on a live instance; a session's id is <instance>:<number>, as GET /v1/sessions"
            + " lists them";
    return ResponseEntity.status(404)
        .body(Map.of("errors", List.of(new ApiError(404, null, null, detail).toMap())));
  }

  private List<Map<String, Object>> sessions() {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (InstanceStatus instance : view.live()) {
      for (JsonNode session : instance.document().path("sessions")) {
        documents.add(document(instance, session));
      }
    }
    return documents;
  }

  private static Map<String, Object> document(InstanceStatus instance, JsonNode session) {
    String number = session.path("id").asString("");
    String id = instance.key().instance() + ":" + number;
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("instance", instance.key().instance());
    attributes.put("session", number);
    attributes.put("service", session.path("service").asString(""));
    attributes.put("user", session.path("user").asString(""));
    attributes.put("remote", session.path("remote").asString(""));
    attributes.put("connected", session.path("connected").asString(""));
    JsonNode server = session.path("server");
    attributes.put("server", server.isString() ? server.asString() : null);
    String service = session.path("service").asString("");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("id", id);
    document.put("type", "sessions");
    document.put("attributes", attributes);
    if (!service.isEmpty()) {
      document.put(
          "relationships",
          Map.of("services", Map.of("data", List.of(Map.of("id", service, "type", "services")))));
    }
    document.put("links", Map.of("self", "/v1/sessions/" + id));
    return document;
  }
}
