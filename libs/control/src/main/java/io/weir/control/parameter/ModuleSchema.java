package io.weir.control.parameter;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of one module ({@code readwritesplit}, {@code mariadbmon}, ...) or of the part
 * every resource of a type shares ({@code server}, {@code listener}, {@code service}, {@code
 * monitor}). A resource is validated against its type's common schema plus its module's.
 *
 * @param name the module name as written in the {@code router} or {@code module} field, or the name
 *     of the common part
 * @param parameters the parameters, in documentation order
 * @param conditions parameters that become required when another has a given value
 */
public record ModuleSchema(
    String name, List<ParameterSpec<?>> parameters, List<RequiredWhen> conditions) {

  public ModuleSchema {
    requireNonNull(name, "name");
    parameters = List.copyOf(parameters);
    conditions = List.copyOf(conditions);
    var names = new HashSet<String>();
    for (var spec : parameters) {
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException(name + ": parameter " + spec.name() + " twice");
      }
    }
  }

  /** A schema without conditions. */
  public static ModuleSchema of(String name, ParameterSpec<?>... parameters) {
    return new ModuleSchema(name, List.of(parameters), List.of());
  }

  /** The parameter called {@code name}, if this schema has one. */
  public Optional<ParameterSpec<?>> find(String parameterName) {
    return parameters.stream().filter(spec -> spec.name().equals(parameterName)).findFirst();
  }

  /**
   * Parameters that must be set when another parameter has a given value, e.g. the mirror router
   * needs {@code file} when {@code exporter=file}.
   *
   * @param parameter the deciding parameter
   * @param value its value, as {@link ParameterType#format} writes it
   * @param requires the parameters that must then be set
   */
  public record RequiredWhen(String parameter, String value, List<String> requires) {
    public RequiredWhen {
      requires = List.copyOf(requires);
    }
  }
}
