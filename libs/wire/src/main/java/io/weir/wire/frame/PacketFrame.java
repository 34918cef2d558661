package io.weir.wire.frame;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One logical packet: its payload and the sequence ids it was sent with. A payload of 16 MiB - 1
 * bytes or more travels as several packets whose sequence ids increase; {@link PacketDecoder} joins
 * them into one frame whose {@link #sequenceId()} is the first packet's and {@link
 * #lastSequenceId()} the last one's, so the next packet of the exchange carries {@link
 * #nextSequenceId()}.
 *
 * <p>A frame owns its payload: it is {@link ReferenceCounted} by delegating to it, so Netty's
 * {@code ReferenceCountUtil.release(message)} and pipeline tail handling release the payload.
 * Whoever receives a frame must release it exactly once (or pass it on to a handler that does), and
 * must {@link #retain()} it to keep it beyond that.
 *
 * @param sequenceId the sequence id of the first packet, 0 to 255
 * @param lastSequenceId the sequence id of the last packet, equal to {@code sequenceId} unless the
 *     payload was split
 * @param payload the whole logical payload, without headers
 * @see <a href="https://mariadb.com/kb/en/0-packet/">Packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record PacketFrame(int sequenceId, int lastSequenceId, ByteBuf payload)
    implements ReferenceCounted {
  /** The largest payload one packet carries; a payload this long continues in the next packet. */
  public static final int MAX_PACKET_PAYLOAD = 0xFF_FFFF;

  /** The header before every packet's payload: {@code int<3>} length and {@code int<1>} id. */
  public static final int HEADER_LENGTH = 4;

  /** Checks the sequence ids fit their byte. */
  public PacketFrame {
    if (sequenceId < 0 || sequenceId > 0xFF || lastSequenceId < 0 || lastSequenceId > 0xFF) {
      throw new IllegalArgumentException(
          "sequence ids are one byte, got " + sequenceId + " and " + lastSequenceId);
    }
  }

  /** A frame sent as a single packet. */
  public PacketFrame(int sequenceId, ByteBuf payload) {
    this(sequenceId, sequenceId, payload);
  }

  /** The sequence id the packet following this frame carries (wrapping after 255). */
  public int nextSequenceId() {
    return (lastSequenceId + 1) & 0xFF;
  }

  @Override
  public int refCnt() {
    return payload.refCnt();
  }

  @Override
  public PacketFrame retain() {
    payload.retain();
    return this;
  }

  @Override
  public PacketFrame retain(int increment) {
    payload.retain(increment);
    return this;
  }

  @Override
  public PacketFrame touch() {
    payload.touch();
    return this;
  }

  @Override
  public PacketFrame touch(Object hint) {
    payload.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return payload.release();
  }

  @Override
  public boolean release(int decrement) {
    return payload.release(decrement);
  }

  @Override
  public String toString() {
    return "PacketFrame[sequenceId="
        + sequenceId
        + ", lastSequenceId="
        + lastSequenceId
        + ", length="
        + (payload.refCnt() > 0 ? payload.readableBytes() : -1)
        + "]";
  }
}
