package io.weir.admin.resource;

import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ParameterSpec;
import io.weir.control.parameter.ParameterType;
import io.weir.control.resource.ResourceType;
import io.weir.control.topic.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resource's body as {@code weir.config} holds it (the static file's shape) as the JSON:API
 * resource object MaxScale's REST API serves: {@code id}, {@code type}, {@code attributes} with the
 * router or module and the parameters (passwords masked), a server's {@code operator_states}
 * (maintenance, drain), {@code relationships} and {@code links}.
 */
public final class ResourceDocuments {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MASK = "*****";

  private ResourceDocuments() {}

  /** The resource object of {@code key} with body {@code body}. */
  public static Map<String, Object> document(ResourceKey key, String body) {
    return document(key, body, Map.of());
  }

  /**
   * The resource object of {@code key} with body {@code body} and the live state the service
   * instances report of it ({@code weir.status}) added to its attributes, e.g. a server's {@code
   * state} and {@code instances}; an empty {@code live} adds nothing.
   */
  public static Map<String, Object> document(
      ResourceKey key, String body, Map<String, Object> live) {
    JsonNode node = JSON.readTree(body);
    ResourceType type = key.type();
    String moduleMember = ResourceSchemas.moduleMember(type);
    String module = ResourceSchemas.moduleOf(type, node);
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (moduleMember != null) {
      attributes.put(moduleMember, module);
    }
    attributes.put(
        "parameters",
        parameters(node.path("parameters"), ResourceSchemas.of(type, module).orElse(List.of())));
    if (type == ResourceType.SERVERS) {
      // what an operator set (maintenance, drain), as stored; the live state is the monitors'
      List<String> operatorStates = new ArrayList<>();
      node.path("state").forEach(word -> operatorStates.add(word.asString()));
      attributes.put("operator_states", operatorStates);
    }
    live.forEach(attributes::putIfAbsent);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("id", key.id());
    document.put("type", type.typeName());
    document.put("attributes", attributes);
    Map<String, Object> relationships = relationships(type, node);
    if (!relationships.isEmpty()) {
      document.put("relationships", relationships);
    }
    document.put("links", Map.of("self", self(key)));
    return document;
  }

  /** The URL path of a resource, e.g. {@code /v1/services/split}. */
  public static String self(ResourceKey key) {
    return "/v1/" + key.type().typeName() + "/" + key.id();
  }

  private static Map<String, Object> parameters(JsonNode raw, List<ModuleSchema> schemas) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    for (var entry : raw.properties()) {
      boolean secret =
          spec(schemas, entry.getKey())
              .map(spec -> spec.type() instanceof ParameterType.PasswordType)
              .orElse(false);
      parameters.put(
          entry.getKey(), secret ? MASK : JSON.treeToValue(entry.getValue(), Object.class));
    }
    return parameters;
  }

  private static Optional<ParameterSpec<?>> spec(List<ModuleSchema> schemas, String name) {
    for (ModuleSchema schema : schemas) {
      Optional<ParameterSpec<?>> spec = schema.find(name);
      if (spec.isPresent()) {
        return spec;
      }
    }
    return Optional.empty();
  }

  private static Map<String, Object> relationships(ResourceType type, JsonNode body) {
    Map<String, Object> relationships = new LinkedHashMap<>();
    switch (type) {
      case MONITORS -> related(relationships, "servers", body.path("servers"));
      case SERVICES -> {
        related(relationships, "servers", body.path("servers"));
        related(relationships, "monitors", body.path("cluster"));
        related(relationships, "filters", body.path("filters"));
      }
      case LISTENERS -> related(relationships, "services", body.path("service"));
      case SERVERS, FILTERS -> {}
    }
    return relationships;
  }

  /** A relationship to resources of {@code type}, named as a list or a single id. */
  private static void related(Map<String, Object> relationships, String type, JsonNode ids) {
    List<Object> data = new ArrayList<>();
    if (ids.isArray()) {
      ids.forEach(id -> data.add(Map.of("id", id.asString(), "type", type)));
    } else if (ids.isString()) {
      data.add(Map.of("id", ids.asString(), "type", type));
    }
    if (!data.isEmpty()) {
      relationships.put(type, Map.of("data", data));
    }
  }
}
