package io.weir.admin.resource;

import io.weir.control.api.ApiError;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ParameterValidator;
import io.weir.control.parameter.ValidatedParameters;
import io.weir.control.resource.OperatorState;
import io.weir.control.topic.ResourceKey;
import io.weir.control.topic.ResourceSet;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes resources in the {@link ResourceStore}: each change is validated against the resource's
 * schemas (type, range, the runtime-modifiable flag) and then with the whole configuration
 * (references, conflicts), and written only when both pass, so nothing is half-applied. Changes are
 * serialised, so two of them never start from the same version.
 */
public final class ResourceChanges {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ResourceStore store;
  private final AuditLog audit;

  public ResourceChanges(ResourceStore store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  /** What became of a change. */
  public sealed interface Outcome {
    /**
     * Stored in the topic.
     *
     * @param offset the record's offset, or -1 when the resource was as asked already
     */
    record Applied(long offset) implements Outcome {}

    /** A resource of that id exists already. */
    record Exists() implements Outcome {}

    /**
     * Other resources still refer to it.
     *
     * @param errors what refers to it
     */
    record InUse(List<ApiError> errors) implements Outcome {}

    /** There is no such resource. */
    record NotFound() implements Outcome {}

    /**
     * The resource changed since the client read it: its {@code If-Match} names another version.
     *
     * @param current the resource's entity tag now
     */
    record VersionMismatch(String current) implements Outcome {}

    /**
     * The change is refused.
     *
     * @param errors one per problem, each pointing at its field
     */
    record Invalid(List<ApiError> errors) implements Outcome {}
  }

  /**
   * Changes parameters and relationships of resource {@code key}, together or not at all.
   *
   * @param actor the account making the change, for the audit log
   * @param ifMatch the entity tags the client's change applies to ({@code If-Match}), or null to
   *     change whatever version is current
   * @param changes parameter name to raw value; null unsets
   * @param relationships the JSON:API relationships to replace, or null to keep them all
   * @throws StoreUnavailableException when the change cannot be stored now
   */
  public synchronized Outcome alter(
      String actor,
      ResourceKey key,
      @Nullable String ifMatch,
      Map<String, @Nullable Object> changes,
      @Nullable JsonNode relationships) {
    ResourceSet resources = store.current();
    Optional<String> body = resources.body(key);
    if (body.isEmpty()) {
      return new Outcome.NotFound();
    }
    String version = EntityTags.of(body.get());
    if (ifMatch != null && !EntityTags.matches(ifMatch, version)) {
      return new Outcome.VersionMismatch(version);
    }
    ObjectNode node = (ObjectNode) JSON.readTree(body.get());
    String module = ResourceSchemas.moduleOf(key.type(), node);
    Optional<List<ModuleSchema>> schemas = ResourceSchemas.of(key.type(), module);
    if (schemas.isEmpty()) {
      return new Outcome.Invalid(
          List.of(
              new ApiError(
                  409,
                  "UNKNOWN_MODULE",
                  null,
                  key + ": its module '" + module + "' is not one Weir knows")));
    }
    ValidatedParameters current =
        ParameterValidator.validate(
            key.type(), key.id(), schemas.get(), rawParameters(node.path("parameters")));
    ValidatedParameters patched =
        ParameterValidator.patch(key.type(), key.id(), schemas.get(), current.values(), changes);
    if (!patched.isValid()) {
      return new Outcome.Invalid(patched.errors().stream().map(ApiError::of).toList());
    }
    if (relationships != null) {
      List<ApiError> problems =
          ResourceBodies.replaceRelationships(key.type(), relationships, node);
      if (!problems.isEmpty()) {
        return new Outcome.Invalid(problems);
      }
    }
    ObjectNode parameters = node.withObject("parameters");
    changes.forEach(
        (name, value) -> {
          if (value == null) {
            parameters.remove(name);
          } else {
            parameters.set(name, JSON.valueToTree(value));
          }
        });
    return store(actor, "alter", key, resources, body.get(), node);
  }

  /**
   * Puts server {@code key} in operator state {@code state} or takes it out of it: the server's
   * {@code state} key, which every service applies from the topic.
   *
   * @throws StoreUnavailableException when the change cannot be stored now
   */
  public synchronized Outcome setOperatorState(
      String actor, ResourceKey key, OperatorState state, boolean on) {
    ResourceSet resources = store.current();
    Optional<String> body = resources.body(key);
    if (body.isEmpty()) {
      return new Outcome.NotFound();
    }
    ObjectNode node = (ObjectNode) JSON.readTree(body.get());
    Set<OperatorState> states = EnumSet.noneOf(OperatorState.class);
    for (JsonNode word : node.path("state")) {
      OperatorState.named(word.asString("")).ifPresent(states::add);
    }
    boolean changed = on ? states.add(state) : states.remove(state);
    if (!changed) {
      return new Outcome.Applied(-1);
    }
    if (states.isEmpty()) {
      node.remove("state");
    } else {
      ArrayNode words = node.putArray("state");
      states.forEach(each -> words.add(each.word()));
    }
    return store(actor, on ? "set " + state : "clear " + state, key, resources, body.get(), node);
  }

  /** Validates {@code node} with the whole configuration, then writes and audits it. */
  private Outcome store(
      String actor,
      String action,
      ResourceKey key,
      ResourceSet resources,
      String before,
      ObjectNode node) {
    String changed = JSON.writeValueAsString(node);
    try {
      resources.with(key, changed).toConfiguration(store.description());
    } catch (InvalidConfigurationException e) {
      return new Outcome.Invalid(
          e.errors().stream().map(located -> ApiError.of(located.error())).toList());
    }
    long offset = store.write(key, changed);
    audit.record(actor, action, key, before, changed);
    return new Outcome.Applied(offset);
  }

  /**
   * Creates resource {@code key} from the JSON:API resource object {@code data}: validated against
   * its schemas and with the whole configuration, then stored.
   *
   * @throws StoreUnavailableException when the change cannot be stored now
   */
  public synchronized Outcome create(String actor, ResourceKey key, JsonNode data) {
    ResourceSet resources = store.current();
    if (resources.body(key).isPresent()) {
      return new Outcome.Exists();
    }
    ResourceBodies.Converted converted = ResourceBodies.of(key.type(), data);
    if (converted.body() == null) {
      return new Outcome.Invalid(converted.problems());
    }
    ObjectNode node = (ObjectNode) JSON.readTree(converted.body());
    String module = ResourceSchemas.moduleOf(key.type(), node);
    Optional<List<ModuleSchema>> schemas = ResourceSchemas.of(key.type(), module);
    if (schemas.isEmpty()) {
      return new Outcome.Invalid(
          List.of(
              new ApiError(
                  400,
                  "UNKNOWN_MODULE",
                  "/data/attributes/" + ResourceSchemas.moduleMember(key.type()),
                  "'"
                      + module
                      + "' is not a "
                      + ResourceSchemas.moduleMember(key.type())
                      + " Weir knows")));
    }
    ValidatedParameters validated =
        ParameterValidator.validate(
            key.type(), key.id(), schemas.get(), rawParameters(node.path("parameters")));
    if (!validated.isValid()) {
      return new Outcome.Invalid(validated.errors().stream().map(ApiError::of).toList());
    }
    try {
      resources.with(key, converted.body()).toConfiguration(store.description());
    } catch (InvalidConfigurationException e) {
      return new Outcome.Invalid(
          e.errors().stream().map(located -> ApiError.of(located.error())).toList());
    }
    long offset = store.write(key, converted.body());
    audit.record(actor, "create", key, null, converted.body());
    return new Outcome.Applied(offset);
  }

  /**
   * Deletes resource {@code key}, unless another resource still refers to it.
   *
   * @throws StoreUnavailableException when the change cannot be stored now
   */
  public synchronized Outcome delete(String actor, ResourceKey key) {
    ResourceSet resources = store.current();
    Optional<String> body = resources.body(key);
    if (body.isEmpty()) {
      return new Outcome.NotFound();
    }
    try {
      resources.with(key, null).toConfiguration(store.description());
    } catch (InvalidConfigurationException e) {
      return new Outcome.InUse(
          e.errors().stream()
              .map(
                  located ->
                      new ApiError(
                          409,
                          located.error().code().name(),
                          null,
                          key + " is still in use: " + located.error()))
              .toList());
    }
    long offset = store.write(key, null);
    audit.record(actor, "destroy", key, body.get(), null);
    return new Outcome.Applied(offset);
  }

  private static Map<String, Object> rawParameters(JsonNode parameters) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (var entry : parameters.properties()) {
      if (!entry.getValue().isNull()) {
        raw.put(entry.getKey(), JSON.treeToValue(entry.getValue(), Object.class));
      }
    }
    return raw;
  }
}
