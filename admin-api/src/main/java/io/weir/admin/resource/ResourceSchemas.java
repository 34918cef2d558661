package io.weir.admin.resource;

import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ModuleSchemas;
import io.weir.control.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    List<ModuleSchema> schemas = new ArrayList<>();
    switch (type) {
      case SERVERS -> schemas.add(ModuleSchemas.SERVER);
      case LISTENERS -> schemas.add(ModuleSchemas.LISTENER);
      case SERVICES -> {
        schemas.add(ModuleSchemas.SERVICE);
        Optional<ModuleSchema> router =
            module == null ? Optional.empty() : ModuleSchemas.router(module);
        if (router.isEmpty()) {
          return Optional.empty();
        }
        schemas.add(router.get());
      }
      case MONITORS -> {
        schemas.add(ModuleSchemas.MONITOR);
        Optional<ModuleSchema> monitor =
            module == null ? Optional.empty() : ModuleSchemas.monitor(module);
        if (monitor.isEmpty()) {
          return Optional.empty();
        }
        schemas.add(monitor.get());
      }
      case FILTERS -> {
        Optional<ModuleSchema> filter =
            module == null ? Optional.empty() : ModuleSchemas.filter(module);
        if (filter.isEmpty()) {
          return Optional.empty();
        }
        schemas.add(filter.get());
      }
    }
    return Optional.of(schemas);
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
}
