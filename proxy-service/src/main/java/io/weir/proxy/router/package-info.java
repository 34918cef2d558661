/** Routers choose the servers a session's work goes to. */
@NullMarked
package io.weir.proxy.router;

import org.jspecify.annotations.NullMarked;
