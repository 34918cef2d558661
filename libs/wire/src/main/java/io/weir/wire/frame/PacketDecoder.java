package io.weir.wire.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.weir.wire.codec.MalformedPacketException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into {@link PacketFrame}s. Each packet is an {@code int<3>} payload length,
 * an {@code int<1>} sequence id and the payload; a packet of exactly 16 MiB - 1 bytes means the
 * payload continues in the next packet, and this decoder joins such packets into one frame (as a
 * composite of slices, without copying).
 *
 * <p>An explicit state machine: {@code HEADER} waits for four header bytes, {@code PAYLOAD} for the
 * whole payload of the packet, {@code DISCARD} skips bytes of a packet that is not kept. It returns
 * as soon as the input runs short, so partial input never makes it loop.
 *
 * <p>Two failures, both thrown (so a pipeline sees them in {@code exceptionCaught}) and both
 * leaving nothing buffered:
 *
 * <ul>
 *   <li>A logical payload longer than the configured maximum throws {@link PacketTooLargeException}
 *       as soon as a header shows it, and the rest of that logical packet is skipped as it arrives
 *       rather than buffered. The server answers this with error 1153 and closes the connection; a
 *       proxy should do the same.
 *   <li>A continuation packet whose sequence id does not follow the previous one throws {@link
 *       MalformedPacketException}; the parts received so far are released and the packet skipped.
 * </ul>
 *
 * <p>After either, decoding resumes at the next packet with the next read, though the stream is not
 * to be trusted any more. Not sharable: it keeps state per connection.
 *
 * @see <a href="https://mariadb.com/kb/en/0-packet/">Packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public final class PacketDecoder extends ByteToMessageDecoder {
  private enum State {
    HEADER,
    PAYLOAD,
    DISCARD
  }

  private final int maximumPayloadLength;
  private State state = State.HEADER;

  // the packet whose header was read last
  private int packetLength;
  private int packetSequenceId;

  // the logical packet being joined from continuation packets, null while none is
  private @Nullable CompositeByteBuf joined;
  private int joinedFirstSequenceId;
  private int joinedLastSequenceId;

  // skipping a packet that is not kept; discardContinues says its logical packet goes on after it
  private long discardRemaining;
  private boolean discardContinues;
  private boolean discardingLogicalPacket;

  /**
   * @param maximumPayloadLength the longest logical payload accepted, continuation packets joined,
   *     like the server's {@code max_allowed_packet}
   */
  public PacketDecoder(int maximumPayloadLength) {
    if (maximumPayloadLength < 0) {
      throw new IllegalArgumentException(
          "maximumPayloadLength must not be negative: " + maximumPayloadLength);
    }
    this.maximumPayloadLength = maximumPayloadLength;
  }

  /** The longest logical payload this decoder accepts. */
  public int maximumPayloadLength() {
    return maximumPayloadLength;
  }

  @Override
  protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
    while (true) {
      switch (state) {
        case HEADER -> {
          if (in.readableBytes() < PacketFrame.HEADER_LENGTH) {
            return;
          }
          packetLength = in.readUnsignedMediumLE();
          packetSequenceId = in.readUnsignedByte();
          if (discardingLogicalPacket) {
            startDiscarding(packetLength);
            continue;
          }
          checkContinuation();
          long length = joinedLength() + packetLength;
          if (length > maximumPayloadLength) {
            releaseJoined();
            startDiscarding(packetLength);
            throw new PacketTooLargeException(length, maximumPayloadLength, packetSequenceId);
          }
          state = State.PAYLOAD;
        }
        case PAYLOAD -> {
          if (in.readableBytes() < packetLength) {
            return;
          }
          ByteBuf part = in.readRetainedSlice(packetLength);
          boolean continues = packetLength == PacketFrame.MAX_PACKET_PAYLOAD;
          state = State.HEADER;
          CompositeByteBuf whole = joined;
          if (whole == null && !continues) {
            out.add(new PacketFrame(packetSequenceId, part));
            return;
          }
          if (whole == null) {
            whole = context.alloc().compositeBuffer(maximumComponents());
            joined = whole;
            joinedFirstSequenceId = packetSequenceId;
          }
          whole.addComponent(true, part);
          joinedLastSequenceId = packetSequenceId;
          if (!continues) {
            joined = null;
            out.add(new PacketFrame(joinedFirstSequenceId, packetSequenceId, whole));
            return;
          }
        }
        case DISCARD -> {
          int skipped = (int) Math.min(discardRemaining, in.readableBytes());
          in.skipBytes(skipped);
          discardRemaining -= skipped;
          if (discardRemaining > 0) {
            return;
          }
          state = State.HEADER;
          discardingLogicalPacket = discardContinues;
        }
      }
    }
  }

  /** A continuation packet must carry the sequence id after the previous packet's. */
  private void checkContinuation() {
    CompositeByteBuf whole = joined;
    if (whole == null) {
      return;
    }
    int expected = (joinedLastSequenceId + 1) & 0xFF;
    if (packetSequenceId != expected) {
      releaseJoined();
      startDiscarding(packetLength);
      throw new MalformedPacketException(
          "continuation packet has sequence id "
              + packetSequenceId
              + ", expected "
              + expected
              + " after the previous part");
    }
  }

  private void startDiscarding(int length) {
    state = State.DISCARD;
    discardRemaining = length;
    discardContinues = length == PacketFrame.MAX_PACKET_PAYLOAD;
    discardingLogicalPacket = true;
  }

  private long joinedLength() {
    CompositeByteBuf whole = joined;
    return whole == null ? 0 : whole.readableBytes();
  }

  // one component per packet: a composite that consolidates (copies) at its default of 16 would
  // copy the 256 MiB and more a large max_allowed_packet allows
  private int maximumComponents() {
    return maximumPayloadLength / PacketFrame.MAX_PACKET_PAYLOAD + 2;
  }

  private void releaseJoined() {
    CompositeByteBuf whole = joined;
    if (whole != null) {
      joined = null;
      whole.release();
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext context) {
    releaseJoined();
  }
}
