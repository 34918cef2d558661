/** The proxy's Micrometer meters, named once. */
@NullMarked
package io.weir.proxy.metrics;

import org.jspecify.annotations.NullMarked;
