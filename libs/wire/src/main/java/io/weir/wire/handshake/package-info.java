/**
 * The connection phase's messages: the server's initial handshake, the client's response (or its
 * short TLS request), and the authentication switch exchange.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.handshake;

import org.jspecify.annotations.NullMarked;
