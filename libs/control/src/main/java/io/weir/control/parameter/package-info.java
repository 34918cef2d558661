/**
 * Parameter schemas and their validation. A {@link io.weir.control.parameter.ModuleSchema} lists a
 * module's {@link io.weir.control.parameter.ParameterSpec}s (name, {@link
 * io.weir.control.parameter.ParameterType}, default, documentation, runtime flag); {@link
 * io.weir.control.parameter.ModuleSchemas} holds the ones Weir knows; {@link
 * io.weir.control.parameter.ParameterValidator} turns raw values into typed ones and reports every
 * problem as a {@link io.weir.control.parameter.ConfigurationError}. Plain Java, no Spring.
 */
@NullMarked
package io.weir.control.parameter;

import org.jspecify.annotations.NullMarked;
