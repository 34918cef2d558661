package io.weir.control.parameter;

import io.weir.control.resource.ParameterValues;
import io.weir.control.resource.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a resource's raw parameters against its schemas: each value parses as its type, required
 * ones are there, unknown ones are reported (with the closest known name when one is near), and
 * defaults fill the rest. It collects every problem instead of stopping at the first, so a user
 * fixes a file in one pass.
 */
public final class ParameterValidator {

  private ParameterValidator() {}

  /**
   * Validates {@code raw} for one resource.
   *
   * @param type the resource's type, for messages
   * @param id the resource's id, for messages
   * @param schemas the schemas that apply, e.g. the common service schema and the router's
   * @param raw parameter name to raw value: {@code String}, {@code Number}, {@code Boolean} or a
   *     {@code List} of those; a null value counts as not set
   */
  public static ValidatedParameters validate(
      ResourceType type, String id, List<ModuleSchema> schemas, Map<String, ?> raw) {
    var specs = new LinkedHashMap<String, ParameterSpec<?>>();
    schemas.forEach(schema -> schema.parameters().forEach(spec -> specs.put(spec.name(), spec)));
    var errors = new ArrayList<ConfigurationError>();

    raw.keySet().stream()
        .filter(name -> !specs.containsKey(name))
        .forEach(name -> errors.add(unknownParameter(type, id, name, specs.keySet())));

    var values = new LinkedHashMap<String, Object>();
    for (var spec : specs.values()) {
      Object value = raw.get(spec.name());
      if (value != null) {
        switch (spec.type().parse(value)) {
          case Parsed.Valid<?>(Object typed) -> values.put(spec.name(), typed);
          case Parsed.Invalid<?>(String reason) ->
              errors.add(
                  ConfigurationError.ofParameter(
                      ConfigurationErrorCode.INVALID_VALUE, type, id, spec.name(), reason));
        }
      } else if (spec.required()) {
        errors.add(
            ConfigurationError.ofParameter(
                ConfigurationErrorCode.MISSING_PARAMETER, type, id, spec.name(), "is required"));
      } else if (spec.defaultValue() != null) {
        values.put(spec.name(), spec.defaultValue());
      }
    }

    Set<String> reported = new HashSet<>(raw.keySet());
    checkConditions(type, id, schemas, specs, values, reported, errors);
    return new ValidatedParameters(new ParameterValues(values), errors);
  }

  /**
   * Applies {@code changes} to the validated parameters of a running resource, the way a PATCH of
   * its parameters does: each changed parameter must be known, changeable at runtime ({@link
   * ParameterSpec#runtimeModifiable()}) and valid; a null value unsets a parameter, which takes its
   * default again. Parameters not named keep their values. Every problem is reported, and with any
   * problem the caller applies nothing.
   *
   * @param current the resource's parameters now, as {@link #validate} or an earlier patch left
   *     them
   * @param changes parameter name to raw value, as for {@link #validate}; null unsets
   */
  public static ValidatedParameters patch(
      ResourceType type,
      String id,
      List<ModuleSchema> schemas,
      ParameterValues current,
      Map<String, ?> changes) {
    var specs = new LinkedHashMap<String, ParameterSpec<?>>();
    schemas.forEach(schema -> schema.parameters().forEach(spec -> specs.put(spec.name(), spec)));
    var errors = new ArrayList<ConfigurationError>();
    var values = new LinkedHashMap<String, Object>(current.values());
    for (Map.Entry<String, ?> change : changes.entrySet()) {
      String name = change.getKey();
      ParameterSpec<?> spec = specs.get(name);
      if (spec == null) {
        errors.add(unknownParameter(type, id, name, specs.keySet()));
      } else if (!spec.runtimeModifiable()) {
        errors.add(
            ConfigurationError.ofParameter(
                ConfigurationErrorCode.NOT_MODIFIABLE_AT_RUNTIME,
                type,
                id,
                name,
                "cannot be changed while the resource runs; change it in the configuration and"
                    + " restart"));
      } else if (change.getValue() == null) {
        if (spec.required()) {
          errors.add(
              ConfigurationError.ofParameter(
                  ConfigurationErrorCode.MISSING_PARAMETER,
                  type,
                  id,
                  name,
                  "is required and cannot be unset"));
        } else if (spec.defaultValue() != null) {
          values.put(name, spec.defaultValue());
        } else {
          values.remove(name);
        }
      } else {
        switch (spec.type().parse(change.getValue())) {
          case Parsed.Valid<?>(Object typed) -> values.put(name, typed);
          case Parsed.Invalid<?>(String reason) ->
              errors.add(
                  ConfigurationError.ofParameter(
                      ConfigurationErrorCode.INVALID_VALUE, type, id, name, reason));
        }
      }
    }
    Set<String> reported = new HashSet<>();
    errors.forEach(
        error -> {
          if (error.field() instanceof ConfigurationError.Field.Parameter(String name)) {
            reported.add(name);
          }
        });
    checkConditions(type, id, schemas, specs, values, reported, errors);
    var ordered = new LinkedHashMap<String, Object>();
    for (String name : specs.keySet()) {
      if (values.containsKey(name)) {
        ordered.put(name, values.get(name));
      }
    }
    return new ValidatedParameters(new ParameterValues(ordered), errors);
  }

  /**
   * Reports the parameters a condition makes required that have no value, except those already
   * reported for another reason.
   */
  private static void checkConditions(
      ResourceType type,
      String id,
      List<ModuleSchema> schemas,
      Map<String, ParameterSpec<?>> specs,
      Map<String, Object> values,
      Set<String> reported,
      List<ConfigurationError> errors) {
    for (var schema : schemas) {
      for (var condition : schema.conditions()) {
        var decider = specs.get(condition.parameter());
        Object decided = values.get(condition.parameter());
        if (decider == null
            || decided == null
            || !condition.value().equals(format(decider, decided))) {
          continue;
        }
        condition.requires().stream()
            .filter(name -> !values.containsKey(name) && !reported.contains(name))
            .forEach(
                name ->
                    errors.add(
                        ConfigurationError.ofParameter(
                            ConfigurationErrorCode.MISSING_PARAMETER,
                            type,
                            id,
                            name,
                            "is required when "
                                + condition.parameter()
                                + "="
                                + condition.value())));
      }
    }
  }

  private static ConfigurationError unknownParameter(
      ResourceType type, String id, String name, Set<String> known) {
    return ConfigurationError.ofParameter(
        ConfigurationErrorCode.UNKNOWN_PARAMETER,
        type,
        id,
        name,
        "unknown parameter"
            + closest(name, List.copyOf(known))
                .map(nearest -> "; did you mean '" + nearest + "'?")
                .orElse(""));
  }

  private static <T> String format(ParameterSpec<T> spec, Object value) {
    return spec.type().format(spec.type().cast(value));
  }

  /**
   * The known name nearest to {@code name} by edit distance, if close enough to be a likely typo:
   * at most two edits, and fewer than a third of the name's length. Used for every "did you mean"
   * hint, so hints read the same everywhere.
   */
  public static Optional<String> closest(String name, List<String> known) {
    return known.stream()
        .map(candidate -> Map.entry(candidate, distance(name, candidate)))
        .filter(entry -> entry.getValue() <= 2 && entry.getValue() * 3 < name.length())
        .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
        .map(Map.Entry::getKey);
  }

  /** Levenshtein distance; names are short, so the quadratic table is fine. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
