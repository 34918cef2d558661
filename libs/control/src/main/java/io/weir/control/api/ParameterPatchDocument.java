package io.weir.control.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a PATCH of a resource, as MaxScale's REST API takes it: {@code {"data": {"id": ...,
 * "type": ..., "attributes": {"parameters": {"name": value, ...}}, "relationships": {...}}}}.
 * Relationships are passed on as sent when the caller takes them, and refused otherwise; other
 * attributes are refused by name rather than ignored.
 *
 * @param parameters parameter name to raw value (a string, number, boolean, list, or null to
 *     unset); empty when the body changes nothing
 * @param relationships {@code data.relationships} as sent, or null when there are none
 * @param problem why the body is not such a document, or null when it is
 */
public record ParameterPatchDocument(
    Map<String, @Nullable Object> parameters,
    @Nullable JsonNode relationships,
    @Nullable ApiError problem) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> DATA_MEMBERS =
      Set.of("id", "type", "attributes", "relationships", "links");

  /**
   * Reads {@code body} as a change of resource {@code type}/{@code id}.
   *
   * @param body the request body, null when there is none
   * @param relationshipsRefusal the sentence that refuses a change of relationships, or null when
   *     the caller takes them
   */
  public static ParameterPatchDocument parse(
      @Nullable String body, String type, String id, @Nullable String relationshipsRefusal) {
    if (body == null || body.isBlank()) {
      return refused(400, null, "the request has no body; send a JSON:API document");
    }
    JsonNode document;
    try {
      document = JSON.readTree(body);
    } catch (JacksonException e) {
      return refused(400, null, "the request body is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode data = document.get("data");
    if (data == null || !data.isObject()) {
      return refused(400, "/data", "'data' must be an object");
    }
    if (data.has("id") && !id.equals(data.get("id").asString(""))) {
      return refused(
          409,
          "/data/id",
          "'data.id' is '" + data.get("id").asString("") + "' but the URL names '" + id + "'");
    }
    if (data.has("type") && !type.equals(data.get("type").asString(""))) {
      return refused(
          409,
          "/data/type",
          "'data.type' must be '" + type + "', not '" + data.get("type").asString("") + "'");
    }
    JsonNode relationships = data.get("relationships");
    if (relationships != null && relationshipsRefusal != null) {
      return refused(400, "/data/relationships", relationshipsRefusal);
    }
    if (relationships != null && !relationships.isObject()) {
      return refused(400, "/data/relationships", "'relationships' must be an object");
    }
    for (String member : data.propertyNames()) {
      if (!DATA_MEMBERS.contains(member)) {
        return refused(400, "/data/" + member, "unknown member '" + member + "'");
      }
    }
    JsonNode attributes = data.get("attributes");
    if (attributes == null) {
      return new ParameterPatchDocument(Map.of(), relationships, null);
    }
    if (!attributes.isObject()) {
      return refused(400, "/data/attributes", "'attributes' must be an object");
    }
    for (String attribute : attributes.propertyNames()) {
      if (!attribute.equals("parameters")) {
        return refused(
            400,
            "/data/attributes/" + attribute,
            "attribute '" + attribute + "' cannot be changed; only 'parameters' can");
      }
    }
    JsonNode parameters = attributes.get("parameters");
    if (parameters == null) {
      return new ParameterPatchDocument(Map.of(), relationships, null);
    }
    if (!parameters.isObject()) {
      return refused(400, "/data/attributes/parameters", "'parameters' must be an object");
    }
    Map<String, @Nullable Object> changes = new LinkedHashMap<>();
    for (var entry : parameters.properties()) {
      JsonNode value = entry.getValue();
      if (value.isObject()) {
        return refused(
            400,
            "/data/attributes/parameters/" + entry.getKey(),
            "parameter '" + entry.getKey() + "' must be a string, number, boolean, list or null");
      }
      changes.put(entry.getKey(), value.isNull() ? null : JSON.treeToValue(value, Object.class));
    }
    return new ParameterPatchDocument(changes, relationships, null);
  }

  private static ParameterPatchDocument refused(
      int status, @Nullable String pointer, String detail) {
    return new ParameterPatchDocument(Map.of(), null, new ApiError(status, null, pointer, detail));
  }
}
