package io.weir.admin.status;

import io.weir.control.status.InstanceStatus;
import io.weir.control.status.StatusPublication;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The suite as a whole, {@code GET /v1/weir} (MaxScale's {@code /v1/maxscale}): this admin API's
 * version and instance, and every instance of every service that has a document in {@code
 * weir.status}, with its version, {@code management_url}, start and last publish, and {@code
 * health}: what the instance reported, or {@code stale} once it has been silent for three of its
 * intervals.
 */
@RestController
public class SuiteEndpoint {

  /** The admin API's service name in {@code weir.status} keys. */
  public static final String SERVICE = "admin-api";

  private final StatusView view;
  private final StatusPublication self;

  public SuiteEndpoint(StatusView view, StatusPublication self) {
    this.view = view;
    this.self = self;
  }

  @GetMapping("/v1/weir")
  public ResponseEntity<Object> suite() {
    List<Object> instances = new ArrayList<>();
    for (InstanceStatus instance : view.all().values()) {
      instances.add(instance(instance));
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("version", self.version());
    attributes.put("instance", self.instance());
    attributes.put("started_at", self.startedAt().toString());
    attributes.put("status_topic", view.topic());
    attributes.put("instances", instances);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", "weir");
    data.put("type", "weir");
    data.put("attributes", attributes);
    data.put("links", Map.of("self", "/v1/weir"));
    return ResponseEntity.ok(Map.of("data", data));
  }

  private Map<String, Object> instance(InstanceStatus status) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("service", status.key().service());
    entry.put("instance", status.key().instance());
    entry.put("version", status.version());
    entry.put("management_url", status.managementUrl());
    entry.put("started_at", text(status.startedAt()));
    entry.put("published_at", text(status.publishedAt()));
    entry.put("health", view.health(status));
    return entry;
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
