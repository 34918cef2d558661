package io.weir.wire.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link PacketFrame}s as packets: a payload of 16 MiB - 1 bytes or more is split into
 * packets of that size with increasing sequence ids (wrapping after 255), followed by the packet
 * holding the rest, which is empty when the payload is an exact multiple, so the peer knows the
 * payload ended. The frame's {@link PacketFrame#sequenceId()} goes on the first packet; its {@link
 * PacketFrame#lastSequenceId()} is ignored because the split decides it.
 *
 * <p>The frame is released after it is written (as {@link MessageToByteEncoder} does). Sharable: it
 * keeps no state.
 *
 * @see <a href="https://mariadb.com/kb/en/0-packet/">Packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
@ChannelHandler.Sharable
public final class PacketEncoder extends MessageToByteEncoder<PacketFrame> {
  /** A new encoder. */
  public PacketEncoder() {
    super(PacketFrame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext context, PacketFrame frame, ByteBuf out) {
    write(out, frame.sequenceId(), frame.payload());
  }

  @Override
  protected ByteBuf allocateBuffer(
      ChannelHandlerContext context, PacketFrame frame, boolean preferDirect) {
    int length = encodedLength(frame.payload().readableBytes());
    return preferDirect ? context.alloc().ioBuffer(length) : context.alloc().heapBuffer(length);
  }

  /**
   * Writes {@code payload}'s readable bytes to {@code out} as one or more packets, leaving the
   * payload's indexes and reference count as they were.
   *
   * @return the sequence id of the last packet written
   */
  public static int write(ByteBuf out, int sequenceId, ByteBuf payload) {
    int offset = payload.readerIndex();
    int remaining = payload.readableBytes();
    int id = sequenceId & 0xFF;
    while (true) {
      int length = Math.min(remaining, PacketFrame.MAX_PACKET_PAYLOAD);
      out.writeMediumLE(length);
      out.writeByte(id);
      out.writeBytes(payload, offset, length);
      offset += length;
      remaining -= length;
      if (length < PacketFrame.MAX_PACKET_PAYLOAD) {
        return id;
      }
      id = (id + 1) & 0xFF;
    }
  }

  /** How many bytes {@link #write} produces for a payload of {@code payloadLength} bytes. */
  public static int encodedLength(int payloadLength) {
    int packets = payloadLength / PacketFrame.MAX_PACKET_PAYLOAD + 1;
    return payloadLength + packets * PacketFrame.HEADER_LENGTH;
  }
}
