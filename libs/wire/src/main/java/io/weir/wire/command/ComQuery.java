package io.weir.wire.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;

/**
 * {@code COM_QUERY}: a text-protocol statement, the rest of the payload after the command byte.
 * Decoded as UTF-8; a client on another character set sends other bytes for non-ASCII text.
 *
 * @param sql the statement
 * @see <a href="https://mariadb.com/kb/en/com_query/">COM_QUERY</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record ComQuery(String sql) {
  /**
   * Decodes a payload that starts with the command byte.
   *
   * @throws MalformedPacketException if the command byte is not {@code COM_QUERY}'s
   */
  public static ComQuery decode(ByteBuf payload) {
    CommandBytes.read(payload, Command.COM_QUERY);
    return new ComQuery(PayloadReader.readRestOfPacketString(payload, UTF_8));
  }

  /** Writes the payload, command byte first. */
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, Command.COM_QUERY.code());
    PayloadWriter.writeBytes(payload, sql.getBytes(UTF_8));
  }
}
