package io.weir.admin.api;

import static io.weir.admin.api.ApiResponses.errors;

import io.weir.admin.resource.StoreUnavailableException;
import io.weir.admin.security.AccountChanges;
import io.weir.admin.security.AccountTopic;
import io.weir.admin.security.Accounts;
import io.weir.control.api.ApiError;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's own accounts, shaped like MaxScale's {@code /v1/users}: {@code GET /v1/users}, {@code
 * GET /v1/users/inet}, {@code GET /v1/users/inet/:name}, {@code POST /v1/users/inet}, {@code PATCH
 * /v1/users/inet/:name} (password, account or both) and {@code DELETE /v1/users/inet/:name}. A
 * document shows the name, the role ({@code account}) and where the account comes from, never a
 * password or hash. Writes go through the admin Lease as resource writes do and answer once this
 * instance has read the change back, so the new password works on the next request.
 */
@RestController
public class UsersEndpoint {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TYPE = "inet";
  private static final Set<String> ATTRIBUTES = Set.of("password", "account");

  private final Accounts accounts;
  private final AccountChanges changes;
  private final AccountTopic topic;
  private final WriteForwarder forwarder;

  public UsersEndpoint(
      Accounts accounts, AccountChanges changes, AccountTopic topic, WriteForwarder forwarder) {
    this.accounts = accounts;
    this.changes = changes;
    this.topic = topic;
    this.forwarder = forwarder;
  }

  @GetMapping({"/v1/users", "/v1/users/inet"})
  public ResponseEntity<Object> list() {
    List<Map<String, Object>> data = accounts.all().stream().map(UsersEndpoint::document).toList();
    return ResponseEntity.ok(Map.of("data", data, "links", Map.of("self", "/v1/users/inet")));
  }

  @GetMapping("/v1/users/inet/{name}")
  public ResponseEntity<Object> show(@PathVariable String name) {
    return accounts
        .view(name)
        .<ResponseEntity<Object>>map(view -> ResponseEntity.ok(Map.of("data", document(view))))
        .orElseGet(
            () -> errors(List.of(new ApiError(404, null, null, "no account '" + name + "'"))));
  }

  /**
   * Makes an account from {@code {"data": {"id": name, "type": "inet", "attributes": {"password":
   * ..., "account": "admin"|"basic"}}}}: 201 with its document, 400 naming each problem, 409 when
   * the name is taken.
   */
  @PostMapping("/v1/users/inet")
  public Mono<ResponseEntity<Object>> create(
      @RequestBody(required = false) @Nullable String body,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return forwarder.write(
        principal, request, body, topic::awaitRead, actor -> createNow(actor, body));
  }

  private ResponseEntity<Object> createNow(String actor, @Nullable String body) {
    Request parsed = Request.parse(body);
    if (!parsed.problems().isEmpty()) {
      return errors(parsed.problems());
    }
    JsonNode data = parsed.data();
    String name = data.path("id").asString("");
    if (name.isBlank()) {
      return errors(
          List.of(
              new ApiError(400, null, "/data/id", "'data.id' (the account's name) is required")));
    }
    return switch (changes.create(actor, name, parsed.password(), parsed.account())) {
      case AccountChanges.Outcome.Applied(long offset) ->
          ResponseEntity.created(URI.create("/v1/users/inet/" + name))
              .header(WriteForwarder.OFFSET, Long.toString(offset))
              .body(Map.of("data", document(accounts.view(name).orElseThrow())));
      case AccountChanges.Outcome.Refused(List<ApiError> problems) -> errors(problems);
    };
  }

  /**
   * Changes an account's password, role or both: 204, 400 naming each problem, 404 for an unknown
   * account, 409 for a configured one or for demoting the last admin.
   */
  @PatchMapping("/v1/users/inet/{name}")
  public Mono<ResponseEntity<Object>> alter(
      @PathVariable String name,
      @RequestBody(required = false) @Nullable String body,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return forwarder.write(
        principal,
        request,
        body,
        topic::awaitRead,
        actor -> {
          Request parsed = Request.parse(body);
          if (!parsed.problems().isEmpty()) {
            return errors(parsed.problems());
          }
          return applied(changes.alter(actor, name, parsed.password(), parsed.account()));
        });
  }

  /**
   * Deletes an account: 204, 404 for an unknown one, 409 for a configured one or the last admin.
   */
  @DeleteMapping("/v1/users/inet/{name}")
  public Mono<ResponseEntity<Object>> destroy(
      @PathVariable String name, ServerHttpRequest request, Mono<Principal> principal) {
    return forwarder.write(
        principal, request, null, topic::awaitRead, actor -> applied(changes.delete(actor, name)));
  }

  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<Object> unavailable(StoreUnavailableException e) {
    return errors(List.of(new ApiError(503, "STORE_UNAVAILABLE", null, e.getMessage())));
  }

  private static ResponseEntity<Object> applied(AccountChanges.Outcome outcome) {
    return switch (outcome) {
      case AccountChanges.Outcome.Applied(long offset) ->
          ResponseEntity.noContent().header(WriteForwarder.OFFSET, Long.toString(offset)).build();
      case AccountChanges.Outcome.Refused(List<ApiError> problems) -> errors(problems);
    };
  }

  /** An account as MaxScale shows one, plus where it comes from; never its password or hash. */
  private static Map<String, Object> document(Accounts.View view) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("account", view.role());
    attributes.put("origin", view.stored() == null ? "configuration" : "api");
    if (view.stored() != null) {
      attributes.put("created", view.stored().created().toString());
      attributes.put("last_update", view.stored().lastUpdate().toString());
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("id", view.name());
    document.put("type", TYPE);
    document.put("attributes", attributes);
    document.put("links", Map.of("self", "/v1/users/inet/" + view.name()));
    return document;
  }

  /**
   * A POST or PATCH document, checked for its shape: the password and role it carries and every
   * problem with it.
   */
  private record Request(
      JsonNode data, @Nullable String password, @Nullable String account, List<ApiError> problems) {

    static Request parse(@Nullable String body) {
      JsonNode data;
      try {
        data = JSON.readTree(body == null ? "" : body).path("data");
      } catch (JacksonException e) {
        return failed(
            new ApiError(
                400, null, null, "the request body is not valid JSON: " + e.getOriginalMessage()));
      }
      if (!data.isObject()) {
        return failed(new ApiError(400, null, "/data", "'data' must be an object"));
      }
      if (data.has("type") && !TYPE.equals(data.path("type").asString(""))) {
        return failed(
            new ApiError(
                409,
                null,
                "/data/type",
                "'data.type' must be 'inet', not '" + data.path("type").asString("") + "'"));
      }
      JsonNode attributes = data.path("attributes");
      List<ApiError> problems = new ArrayList<>();
      if (!attributes.isMissingNode() && !attributes.isObject()) {
        problems.add(new ApiError(400, null, "/data/attributes", "'attributes' must be an object"));
      }
      for (String name : attributes.propertyNames()) {
        if (!ATTRIBUTES.contains(name)) {
          problems.add(
              new ApiError(
                  400,
                  null,
                  "/data/attributes/" + name,
                  "'" + name + "' cannot be set; an account has 'password' and 'account'"));
        }
      }
      String password = text(attributes, "password", problems);
      String account = text(attributes, "account", problems);
      return new Request(data, password, account, List.copyOf(problems));
    }

    private static @Nullable String text(
        JsonNode attributes, String name, List<ApiError> problems) {
      JsonNode value = attributes.path(name);
      if (value.isMissingNode() || value.isNull()) {
        return null;
      }
      if (!value.isString()) {
        problems.add(
            new ApiError(400, null, "/data/attributes/" + name, "'" + name + "' must be a string"));
        return null;
      }
      return value.asString();
    }

    private static Request failed(ApiError problem) {
      return new Request(JSON.createObjectNode(), null, null, List.of(problem));
    }
  }
}
