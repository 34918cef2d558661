package io.weir.control.parameter;

import io.weir.control.resource.ParameterValues;
import io.weir.control.resource.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        .forEach(
            name ->
                errors.add(
                    ConfigurationError.ofParameter(
                        ConfigurationErrorCode.UNKNOWN_PARAMETER,
                        type,
                        id,
                        name,
                        "unknown parameter"
                            + closest(name, specs.keySet().stream().toList())
                                .map(known -> "; did you mean '" + known + "'?")
                                .orElse(""))));

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
            .filter(name -> !values.containsKey(name) && !raw.containsKey(name))
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
    return new ValidatedParameters(new ParameterValues(values), errors);
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
