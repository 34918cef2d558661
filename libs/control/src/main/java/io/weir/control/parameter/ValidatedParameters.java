package io.weir.control.parameter;

import io.weir.control.resource.ParameterValues;
import java.util.List;

/**
 * What {@link ParameterValidator} made of a resource's raw parameters.
 *
 * @param values every parameter that parsed, defaults filled in; partial when there are errors
 * @param errors every problem found, in the order the raw parameters and then the schema list them
 */
public record ValidatedParameters(ParameterValues values, List<ConfigurationError> errors) {

  public ValidatedParameters {
    errors = List.copyOf(errors);
  }

  /** Whether no problem was found. */
  public boolean isValid() {
    return errors.isEmpty();
  }
}
