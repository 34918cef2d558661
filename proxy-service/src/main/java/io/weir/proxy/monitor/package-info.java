/** The cluster monitors the proxy runs, and the REST view of the servers they watch. */
@NullMarked
package io.weir.proxy.monitor;

import org.jspecify.annotations.NullMarked;
