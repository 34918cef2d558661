package io.weir.admin.resource;

import io.weir.control.api.ApiError;
import io.weir.control.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reverse of {@link ResourceDocuments}: a JSON:API resource object a client POSTs, as the body
 * the topic stores (the static file's shape). Relationships become the file's references: a
 * monitor's and a service's {@code servers}, a service's {@code cluster} (its one monitor) and
 * {@code filters}, a listener's {@code service}.
 */
final class ResourceBodies {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ResourceBodies() {}

  /**
   * The body of {@code data}, or the problems that keep it from being one.
   *
   * @param body the body, when there were no problems
   * @param problems what is wrong, each with a pointer into the request
   */
  record Converted(@Nullable String body, List<ApiError> problems) {}

  static Converted of(ResourceType type, JsonNode data) {
    List<ApiError> problems = new ArrayList<>();
    ObjectNode body = JSON.createObjectNode();
    JsonNode attributes = data.path("attributes");
    String moduleMember = ResourceSchemas.moduleMember(type);
    if (moduleMember != null) {
      JsonNode module = attributes.path(moduleMember);
      if (!module.isString() || module.asString().isBlank()) {
        problems.add(
            problem("/data/attributes/" + moduleMember, "'" + moduleMember + "' is required"));
      } else {
        body.put(moduleMember, module.asString());
      }
    }
    relationships(type, data.path("relationships"), body, false, problems);
    JsonNode parameters = attributes.path("parameters");
    if (!parameters.isMissingNode() && !parameters.isObject()) {
      problems.add(problem("/data/attributes/parameters", "'parameters' must be an object"));
    } else {
      body.set("parameters", parameters.isObject() ? parameters : JSON.createObjectNode());
    }
    return new Converted(problems.isEmpty() ? JSON.writeValueAsString(body) : null, problems);
  }

  /**
   * Replaces the relationships a PATCH names in {@code body}: each one sent replaces the body's
   * reference, and an empty list (or null) removes it; relationships not sent stay.
   *
   * @return the problems, each pointing into the request; nothing is changed when there are any
   */
  static List<ApiError> replaceRelationships(
      ResourceType type, JsonNode relationships, ObjectNode body) {
    List<ApiError> problems = new ArrayList<>();
    ObjectNode changed = body.deepCopy();
    relationships(type, relationships, changed, true, problems);
    if (problems.isEmpty()) {
      body.removeAll();
      body.setAll(changed);
    }
    return problems;
  }

  /** Each relationship the type has, as the file's member, and whether it names one resource. */
  private record Relationship(String name, String member, boolean toOne) {}

  private static List<Relationship> relationshipsOf(ResourceType type) {
    return switch (type) {
      case MONITORS -> List.of(new Relationship("servers", "servers", false));
      case SERVICES ->
          List.of(
              new Relationship("servers", "servers", false),
              new Relationship("filters", "filters", false),
              new Relationship("monitors", "cluster", true));
      case LISTENERS -> List.of(new Relationship("services", "service", true));
      case SERVERS, FILTERS -> List.of();
    };
  }

  private static void relationships(
      ResourceType type,
      JsonNode relationships,
      ObjectNode body,
      boolean replacing,
      List<ApiError> problems) {
    if (relationships.isMissingNode() || relationships.isNull()) {
      return;
    }
    List<Relationship> known = relationshipsOf(type);
    for (String name : relationships.propertyNames()) {
      if (known.stream().noneMatch(relationship -> relationship.name().equals(name))) {
        problems.add(
            problem(
                "/data/relationships/" + name,
                type
                    + " have no relationship '"
                    + name
                    + "'"
                    + (known.isEmpty()
                        ? "; change it from the resource that refers to them"
                        : "; they have "
                            + String.join(", ", known.stream().map(Relationship::name).toList()))));
      }
    }
    for (Relationship relationship : known) {
      JsonNode data = relationships.path(relationship.name()).path("data");
      if (data.isMissingNode()) {
        continue;
      }
      String pointer = "/data/relationships/" + relationship.name() + "/data";
      if (replacing && (data.isNull() || (data.isArray() && data.isEmpty()))) {
        body.remove(relationship.member());
        continue;
      }
      if (!data.isArray()) {
        problems.add(
            problem(pointer, "'" + relationship.name() + "' must list resource identifiers"));
      } else if (relationship.toOne() && data.size() != 1) {
        problems.add(
            problem(pointer, "'" + relationship.name() + "' must name exactly one resource"));
      } else if (relationship.toOne()) {
        body.put(relationship.member(), data.get(0).path("id").asString(""));
      } else {
        ArrayNode ids = body.putArray(relationship.member());
        data.forEach(identifier -> ids.add(identifier.path("id").asString("")));
      }
    }
  }

  private static ApiError problem(String pointer, String detail) {
    return new ApiError(400, null, pointer, detail);
  }
}
