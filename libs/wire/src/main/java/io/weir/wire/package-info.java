/**
 * The MariaDB client/server protocol: packet framing, handshake and authentication, commands and
 * the reply tracker that knows when a reply is complete and what it held. Netty only, no Spring.
 *
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol">MariaDB
 *     client/server protocol</a>
 */
@NullMarked
package io.weir.wire;

import org.jspecify.annotations.NullMarked;
