package io.weir.wire.packet;

import io.netty.buffer.ByteBuf;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.capability.ServerStatus;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;

/**
 * The end of column definitions or rows in a result set when {@link Capability#DEPRECATE_EOF} was
 * not negotiated: header 0xFE, then with {@link Capability#CLIENT_PROTOCOL_41} warnings and status.
 * Its payload is shorter than 9 bytes, which tells it from a row starting with 0xFE.
 *
 * @param warnings the warning count
 * @param statusFlags the server status, see {@link ServerStatus}
 * @see <a href="https://mariadb.com/kb/en/eof_packet/">EOF packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record EofPacket(int warnings, int statusFlags) implements GenericResponse {
  /** An EOF payload is shorter than this; a 0xFE row or OK is not. */
  public static final int MAXIMUM_LENGTH = 8;

  /** Whether another result of the same reply follows. */
  public boolean moreResultsExist() {
    return ServerStatus.SERVER_MORE_RESULTS_EXISTS.isSetIn(statusFlags);
  }

  /**
   * Decodes an EOF packet from the payload's reader index with the negotiated capabilities.
   *
   * @throws MalformedPacketException if the header is not 0xFE, the payload is too long to be an
   *     EOF packet, or it is truncated
   */
  public static EofPacket decode(ByteBuf payload, Capabilities capabilities) {
    if (payload.readableBytes() > MAXIMUM_LENGTH) {
      throw new MalformedPacketException(
          "a 0xfe packet of " + payload.readableBytes() + " bytes is too long to be an EOF packet");
    }
    int header = PayloadReader.readInt1(payload);
    if (header != EOF_HEADER) {
      throw new MalformedPacketException(
          "EOF packet starts with 0x" + Integer.toHexString(header) + ", expected 0xfe");
    }
    if (!capabilities.has(Capability.CLIENT_PROTOCOL_41)) {
      return new EofPacket(0, 0);
    }
    int warnings = PayloadReader.readInt2(payload);
    int statusFlags = PayloadReader.readInt2(payload);
    return new EofPacket(warnings, statusFlags);
  }

  @Override
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, EOF_HEADER);
    PayloadWriter.writeInt2(payload, warnings);
    PayloadWriter.writeInt2(payload, statusFlags);
  }
}
