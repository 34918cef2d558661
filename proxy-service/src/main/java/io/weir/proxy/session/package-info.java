/**
 * A client's session: the server side of the handshake, transparent authentication, and the
 * commands the proxy answers or translates itself (KILL, COM_CHANGE_USER) before the rest is
 * routed.
 */
@NullMarked
package io.weir.proxy.session;

import org.jspecify.annotations.NullMarked;
