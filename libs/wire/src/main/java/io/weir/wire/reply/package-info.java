/**
 * Following a server's replies without decoding them: {@link io.weir.wire.reply.ReplyTracker} scans
 * the bytes a server sends after the connection phase, finds where each command's reply ends and
 * summarises it as a {@link io.weir.wire.reply.Reply}, while the proxy forwards the bytes
 * untouched. Also the session state changes of OK packets.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@NullMarked
package io.weir.wire.reply;

import org.jspecify.annotations.NullMarked;
