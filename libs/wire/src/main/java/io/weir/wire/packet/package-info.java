/**
 * The generic response packets every command can end with: OK, ERR (including MariaDB's progress
 * reports) and the deprecated EOF.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.packet;

import org.jspecify.annotations.NullMarked;
