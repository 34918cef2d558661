/**
 * The Weir admin API: the REST API through which every Weir service is configured and inspected.
 */
@NullMarked
package io.weir.admin;

import org.jspecify.annotations.NullMarked;
