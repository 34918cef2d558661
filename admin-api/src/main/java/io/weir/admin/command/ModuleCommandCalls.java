package io.weir.admin.command;

import io.weir.admin.status.ServiceInstance;
import io.weir.control.command.ModuleCommand;
import io.weir.control.command.ModuleCommands;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a module command on instances, all at once, each over its management port ({@code POST
 * /v1/modules/:module/:command?args}), and gathers what each one answered.
 */
final class ModuleCommandCalls {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final Duration timeout;

  ModuleCommandCalls(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * What one instance answered.
   *
   * @param instance the instance
   * @param status its HTTP status, or 0 when it could not be reached
   * @param body its {@code meta} when it succeeded, its {@code errors} or a message otherwise
   */
  record Outcome(ServiceInstance instance, int status, Object body) {
    boolean succeeded() {
      return status >= 200 && status < 300;
    }

    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("instance", instance.id());
      map.put("status", status);
      map.put(succeeded() ? "result" : "errors", body);
      return map;
    }
  }

  List<Outcome> run(ModuleCommand command, List<String> arguments, List<ServiceInstance> on)
      throws InterruptedException {
    String query = ModuleCommands.queryOf(arguments);
    List<Outcome> outcomes = new ArrayList<>();
    // platform threads, as everywhere in Weir's services: virtual threads loading classes inside a
    // Spring Boot fat jar can hang on few cores (spring-boot#51463)
    try (ExecutorService calls =
        Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("weir-command-", 0).factory())) {
      List<Future<Outcome>> pending = new ArrayList<>();
      for (ServiceInstance instance : on) {
        pending.add(calls.submit(() -> call(instance, command, query)));
      }
      for (Future<Outcome> each : pending) {
        try {
          outcomes.add(each.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a command call failed unexpectedly", e.getCause());
        }
      }
    }
    return outcomes;
  }

  private Outcome call(ServiceInstance instance, ModuleCommand command, String query) {
    String path = "/v1/modules/" + command.path() + (query.isEmpty() ? "" : "?" + query);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(instance.managementUrl().resolve(path))
                  .timeout(timeout)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = parse(response.body());
      boolean succeeded = response.statusCode() >= 200 && response.statusCode() < 300;
      return new Outcome(
          instance,
          response.statusCode(),
          succeeded ? body.path("meta") : body.has("errors") ? body.get("errors") : body);
    } catch (java.io.IOException e) {
      return new Outcome(
          instance,
          0,
          List.of(Map.of("detail", instance.managementUrl() + " cannot be reached: " + e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(instance, 0, List.of(Map.of("detail", "interrupted")));
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JacksonException e) {
      return JSON.getNodeFactory().stringNode(body);
    }
  }
}
