package io.weir.proxy.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a PATCH of a resource's parameters, as MaxScale's REST API takes it: {@code {"data":
 * {"id": ..., "type": ..., "attributes": {"parameters": {"name": value, ...}}}}}. Only parameters
 * change through this proxy; relationships and other attributes are refused by name rather than
 * ignored.
 *
 * @param parameters parameter name to raw value (a string, number, boolean, list, or null to
 *     unset); empty when the body changes nothing
 * @param problem the error document to answer with when the body is not such a document
 */
record ParameterPatchRequest(
    Map<String, @Nullable Object> parameters, @Nullable ResponseEntity<Object> problem) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> DATA_MEMBERS = Set.of("id", "type", "attributes", "links");

  /**
   * Reads {@code body} as a change of resource {@code type}/{@code id}.
   *
   * @param body the request body, null when there is none
   */
  static ParameterPatchRequest parse(@Nullable String body, String type, String id) {
    if (body == null || body.isBlank()) {
      return refused(
          HttpStatus.BAD_REQUEST, "", "the request has no body; send a JSON:API document");
    }
    JsonNode document;
    try {
      document = JSON.readTree(body);
    } catch (JacksonException e) {
      return refused(
          HttpStatus.BAD_REQUEST,
          "",
          "the request body is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode data = document.get("data");
    if (data == null || !data.isObject()) {
      return refused(HttpStatus.BAD_REQUEST, "/data", "'data' must be an object");
    }
    if (data.has("id") && !id.equals(data.get("id").asString(""))) {
      return refused(
          HttpStatus.CONFLICT,
          "/data/id",
          "'data.id' is '" + data.get("id").asString("") + "' but the URL names '" + id + "'");
    }
    if (data.has("type") && !type.equals(data.get("type").asString(""))) {
      return refused(
          HttpStatus.CONFLICT,
          "/data/type",
          "'data.type' must be '" + type + "', not '" + data.get("type").asString("") + "'");
    }
    if (data.has("relationships")) {
      return refused(
          HttpStatus.BAD_REQUEST,
          "/data/relationships",
          "relationships cannot be changed at runtime by proxy-service yet; change them in the"
              + " configuration and restart");
    }
    for (String member : data.propertyNames()) {
      if (!DATA_MEMBERS.contains(member)) {
        return refused(
            HttpStatus.BAD_REQUEST, "/data/" + member, "unknown member '" + member + "'");
      }
    }
    JsonNode attributes = data.get("attributes");
    if (attributes == null) {
      return new ParameterPatchRequest(Map.of(), null);
    }
    if (!attributes.isObject()) {
      return refused(HttpStatus.BAD_REQUEST, "/data/attributes", "'attributes' must be an object");
    }
    for (String attribute : attributes.propertyNames()) {
      if (!attribute.equals("parameters")) {
        return refused(
            HttpStatus.BAD_REQUEST,
            "/data/attributes/" + attribute,
            "attribute '" + attribute + "' cannot be changed; only 'parameters' can");
      }
    }
    JsonNode parameters = attributes.get("parameters");
    if (parameters == null) {
      return new ParameterPatchRequest(Map.of(), null);
    }
    if (!parameters.isObject()) {
      return refused(
          HttpStatus.BAD_REQUEST, "/data/attributes/parameters", "'parameters' must be an object");
    }
    Map<String, @Nullable Object> changes = new LinkedHashMap<>();
    for (var entry : parameters.properties()) {
      JsonNode value = entry.getValue();
      if (value.isObject()) {
        return refused(
            HttpStatus.BAD_REQUEST,
            "/data/attributes/parameters/" + entry.getKey(),
            "parameter '" + entry.getKey() + "' must be a string, number, boolean, list or null");
      }
      changes.put(entry.getKey(), value.isNull() ? null : JSON.treeToValue(value, Object.class));
    }
    return new ParameterPatchRequest(changes, null);
  }

  private static ParameterPatchRequest refused(HttpStatus status, String pointer, String detail) {
    return new ParameterPatchRequest(Map.of(), JsonApi.error(status, pointer, detail));
  }
}
