package io.weir.proxy.runtime;

import io.weir.control.api.ParameterPatchDocument;
import io.weir.control.parameter.ConfigurationError;
import io.weir.control.topic.ConfigurationSource;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PATCH /v1/servers/:id} as in MaxScale's REST API, for the server parameters routers read
 * while they route ({@code weight}, {@code rank}): the next routing decision of every service uses
 * the new value. Changes live in this process only until the admin API stores them.
 */
@RestController
public class ServerParametersEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ServerParametersEndpoint.class);

  private final ProxyRuntime runtime;
  private final ConfigurationSource source;

  public ServerParametersEndpoint(ProxyRuntime runtime, ConfigurationSource source) {
    this.runtime = runtime;
    this.source = source;
  }

  /**
   * Changes parameters of server {@code id}: 204 when every change is applied, 400 with one error
   * per offending parameter when any is not (and then none is), 404 for an unknown server.
   */
  @PatchMapping("/v1/servers/{id}")
  public ResponseEntity<Object> alter(
      @PathVariable String id, @RequestBody(required = false) @Nullable String body) {
    ServerParameters servers = runtime.servers();
    if (servers.values(id).isEmpty()) {
      return JsonApi.error(HttpStatus.NOT_FOUND, "", "no server named '" + id + "'");
    }
    if (source.followedTopic().isPresent()) {
      return JsonApi.followsTopic(source.followedTopic().get());
    }
    ParameterPatchDocument request = JsonApi.patchOf(body, "servers", id);
    if (request.problem() != null) {
      return JsonApi.error(request.problem());
    }
    List<ConfigurationError> errors = servers.alter(id, request.parameters());
    if (!errors.isEmpty()) {
      return JsonApi.invalidParameters(errors);
    }
    log.info("servers/{}: {} changed", id, request.parameters().keySet());
    return ResponseEntity.noContent().build();
  }
}
