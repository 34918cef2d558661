/** The Weir SQL proxy: MariaDB-protocol listeners, routers, filters and the cluster monitor. */
@NullMarked
package io.weir.proxy;

import org.jspecify.annotations.NullMarked;
