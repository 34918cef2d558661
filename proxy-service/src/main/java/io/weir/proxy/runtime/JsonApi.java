package io.weir.proxy.runtime;

import io.weir.control.api.ApiError;
import io.weir.control.api.ParameterPatchDocument;
import io.weir.control.parameter.ConfigurationError;
import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ParameterSpec;
import io.weir.control.resource.ParameterValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The pieces of MaxScale-shaped JSON:API documents the proxy's REST resources share: error
 * documents with a pointer to the offending field, and a resource's parameters as values.
 */
final class JsonApi {

  private JsonApi() {}

  /** A document with one error about the field at {@code pointer} (empty for the whole body). */
  static ResponseEntity<Object> error(HttpStatus status, String pointer, String detail) {
    return error(new ApiError(status.value(), null, pointer.isEmpty() ? null : pointer, detail));
  }

  /** A document with {@code error}, with its status. */
  static ResponseEntity<Object> error(ApiError error) {
    return ResponseEntity.status(error.status()).body(Map.of("errors", List.of(error.toMap())));
  }

  /**
   * A 409 for a change sent to a proxy that follows a configuration topic: every instance takes
   * changes from the topic only, so that they stay the same.
   */
  static ResponseEntity<Object> followsTopic(String topic) {
    return error(
        HttpStatus.CONFLICT,
        "",
        "this proxy follows "
            + topic
            + "; change the resource there (through the admin API), and every proxy applies it");
  }

  /** A 400 document with one error per configuration error, each pointing at its parameter. */
  static ResponseEntity<Object> invalidParameters(List<ConfigurationError> errors) {
    List<Object> entries = new ArrayList<>();
    errors.forEach(error -> entries.add(ApiError.of(error).toMap()));
    return ResponseEntity.badRequest().body(Map.of("errors", entries));
  }

  /** A PATCH of parameters read from {@code body}: the change, or the response refusing it. */
  static ParameterPatchDocument patchOf(@Nullable String body, String type, String id) {
    return ParameterPatchDocument.parse(
        body,
        type,
        id,
        "relationships cannot be changed at runtime by proxy-service yet; change them in the"
            + " configuration and restart");
  }

  /**
   * A resource's parameters as JSON values, in schema order: numbers and booleans as themselves,
   * everything else as the text its type writes (durations as {@code 300s}, passwords masked).
   */
  static Map<String, Object> parameters(List<ModuleSchema> schemas, ParameterValues values) {
    Map<String, Object> rendered = new LinkedHashMap<>();
    for (ModuleSchema schema : schemas) {
      for (var spec : schema.parameters()) {
        values.find(spec.name()).ifPresent(value -> rendered.put(spec.name(), render(spec, value)));
      }
    }
    return rendered;
  }

  private static <T> Object render(ParameterSpec<T> spec, Object value) {
    if (value instanceof Long || value instanceof Boolean) {
      return value;
    }
    return spec.type().format(spec.type().cast(value));
  }
}
