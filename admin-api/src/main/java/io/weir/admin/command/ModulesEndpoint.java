package io.weir.admin.command;

import static io.weir.admin.api.ApiResponses.asActor;
import static io.weir.admin.api.ApiResponses.error;
import static io.weir.admin.api.ApiResponses.errors;

import io.weir.admin.resource.AuditLog;
import io.weir.admin.resource.ResourceStore;
import io.weir.admin.status.ServiceInstance;
import io.weir.admin.status.StatusView;
import io.weir.control.api.ApiError;
import io.weir.control.command.ModuleCommand;
import io.weir.control.command.ModuleCommands;
import io.weir.control.config.InvalidConfigurationException;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/modules[/:module]} describes modules; {@code POST
 * /v1/modules/:module/:command?arg1&arg2} (MaxScale's argument form) checks a call against the
 * command's description and the configuration, runs it on every live instance of the service
 * hosting the module, and answers {@code {"meta": {"instances": [...]}}} with each instance's
 * result: 200 when every instance succeeded, 502 when any failed, 503 when none runs.
 */
@RestController
public class ModulesEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ModulesEndpoint.class);

  private final ResourceStore store;
  private final StatusView instances;
  private final AuditLog audit;
  private final ModuleCommandCalls calls = new ModuleCommandCalls(Duration.ofSeconds(30));

  public ModulesEndpoint(ResourceStore store, StatusView instances, AuditLog audit) {
    this.store = store;
    this.instances = instances;
    this.audit = audit;
  }

  @GetMapping("/v1/modules")
  public Map<String, Object> list() {
    return Map.of("data", ModuleDescriptions.all(), "links", Map.of("self", "/v1/modules"));
  }

  @GetMapping("/v1/modules/{module}")
  public ResponseEntity<Object> show(@PathVariable String module) {
    return ModuleDescriptions.named(module)
        .<ResponseEntity<Object>>map(document -> ResponseEntity.ok(Map.of("data", document)))
        .orElseGet(() -> error(new ApiError(404, null, null, "no module '" + module + "'")));
  }

  @PostMapping("/v1/modules/{module}/{command}")
  public Mono<ResponseEntity<Object>> call(
      @PathVariable String module,
      @PathVariable String command,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    List<String> arguments = ModuleCommands.argumentsOf(request.getURI().getRawQuery());
    return asActor(principal, actor -> callNow(actor, module, command, arguments));
  }

  private ResponseEntity<Object> callNow(
      String actor, String module, String name, List<String> arguments) throws Exception {
    Optional<ModuleCommand> found = ModuleCommands.find(module, name);
    if (found.isEmpty()) {
      return error(
          new ApiError(
              404,
              null,
              null,
              "no command '"
                  + name
                  + "' of module '"
                  + module
                  + "'; the commands are "
                  + String.join(
                      ", ", ModuleCommands.all().stream().map(ModuleCommand::path).toList())));
    }
    ModuleCommand command = found.get();
    List<ApiError> problems;
    try {
      problems = command.check(arguments, store.current().toConfiguration(store.description()));
    } catch (InvalidConfigurationException e) {
      throw new IllegalStateException("the stored configuration is invalid: " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      return errors(problems);
    }
    List<ServiceInstance> running = instances.running(command.service());
    if (running.isEmpty()) {
      return error(
          new ApiError(
              503,
              "NO_INSTANCE",
              null,
              "no instance of "
                  + command.service()
                  + " reports to weir.status, so nothing can run "
                  + command.path()));
    }
    List<ModuleCommandCalls.Outcome> outcomes = calls.run(command, arguments, running);
    boolean allSucceeded = outcomes.stream().allMatch(ModuleCommandCalls.Outcome::succeeded);
    log.info(
        "{} {} run by {} on {} instance(s){}",
        command.path(),
        arguments,
        actor,
        outcomes.size(),
        allSucceeded ? "" : ", some failed");
    List<Object> perInstance = new ArrayList<>();
    outcomes.forEach(outcome -> perInstance.add(outcome.toMap()));
    audit.record(
        actor,
        "call",
        "modules/" + command.path(),
        null,
        Map.of(
            "arguments",
            arguments,
            "instances",
            outcomes.stream()
                .map(
                    outcome ->
                        Map.of("instance", outcome.instance().id(), "status", outcome.status()))
                .toList()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("meta", Map.of("command", command.path(), "instances", perInstance));
    if (!allSucceeded) {
      body.put(
          "errors",
          List.of(
              new ApiError(
                      502,
                      "INSTANCE_FAILED",
                      null,
                      command.path() + " failed on some instances; see meta.instances")
                  .toMap()));
    }
    return ResponseEntity.status(allSucceeded ? 200 : 502).body(body);
  }
}
