package io.weir.admin.resource;

import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ModuleSchemas;
import io.weir.control.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The parameter schemas a resource is validated against: its type's common part and its module's.
 */
final class ResourceSchemas {

  private ResourceSchemas() {}

  /**
   * The schemas of a resource of {@code type} using {@code module} (its router or module; null for
   * servers and listeners), or empty when the module is unknown.
   */
  static Optional<List<ModuleSchema>> of(ResourceType type, @Nullable String module) {
    return switch (type) {
      case SERVERS -> Optional.of(List.of(ModuleSchemas.SERVER));
      case LISTENERS -> Optional.of(List.of(ModuleSchemas.LISTENER));
      case SERVICES -> withModule(List.of(ModuleSchemas.SERVICE), module, ModuleSchemas::router);
      case MONITORS -> withModule(List.of(ModuleSchemas.MONITOR), module, ModuleSchemas::monitor);
      case FILTERS -> withModule(List.of(), module, ModuleSchemas::filter);
    };
  }

  private static Optional<List<ModuleSchema>> withModule(
      List<ModuleSchema> common,
      @Nullable String module,
      Function<String, Optional<ModuleSchema>> lookup) {
    if (module == null) {
      return Optional.empty();
    }
    return lookup
        .apply(module)
        .map(
            schema -> {
              List<ModuleSchema> schemas = new ArrayList<>(common);
              schemas.add(schema);
              return List.copyOf(schemas);
            });
  }

  /**
   * The body member naming a resource's module: {@code router} for services, else {@code module}.
   */
  static @Nullable String moduleMember(ResourceType type) {
    return switch (type) {
      case SERVICES -> "router";
      case MONITORS, FILTERS -> "module";
      case SERVERS, LISTENERS -> null;
    };
  }

  /** The module a resource's stored body names ({@code router} or {@code module}), or null. */
  static @Nullable String moduleOf(ResourceType type, JsonNode body) {
    String member = moduleMember(type);
    return member == null ? null : body.path(member).asString(null);
  }
}
