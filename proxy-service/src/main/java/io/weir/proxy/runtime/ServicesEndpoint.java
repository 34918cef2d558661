package io.weir.proxy.runtime;

import io.weir.control.api.ParameterPatchDocument;
import io.weir.control.parameter.ConfigurationError;
import io.weir.control.topic.ConfigurationSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The services this proxy runs, their parameters and their routers' diagnostics, shaped like
 * MaxScale's {@code GET /v1/services} and {@code GET /v1/services/:id} ({@code
 * router_diagnostics}), and {@code PATCH /v1/services/:id} to change parameters while the service
 * runs: new sessions take the new values, open ones keep theirs. Changes live in this process only
 * until the admin API stores them.
 */
@RestController
public class ServicesEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ServicesEndpoint.class);

  private final ProxyRuntime runtime;
  private final ConfigurationSource source;

  public ServicesEndpoint(ProxyRuntime runtime, ConfigurationSource source) {
    this.runtime = runtime;
    this.source = source;
  }

  @GetMapping("/v1/services")
  public Map<String, Object> services() {
    List<Object> data = new ArrayList<>();
    for (ProxyRuntime.ServiceStatus service : runtime.services().values()) {
      data.add(document(service));
    }
    return Map.of("data", data);
  }

  @GetMapping("/v1/services/{id}")
  public ResponseEntity<Object> service(@PathVariable String id) {
    ProxyRuntime.ServiceStatus service = runtime.services().get(id);
    if (service == null) {
      return JsonApi.error(HttpStatus.NOT_FOUND, "", "no service named '" + id + "'");
    }
    return ResponseEntity.ok(Map.of("data", document(service)));
  }

  /**
   * Changes parameters of service {@code id}: 204 when every change is applied, 400 with one error
   * per offending parameter when any is not (and then none is), 404 for an unknown service.
   */
  @PatchMapping("/v1/services/{id}")
  public ResponseEntity<Object> alter(
      @PathVariable String id, @RequestBody(required = false) @Nullable String body) {
    ProxyRuntime.ServiceStatus service = runtime.services().get(id);
    if (service == null) {
      return JsonApi.error(HttpStatus.NOT_FOUND, "", "no service named '" + id + "'");
    }
    if (source.followedTopic().isPresent()) {
      return JsonApi.followsTopic(source.followedTopic().get());
    }
    ParameterPatchDocument request = JsonApi.patchOf(body, "services", id);
    if (request.problem() != null) {
      return JsonApi.error(request.problem());
    }
    List<ConfigurationError> errors = service.parameters().alter(request.parameters());
    if (!errors.isEmpty()) {
      return JsonApi.invalidParameters(errors);
    }
    log.info("services/{}: {} changed for new sessions", id, request.parameters().keySet());
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> document(ProxyRuntime.ServiceStatus service) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("router", service.router());
    attributes.put("state", "Started");
    attributes.put("connections", service.openSessions().get());
    attributes.put("listeners", service.listeners());
    attributes.put(
        "parameters",
        JsonApi.parameters(service.parameters().schemas(), service.parameters().values()));
    attributes.put("router_diagnostics", service.routerDiagnostics());
    return Map.of("id", service.id(), "type", "services", "attributes", attributes);
  }
}
