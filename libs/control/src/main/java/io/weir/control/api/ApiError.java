package io.weir.control.api;

import io.weir.control.parameter.ConfigurationError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a JSON:API {@code errors} array.
 *
 * @param status the HTTP status, e.g. 400
 * @param code a stable code, e.g. {@code UNKNOWN_PARAMETER}, or null
 * @param pointer the JSON pointer of the offending field in the request, e.g. {@code
 *     /data/attributes/parameters/port}, or null for the request as a whole
 * @param detail a sentence a person understands
 */
public record ApiError(int status, @Nullable String code, @Nullable String pointer, String detail) {

  /** An error about a parameter, pointing at it in a PATCH or POST document. */
  public static ApiError of(ConfigurationError error) {
    String pointer =
        error.field() instanceof ConfigurationError.Field.Parameter(String name)
            ? "/data/attributes/parameters/" + name
            : null;
    return new ApiError(400, error.code().name(), pointer, error.toString());
  }

  /** The entry as JSON:API writes it. */
  public Map<String, Object> toMap() {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("status", Integer.toString(status));
    if (code != null) {
      entry.put("code", code);
    }
    entry.put("detail", detail);
    if (pointer != null) {
      entry.put("source", Map.of("pointer", pointer));
    }
    return entry;
  }
}
