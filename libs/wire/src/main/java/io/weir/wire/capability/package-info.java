/**
 * Capability flags the client and server negotiate (including MariaDB's extended capabilities above
 * bit 31) and the server status flags of OK and EOF packets.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.capability;

import org.jspecify.annotations.NullMarked;
