/**
 * Connections from the proxy to MariaDB servers: the client side of the handshake, TLS, and the
 * relay that forwards a server's replies to the session's client while the reply tracker watches
 * them.
 */
@NullMarked
package io.weir.proxy.backend;

import org.jspecify.annotations.NullMarked;
