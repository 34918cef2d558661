/**
 * The parts of MaxScale-shaped JSON:API documents that every service's REST resources share,
 * independent of any web framework: reading a change of a resource's parameters, and error entries
 * that point at the offending field.
 */
@NullMarked
package io.weir.control.api;

import org.jspecify.annotations.NullMarked;
