package io.weir.control.parameter;

import io.weir.control.resource.ResourceType;
import org.jspecify.annotations.Nullable;

/**
 * One problem found in a configuration. Rendered by {@link #toString()} as {@code services/rw:
 * parameter 'router_options': 'mastr' is not one of master, slave, synced, running}.
 *
 * @param code the stable code
 * @param resourceType the type of the resource concerned, null for a problem outside any resource
 * @param resourceId the id of the resource concerned, null for a problem outside any resource
 * @param field the part of the resource concerned
 * @param message what is wrong, never containing a password
 */
public record ConfigurationError(
    ConfigurationErrorCode code,
    @Nullable ResourceType resourceType,
    @Nullable String resourceId,
    Field field,
    String message) {

  /** The part of a resource (or of the document) an error is about. */
  public sealed interface Field {

    /**
     * A parameter, e.g. {@code router_options}.
     *
     * @param name the parameter name
     */
    record Parameter(String name) implements Field {}

    /**
     * A structural field of the document, e.g. {@code module}, {@code servers} or a top-level key.
     *
     * @param name the key
     */
    record Key(String name) implements Field {}

    /** The resource (or document) as a whole. */
    record Whole() implements Field {}
  }

  /** An error about a parameter of a resource. */
  public static ConfigurationError ofParameter(
      ConfigurationErrorCode code, ResourceType type, String id, String parameter, String message) {
    return new ConfigurationError(code, type, id, new Field.Parameter(parameter), message);
  }

  /** An error about a structural field of a resource. */
  public static ConfigurationError ofKey(
      ConfigurationErrorCode code, ResourceType type, String id, String key, String message) {
    return new ConfigurationError(code, type, id, new Field.Key(key), message);
  }

  @Override
  public String toString() {
    var text = new StringBuilder();
    if (resourceType != null) {
      text.append(resourceType.typeName());
      if (resourceId != null) {
        text.append('/').append(resourceId);
      }
      text.append(": ");
    }
    switch (field) {
      case Field.Parameter(String name) -> text.append("parameter '").append(name).append("': ");
      case Field.Key(String name) -> text.append("'").append(name).append("': ");
      case Field.Whole() -> {}
    }
    return text.append(message).toString();
  }
}
