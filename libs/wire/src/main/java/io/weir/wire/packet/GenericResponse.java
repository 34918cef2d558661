package io.weir.wire.packet;

import io.netty.buffer.ByteBuf;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;

/**
 * The packets any command's reply can consist of or end with, told apart by their first byte: 0x00
 * an {@link OkPacket}, 0xFF an {@link ErrPacket} (or a {@link ProgressReport} when the error code
 * is 0xFFFF), 0xFE an {@link EofPacket}, or an {@link OkPacket} with header 0xFE when {@link
 * Capability#DEPRECATE_EOF} was negotiated.
 *
 * <p>Only the first byte is looked at, so this must be applied where the protocol allows nothing
 * else: the first packet of a reply to a command without a result set, or where a result set may
 * end. Inside a result set a row can also start with 0xFE (a long length-encoded value); there an
 * end is 0xFE in a payload shorter than 9 bytes (EOF) or shorter than 16 MiB - 1 (OK), which the
 * reply tracker checks before calling this.
 *
 * @see <a href="https://mariadb.com/kb/en/result-set-packets/">Result set packets</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public sealed interface GenericResponse permits OkPacket, ErrPacket, EofPacket, ProgressReport {
  /** The first byte of an OK packet. */
  int OK_HEADER = 0x00;

  /**
   * The first byte of an EOF packet, and of an OK packet ending a result set under DEPRECATE_EOF.
   */
  int EOF_HEADER = 0xFE;

  /** The first byte of an ERR packet and a progress report. */
  int ERR_HEADER = 0xFF;

  /** Writes this packet as a payload (no packet header), in the 4.1 protocol's layout. */
  void encode(ByteBuf payload);

  /**
   * Decodes a generic response from the payload's reader index, with the capabilities both sides
   * negotiated.
   *
   * @throws MalformedPacketException if the first byte starts none of them or the packet is
   *     truncated
   */
  static GenericResponse decode(ByteBuf payload, Capabilities capabilities) {
    if (!payload.isReadable()) {
      throw new MalformedPacketException("empty packet where an OK, ERR or EOF was expected");
    }
    int header = payload.getUnsignedByte(payload.readerIndex());
    return switch (header) {
      case OK_HEADER -> OkPacket.decode(payload, capabilities);
      case ERR_HEADER ->
          payload.readableBytes() >= 3
                  && payload.getUnsignedShortLE(payload.readerIndex() + 1)
                      == ProgressReport.ERROR_CODE
              ? ProgressReport.decode(payload)
              : ErrPacket.decode(payload);
      case EOF_HEADER ->
          capabilities.has(Capability.DEPRECATE_EOF)
              ? OkPacket.decode(payload, capabilities)
              : EofPacket.decode(payload, capabilities);
      default ->
          throw new MalformedPacketException(
              "packet starts with 0x"
                  + Integer.toHexString(header)
                  + ", which is not an OK, ERR or EOF header");
    };
  }
}
