/**
 * TLS contexts built from the TLS settings of listeners (Weir as server) and servers (Weir as
 * client).
 */
@NullMarked
package io.weir.proxy.tls;

import org.jspecify.annotations.NullMarked;
