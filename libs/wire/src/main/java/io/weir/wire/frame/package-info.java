/**
 * Packet framing: splits a byte stream into packets (sequence id and payload) and joins payloads
 * that the protocol split into 16 MiB - 1 continuation packets; writes payloads back the same way.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.frame;

import org.jspecify.annotations.NullMarked;
