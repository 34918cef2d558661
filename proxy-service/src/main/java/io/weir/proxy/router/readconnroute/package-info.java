/**
 * MaxScale's readconnroute: each session is bound at connect time to one server chosen by
 * router_options and least connections.
 */
@NullMarked
package io.weir.proxy.router.readconnroute;

import org.jspecify.annotations.NullMarked;
