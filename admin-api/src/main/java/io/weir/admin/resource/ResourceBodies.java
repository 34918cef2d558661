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
    JsonNode relationships = data.path("relationships");
    switch (type) {
      case MONITORS -> ids(relationships, "servers", body, "servers", problems);
      case SERVICES -> {
        ids(relationships, "servers", body, "servers", problems);
        ids(relationships, "filters", body, "filters", problems);
        one(relationships, "monitors", body, "cluster", problems);
      }
      case LISTENERS -> one(relationships, "services", body, "service", problems);
      case SERVERS, FILTERS -> {}
    }
    JsonNode parameters = attributes.path("parameters");
    if (!parameters.isMissingNode() && !parameters.isObject()) {
      problems.add(problem("/data/attributes/parameters", "'parameters' must be an object"));
    } else {
      body.set("parameters", parameters.isObject() ? parameters : JSON.createObjectNode());
    }
    return new Converted(problems.isEmpty() ? JSON.writeValueAsString(body) : null, problems);
  }

  private static void ids(
      JsonNode relationships,
      String relationship,
      ObjectNode body,
      String member,
      List<ApiError> problems) {
    JsonNode data = relationships.path(relationship).path("data");
    if (data.isMissingNode()) {
      return;
    }
    if (!data.isArray()) {
      problems.add(
          problem(
              "/data/relationships/" + relationship + "/data",
              "'" + relationship + "' must list resource identifiers"));
      return;
    }
    ArrayNode ids = body.putArray(member);
    data.forEach(identifier -> ids.add(identifier.path("id").asString("")));
  }

  private static void one(
      JsonNode relationships,
      String relationship,
      ObjectNode body,
      String member,
      List<ApiError> problems) {
    JsonNode data = relationships.path(relationship).path("data");
    if (data.isMissingNode()) {
      return;
    }
    if (!data.isArray() || data.size() != 1) {
      problems.add(
          problem(
              "/data/relationships/" + relationship + "/data",
              "'" + relationship + "' must name exactly one resource"));
      return;
    }
    body.put(member, data.get(0).path("id").asString(""));
  }

  private static ApiError problem(String pointer, String detail) {
    return new ApiError(400, null, pointer, detail);
  }
}
