/** The servers behind Weir as routers see them: endpoints, status bits and per-round state. */
@NullMarked
package io.weir.cluster.server;

import org.jspecify.annotations.NullMarked;
