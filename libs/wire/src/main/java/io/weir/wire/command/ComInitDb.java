package io.weir.wire.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;

/**
 * {@code COM_INIT_DB}: changes the default schema, named by the rest of the payload.
 *
 * @param schema the new default schema
 * @see <a href="https://mariadb.com/kb/en/com_init_db/">COM_INIT_DB</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record ComInitDb(String schema) {
  /**
   * Decodes a payload that starts with the command byte.
   *
   * @throws MalformedPacketException if the command byte is not {@code COM_INIT_DB}'s
   */
  public static ComInitDb decode(ByteBuf payload) {
    CommandBytes.read(payload, Command.COM_INIT_DB);
    return new ComInitDb(PayloadReader.readRestOfPacketString(payload, UTF_8));
  }

  /** Writes the payload, command byte first. */
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, Command.COM_INIT_DB.code());
    PayloadWriter.writeBytes(payload, schema.getBytes(UTF_8));
  }
}
