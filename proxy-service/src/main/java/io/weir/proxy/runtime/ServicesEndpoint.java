package io.weir.proxy.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The services this proxy runs and their routers' diagnostics, shaped like MaxScale's {@code GET
 * /v1/services} and {@code GET /v1/services/:id} ({@code router_diagnostics}). Read-only: services
 * change through the configuration.
 */
@RestController
public class ServicesEndpoint {

  private final ProxyRuntime runtime;

  public ServicesEndpoint(ProxyRuntime runtime) {
    this.runtime = runtime;
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
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("errors", List.of(Map.of("detail", "no service named '" + id + "'"))));
    }
    return ResponseEntity.ok(Map.of("data", document(service)));
  }

  private static Map<String, Object> document(ProxyRuntime.ServiceStatus service) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("router", service.router());
    attributes.put("state", "Started");
    attributes.put("connections", service.openSessions().get());
    attributes.put("listeners", service.listeners());
    attributes.put("router_diagnostics", service.routerDiagnostics());
    return Map.of("id", service.id(), "type", "services", "attributes", attributes);
  }
}
