package io.weir.wire.command;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;

/**
 * {@code COM_PROCESS_KILL}: kills a connection by its id.
 *
 * @param connectionId the connection id, an unsigned {@code int<4>} kept in an {@code int}: read it
 *     with {@link Integer#toUnsignedLong(int)}
 * @see <a href="https://mariadb.com/kb/en/com_process_kill/">COM_PROCESS_KILL</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record ComProcessKill(int connectionId) {
  /**
   * Decodes a payload that starts with the command byte.
   *
   * @throws MalformedPacketException if the command byte is not {@code COM_PROCESS_KILL}'s or the
   *     id is truncated
   */
  public static ComProcessKill decode(ByteBuf payload) {
    CommandBytes.read(payload, Command.COM_PROCESS_KILL);
    return new ComProcessKill((int) PayloadReader.readInt4(payload));
  }

  /** Writes the payload, command byte first. */
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, Command.COM_PROCESS_KILL.code());
    PayloadWriter.writeInt4(payload, Integer.toUnsignedLong(connectionId));
  }
}
