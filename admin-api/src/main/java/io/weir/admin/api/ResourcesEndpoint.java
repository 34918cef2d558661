package io.weir.admin.api;

import static io.weir.admin.api.ApiResponses.errors;

import io.weir.admin.resource.EntityTags;
import io.weir.admin.resource.ResourceChanges;
import io.weir.admin.resource.ResourceDocuments;
import io.weir.admin.resource.ResourceStore;
import io.weir.admin.resource.StoreUnavailableException;
import io.weir.admin.status.LiveState;
import io.weir.control.api.ApiError;
import io.weir.control.api.ParameterPatchDocument;
import io.weir.control.resource.OperatorState;
import io.weir.control.resource.ResourceType;
import io.weir.control.topic.ResourceKey;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration resources, shaped like MaxScale's REST API: {@code GET /v1/:type}, {@code GET
 * /v1/:type/:id}, {@code POST /v1/:type}, {@code PATCH /v1/:type/:id} of parameters and
 * relationships (and {@code /v1/:type/:id/relationships/:name}), {@code DELETE /v1/:type/:id}, for
 * {@code servers}, {@code monitors}, {@code services}, {@code listeners} and {@code filters}, and a
 * server's maintenance and drain states. A change answers once it is in {@code weir.config}, from
 * which every service applies it.
 */
@RestController
public class ResourcesEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ResourcesEndpoint.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ResourceStore store;
  private final ResourceChanges changes;
  private final WriteForwarder forwarder;
  private final LiveState live;

  public ResourcesEndpoint(
      ResourceStore store, ResourceChanges changes, WriteForwarder forwarder, LiveState live) {
    this.store = store;
    this.changes = changes;
    this.forwarder = forwarder;
    this.live = live;
  }

  @GetMapping("/v1/{type}")
  public ResponseEntity<Object> list(@PathVariable String type) {
    Optional<ResourceType> resourceType = typeNamed(type);
    if (resourceType.isEmpty()) {
      return unknownType(type);
    }
    List<Object> data = new ArrayList<>();
    store
        .current()
        .bodies()
        .forEach(
            (key, body) -> {
              if (key.type() == resourceType.get()) {
                data.add(ResourceDocuments.document(key, body, live.attributesOf(key)));
              }
            });
    return ResponseEntity.ok(Map.of("data", data, "links", Map.of("self", "/v1/" + type)));
  }

  @GetMapping("/v1/{type}/{id}")
  public ResponseEntity<Object> show(@PathVariable String type, @PathVariable String id) {
    Optional<ResourceType> resourceType = typeNamed(type);
    if (resourceType.isEmpty()) {
      return unknownType(type);
    }
    ResourceKey key = new ResourceKey(resourceType.get(), id);
    return store
        .current()
        .body(key)
        .<ResponseEntity<Object>>map(
            body ->
                ResponseEntity.ok()
                    .eTag(EntityTags.of(body))
                    .body(
                        Map.of(
                            "data", ResourceDocuments.document(key, body, live.attributesOf(key)))))
        .orElseGet(() -> notFound(key));
  }

  /**
   * Changes parameters: 204 once stored (with the new ETag), 400 with one error per offending
   * parameter (nothing stored), 404 for an unknown resource, 412 when {@code If-Match} names
   * another version than the current one, 503 when the change cannot be stored now.
   */
  @PatchMapping("/v1/{type}/{id}")
  public Mono<ResponseEntity<Object>> alter(
      @PathVariable String type,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @RequestBody(required = false) @Nullable String body,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return forwarder.write(
        principal, request, body, actor -> alterNow(actor, type, id, ifMatch, body));
  }

  private ResponseEntity<Object> alterNow(
      String actor, String type, String id, @Nullable String ifMatch, @Nullable String body) {
    Optional<ResourceType> resourceType = typeNamed(type);
    if (resourceType.isEmpty()) {
      return unknownType(type);
    }
    ResourceKey key = new ResourceKey(resourceType.get(), id);
    ParameterPatchDocument request = ParameterPatchDocument.parse(body, type, id, null);
    if (request.problem() != null) {
      return errors(List.of(request.problem()));
    }
    ResourceChanges.Outcome outcome =
        changes.alter(actor, key, ifMatch, request.parameters(), request.relationships());
    return response(
        key,
        outcome,
        ifMatch,
        () -> {
          log.info(
              "{}: {}{} changed by {}",
              key,
              request.parameters().keySet(),
              request.relationships() == null ? "" : " and relationships",
              actor);
          return noContentWithTag(key);
        });
  }

  /**
   * Replaces one relationship, as MaxScale's {@code PATCH /v1/:type/:id/relationships/:name} with
   * {@code {"data": [{"id": ..., "type": ...}]}}; an empty list removes it.
   */
  @PatchMapping("/v1/{type}/{id}/relationships/{relationship}")
  public Mono<ResponseEntity<Object>> alterRelationship(
      @PathVariable String type,
      @PathVariable String id,
      @PathVariable String relationship,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @RequestBody(required = false) @Nullable String body,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return forwarder.write(
        principal,
        request,
        body,
        actor -> {
          JsonNode document;
          try {
            document = JSON.readTree(body == null ? "" : body);
          } catch (JacksonException e) {
            return notJson(e);
          }
          if (!document.has("data")) {
            return errors(
                List.of(
                    new ApiError(
                        400, null, "/data", "'data' is required: a list of resource identifiers")));
          }
          var whole = JSON.createObjectNode();
          whole
              .putObject("data")
              .putObject("relationships")
              .putObject(relationship)
              .set("data", document.get("data"));
          return alterNow(actor, type, id, ifMatch, JSON.writeValueAsString(whole));
        });
  }

  /**
   * Puts a server in maintenance or drain, as MaxScale's {@code PUT /v1/servers/:id/set?state=}:
   * 204 once stored in {@code weir.config}, from which every proxy applies it.
   */
  @PutMapping("/v1/servers/{id}/set")
  public Mono<ResponseEntity<Object>> setState(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String state,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return operatorState(id, state, true, request, principal);
  }

  /** Takes a server out of maintenance or drain: {@code PUT /v1/servers/:id/clear?state=}. */
  @PutMapping("/v1/servers/{id}/clear")
  public Mono<ResponseEntity<Object>> clearState(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String state,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return operatorState(id, state, false, request, principal);
  }

  private Mono<ResponseEntity<Object>> operatorState(
      String id,
      @Nullable String state,
      boolean on,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return forwarder.write(
        principal,
        request,
        null,
        actor -> {
          Optional<OperatorState> named = OperatorState.named(state == null ? "" : state);
          if (named.isEmpty()) {
            return errors(
                List.of(
                    new ApiError(
                        400,
                        null,
                        null,
                        "query parameter 'state' must be one of "
                            + Arrays.stream(OperatorState.values())
                                .map(OperatorState::word)
                                .collect(Collectors.joining(", "))
                            + (state == null ? "" : ", not '" + state + "'"))));
          }
          ResourceKey key = new ResourceKey(ResourceType.SERVERS, id);
          return response(
              key,
              changes.setOperatorState(actor, key, named.get(), on),
              null,
              () -> {
                log.info("{}: {} {} by {}", key, on ? "set" : "cleared", named.get(), actor);
                return noContentWithTag(key);
              });
        });
  }

  private ResponseEntity<Object> noContentWithTag(ResourceKey key) {
    ResponseEntity.HeadersBuilder<?> noContent = ResponseEntity.noContent();
    store.current().body(key).ifPresent(stored -> noContent.eTag(EntityTags.of(stored)));
    return noContent.build();
  }

  /**
   * Creates a resource from a JSON:API document with {@code data.id}, its router or module, its
   * parameters and its relationships: 201 with the new document, 400 naming each problem, 409 when
   * the id is taken, 503 when it cannot be stored now.
   */
  @PostMapping("/v1/{type}")
  public Mono<ResponseEntity<Object>> create(
      @PathVariable String type,
      @RequestBody(required = false) @Nullable String body,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return forwarder.write(principal, request, body, actor -> createNow(actor, type, body));
  }

  private ResponseEntity<Object> createNow(String actor, String type, @Nullable String body) {
    Optional<ResourceType> resourceType = typeNamed(type);
    if (resourceType.isEmpty()) {
      return unknownType(type);
    }
    JsonNode data;
    try {
      data = JSON.readTree(body == null ? "" : body).path("data");
    } catch (JacksonException e) {
      return notJson(e);
    }
    if (!data.isObject()) {
      return errors(List.of(new ApiError(400, null, "/data", "'data' must be an object")));
    }
    String id = data.path("id").asString("");
    if (id.isBlank()) {
      return errors(List.of(new ApiError(400, null, "/data/id", "'data.id' is required")));
    }
    if (data.has("type") && !type.equals(data.path("type").asString(""))) {
      return errors(
          List.of(
              new ApiError(
                  409,
                  null,
                  "/data/type",
                  "'data.type' must be '"
                      + type
                      + "', not '"
                      + data.path("type").asString("")
                      + "'")));
    }
    ResourceKey key = new ResourceKey(resourceType.get(), id);
    return response(
        key,
        changes.create(actor, key, data),
        null,
        () -> {
          log.info("{}: created by {}", key, actor);
          String stored = store.current().body(key).orElseThrow();
          return ResponseEntity.created(URI.create(ResourceDocuments.self(key)))
              .eTag(EntityTags.of(stored))
              .body(Map.of("data", ResourceDocuments.document(key, stored)));
        });
  }

  /**
   * Deletes a resource: 204, 404 for an unknown one, 409 while another resource refers to it
   * (naming which), 503 when it cannot be stored now.
   */
  @DeleteMapping("/v1/{type}/{id}")
  public Mono<ResponseEntity<Object>> destroy(
      @PathVariable String type,
      @PathVariable String id,
      ServerHttpRequest request,
      Mono<Principal> principal) {
    return forwarder.write(
        principal,
        request,
        null,
        actor -> {
          Optional<ResourceType> resourceType = typeNamed(type);
          if (resourceType.isEmpty()) {
            return unknownType(type);
          }
          ResourceKey key = new ResourceKey(resourceType.get(), id);
          return response(
              key,
              changes.delete(actor, key),
              null,
              () -> {
                log.info("{}: destroyed by {}", key, actor);
                return ResponseEntity.noContent().build();
              });
        });
  }

  private static ResponseEntity<Object> response(
      ResourceKey key,
      ResourceChanges.Outcome outcome,
      @Nullable String ifMatch,
      Supplier<ResponseEntity<Object>> applied) {
    return switch (outcome) {
      case ResourceChanges.Outcome.Applied(long offset) -> {
        ResponseEntity<Object> done = applied.get();
        yield ResponseEntity.status(done.getStatusCode())
            .headers(done.getHeaders())
            .header(WriteForwarder.OFFSET, Long.toString(offset))
            .body(done.getBody());
      }
      case ResourceChanges.Outcome.NotFound() -> notFound(key);
      case ResourceChanges.Outcome.Exists() ->
          errors(List.of(new ApiError(409, null, "/data/id", key + " exists already")));
      case ResourceChanges.Outcome.InUse(List<ApiError> uses) -> errors(uses);
      case ResourceChanges.Outcome.VersionMismatch(String current) ->
          errors(
              List.of(
                  new ApiError(
                      412,
                      "VERSION_MISMATCH",
                      null,
                      key
                          + " changed since it was read (If-Match "
                          + ifMatch
                          + ", now "
                          + current
                          + "); read it again and repeat the change")));
      case ResourceChanges.Outcome.Invalid(List<ApiError> errors) -> errors(errors);
    };
  }

  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<Object> unavailable(StoreUnavailableException e) {
    return errors(List.of(new ApiError(503, "STORE_UNAVAILABLE", null, e.getMessage())));
  }

  private static ResponseEntity<Object> notJson(JacksonException e) {
    return errors(
        List.of(
            new ApiError(
                400, null, null, "the request body is not valid JSON: " + e.getOriginalMessage())));
  }

  private static Optional<ResourceType> typeNamed(String name) {
    return Arrays.stream(ResourceType.values())
        .filter(type -> type.typeName().equals(name))
        .findFirst();
  }

  private static ResponseEntity<Object> unknownType(String type) {
    return errors(
        List.of(
            new ApiError(
                404,
                null,
                null,
                "no resource type '"
                    + type
                    + "'; the types are "
                    + Arrays.stream(ResourceType.values())
                        .map(ResourceType::typeName)
                        .collect(Collectors.joining(", ")))));
  }

  private static ResponseEntity<Object> notFound(ResourceKey key) {
    return errors(List.of(new ApiError(404, null, null, "no resource " + key)));
  }
}
