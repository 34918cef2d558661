/**
 * The protocol's basic types: fixed-length little-endian integers, length-encoded integers and
 * strings, NUL-terminated, fixed-length and rest-of-packet strings. Truncated input is a {@link
 * io.weir.wire.codec.MalformedPacketException}, never an index error.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.codec;

import org.jspecify.annotations.NullMarked;
