/**
 * Weir's resources as records, named and shaped like MaxScale's REST resources: {@link
 * io.weir.control.resource.Server}, {@link io.weir.control.resource.Monitor}, {@link
 * io.weir.control.resource.Service}, {@link io.weir.control.resource.Listener} and {@link
 * io.weir.control.resource.Filter}. Parameters are held already validated and typed, in {@link
 * io.weir.control.resource.ParameterValues}; this package knows nothing of how they were parsed.
 */
@NullMarked
package io.weir.control.resource;

import org.jspecify.annotations.NullMarked;
