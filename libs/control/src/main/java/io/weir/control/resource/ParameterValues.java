package io.weir.control.resource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resource's parameters after validation: name to typed value ({@code String}, {@code Long},
 * {@code Boolean}, {@code java.time.Duration}, {@link Secret}, or an ordered {@code Set<String>}),
 * defaults included, in the order of the module's schema. Typed access goes through {@code
 * io.weir.control.parameter.ParameterSpec#valueIn}.
 *
 * @param values the values by parameter name; copied, immutable, iteration order kept
 */
public record ParameterValues(Map<String, Object> values) {

  private static final ParameterValues EMPTY = new ParameterValues(Map.of());

  public ParameterValues {
    values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
  }

  /** No parameters. */
  public static ParameterValues empty() {
    return EMPTY;
  }

  /** The value of a parameter, or empty if it has neither a value nor a default. */
  public Optional<Object> find(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
