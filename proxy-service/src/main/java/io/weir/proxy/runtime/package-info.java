/** Assembles a running proxy from resources: event loops, monitors, services, listeners. */
@NullMarked
package io.weir.proxy.runtime;

import org.jspecify.annotations.NullMarked;
