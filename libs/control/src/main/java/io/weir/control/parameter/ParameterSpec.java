package io.weir.control.parameter;

import static java.util.Objects.requireNonNull;

import io.weir.control.resource.ParameterValues;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One parameter of a module: what it is called, what it accepts, what it is when not set, and
 * whether a running service picks up a change.
 *
 * @param name the parameter name, MaxScale's where MaxScale has one
 * @param type how raw values are parsed
 * @param defaultValue the value when not set, or null when the parameter is required or simply
 *     absent when not set
 * @param required whether a value must be given; a required parameter has no default
 * @param documentation one or two sentences for users, in Weir's words
 * @param runtimeModifiable whether a change applies to a running service (to new sessions) without
 *     a restart
 * @param <T> the typed value
 */
public record ParameterSpec<T>(
    String name,
    ParameterType<T> type,
    @Nullable T defaultValue,
    boolean required,
    String documentation,
    boolean runtimeModifiable) {

  public ParameterSpec {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(documentation, "documentation");
    if (required && defaultValue != null) {
      throw new IllegalArgumentException(name + ": a required parameter has no default");
    }
  }

  /** A parameter that takes {@code defaultValue} when not set. */
  public static <T> ParameterSpec<T> withDefault(
      String name,
      ParameterType<T> type,
      T defaultValue,
      boolean runtimeModifiable,
      String documentation) {
    return new ParameterSpec<>(
        name, type, requireNonNull(defaultValue), false, documentation, runtimeModifiable);
  }

  /** A parameter that must be set. */
  public static <T> ParameterSpec<T> required(
      String name, ParameterType<T> type, boolean runtimeModifiable, String documentation) {
    return new ParameterSpec<>(name, type, null, true, documentation, runtimeModifiable);
  }

  /** A parameter that may be left unset, and then has no value at all. */
  public static <T> ParameterSpec<T> optional(
      String name, ParameterType<T> type, boolean runtimeModifiable, String documentation) {
    return new ParameterSpec<>(name, type, null, false, documentation, runtimeModifiable);
  }

  /** The accepted words for enum and enum-set parameters, empty for every other type. */
  public List<String> allowedValues() {
    return switch (type) {
      case ParameterType.EnumType(List<String> allowed) -> allowed;
      case ParameterType.EnumSetType(List<String> allowed) -> allowed;
      case ParameterType.StringType _,
          ParameterType.PasswordType _,
          ParameterType.IntegerType _,
          ParameterType.BooleanType _,
          ParameterType.DurationType _,
          ParameterType.SizeType _,
          ParameterType.CountOrPercentType _,
          ParameterType.TargetType _ ->
          List.of();
    };
  }

  /** This parameter's typed value in {@code values}, or empty if it has none. */
  public Optional<T> valueIn(ParameterValues values) {
    return values.find(name).map(type::cast);
  }

  /** This parameter's typed value in {@code values}; for required and defaulted parameters. */
  public T requireIn(ParameterValues values) {
    return valueIn(values)
        .orElseThrow(() -> new IllegalStateException("parameter '" + name + "' has no value"));
  }
}
