package io.weir.control.topic;

import io.weir.control.resource.ResourceType;
import java.util.Optional;

/**
 * The key of a resource's record in {@code weir.config}: {@code type/id}, e.g. {@code
 * services/split}.
 *
 * @param type the resource's type
 * @param id its id
 */
public record ResourceKey(ResourceType type, String id) {

  /** The key as written in the topic. */
  public String text() {
    return type.typeName() + "/" + id;
  }

  /** The key written as {@code text}, or empty when it names no resource type Weir knows. */
  public static Optional<ResourceKey> parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return Optional.empty();
    }
    String typeName = text.substring(0, slash);
    for (ResourceType type : ResourceType.values()) {
      if (type.typeName().equals(typeName)) {
        return Optional.of(new ResourceKey(type, text.substring(slash + 1)));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return text();
  }
}
