package io.weir.admin.command;

import io.weir.control.command.CommandArgument;
import io.weir.control.command.ModuleCommand;
import io.weir.control.command.ModuleCommands;
import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ModuleSchemas;
import io.weir.control.parameter.ParameterSpec;
import io.weir.control.parameter.ParameterType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Modules as JSON:API resources of type {@code modules}, like MaxScale's {@code
 * /v1/maxscale/modules}: each one's parameters (type, default, whether required and whether a
 * running service takes a change) and its commands with their arguments.
 */
final class ModuleDescriptions {

  private ModuleDescriptions() {}

  static List<Map<String, Object>> all() {
    List<Map<String, Object>> modules = new ArrayList<>();
    for (ModuleSchema schema : ModuleSchemas.all()) {
      modules.add(document(schema));
    }
    return modules;
  }

  static Optional<Map<String, Object>> named(String name) {
    return ModuleSchemas.all().stream()
        .filter(schema -> schema.name().equals(name))
        .findFirst()
        .map(ModuleDescriptions::document);
  }

  private static Map<String, Object> document(ModuleSchema schema) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("module_type", moduleType(schema.name()));
    List<Object> parameters = new ArrayList<>();
    for (ParameterSpec<?> spec : schema.parameters()) {
      parameters.add(parameter(spec));
    }
    attributes.put("parameters", parameters);
    List<Object> commands = new ArrayList<>();
    for (ModuleCommand command : ModuleCommands.all()) {
      if (command.module().equals(schema.name())) {
        commands.add(command(command));
      }
    }
    attributes.put("commands", commands);
    return Map.of(
        "id",
        schema.name(),
        "type",
        "modules",
        "attributes",
        attributes,
        "links",
        Map.of("self", "/v1/modules/" + schema.name()));
  }

  private static String moduleType(String name) {
    if (ModuleSchemas.routerNames().contains(name)) {
      return "Router";
    }
    if (ModuleSchemas.monitorNames().contains(name)) {
      return "Monitor";
    }
    if (ModuleSchemas.filterNames().contains(name)) {
      return "Filter";
    }
    return "Core";
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Object> parameter(ParameterSpec<?> spec) {
    Map<String, Object> parameter = new LinkedHashMap<>();
    parameter.put("name", spec.name());
    parameter.put("type", typeName(spec.type()));
    if (spec.defaultValue() != null) {
      parameter.put("default_value", ((ParameterType) spec.type()).format(spec.defaultValue()));
    }
    if (!spec.allowedValues().isEmpty()) {
      parameter.put("enum_values", spec.allowedValues());
    }
    parameter.put("mandatory", spec.required());
    parameter.put("modifiable", spec.runtimeModifiable());
    parameter.put("description", spec.documentation());
    return parameter;
  }

  private static String typeName(ParameterType<?> type) {
    return switch (type) {
      case ParameterType.StringType t -> "string";
      case ParameterType.PasswordType t -> "password";
      case ParameterType.IntegerType t -> "int";
      case ParameterType.BooleanType t -> "bool";
      case ParameterType.DurationType t -> "duration";
      case ParameterType.SizeType t -> "size";
      case ParameterType.EnumType t -> "enum";
      case ParameterType.EnumSetType t -> "enum_mask";
      case ParameterType.CountOrPercentType t -> "count_or_percent";
      case ParameterType.TargetType t -> "target";
    };
  }

  private static Map<String, Object> command(ModuleCommand command) {
    List<Object> arguments = new ArrayList<>();
    for (CommandArgument argument : command.arguments()) {
      Map<String, Object> described = new LinkedHashMap<>();
      described.put("name", argument.name());
      described.put("type", argument.type().typeName());
      if (!argument.module().isEmpty()) {
        described.put("module", argument.module());
      }
      described.put("description", argument.description());
      arguments.add(described);
    }
    return Map.of(
        "id",
        command.name(),
        "description",
        command.description(),
        "service",
        command.service(),
        "arguments",
        arguments);
  }
}
