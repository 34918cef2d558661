package io.weir.proxy.command;

import io.weir.control.api.ApiError;
import io.weir.control.command.ModuleCommands;
import io.weir.proxy.monitor.Monitors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /v1/modules/:module/:command?arg1&arg2}, as MaxScale passes a module command's
 * arguments: runs it on this instance and answers {@code {"meta": result}}. The admin API calls it
 * on every instance; an operator may call one instance directly.
 */
@RestController
public class ModuleCommandsEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ModuleCommandsEndpoint.class);

  private final List<ModuleCommandHandler> handlers;

  public ModuleCommandsEndpoint(Monitors monitors) {
    this.handlers = List.of(new MonitorPollCommand(monitors));
  }

  @PostMapping("/v1/modules/{module}/{command}")
  public Mono<ResponseEntity<Object>> call(
      @PathVariable String module, @PathVariable String command, ServerHttpRequest request) {
    Optional<ModuleCommandHandler> handler =
        handlers.stream()
            .filter(
                each ->
                    each.command().module().equals(module) && each.command().name().equals(command))
            .findFirst();
    if (handler.isEmpty()) {
      return Mono.just(
          error(
              new ApiError(
                  404,
                  null,
                  null,
                  "proxy-service has no command "
                      + module
                      + "/"
                      + command
                      + "; it has "
                      + String.join(
                          ", ", handlers.stream().map(h -> h.command().path()).toList()))));
    }
    List<String> arguments = ModuleCommands.argumentsOf(request.getURI().getRawQuery());
    int expected = handler.get().command().arguments().size();
    if (arguments.size() != expected) {
      return Mono.just(
          error(
              new ApiError(
                  400,
                  "WRONG_ARGUMENTS",
                  null,
                  module + "/" + command + " takes " + expected + " argument(s)")));
    }
    // a command may wait on servers (a monitor round): off the event loop
    return Mono.fromCallable(() -> run(handler.get(), arguments))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static ResponseEntity<Object> run(ModuleCommandHandler handler, List<String> arguments) {
    try {
      Object result = handler.run(arguments);
      log.info("module command {} {} run", handler.command().path(), arguments);
      return ResponseEntity.ok(Map.of("meta", result));
    } catch (CommandRefusedException e) {
      return error(new ApiError(400, null, null, e.getMessage()));
    }
  }

  private static ResponseEntity<Object> error(ApiError error) {
    return ResponseEntity.status(error.status()).body(Map.of("errors", List.of(error.toMap())));
  }
}
