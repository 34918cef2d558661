package io.weir.wire.frame;

import static io.weir.wire.frame.PacketDecoderTest.concat;
import static io.weir.wire.frame.PacketDecoderTest.header;
import static io.weir.wire.frame.PacketDecoderTest.pattern;
import static io.weir.wire.frame.PacketDecoderTest.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacketEncoderTest {
  private static final int MAX = PacketFrame.MAX_PACKET_PAYLOAD;

  @Test
  @DisplayName("a short payload is one packet and the frame is released after writing")
  void shortPayload() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketEncoder());
    PacketFrame frame = new PacketFrame(9, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));

    channel.writeOutbound(frame);

    assertThat(frame.refCnt()).isZero();
    assertThat(readAll(channel)).isEqualTo(new byte[] {3, 0, 0, 9, 1, 2, 3});
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("an empty payload is one empty packet")
  void emptyPayload() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketEncoder());

    channel.writeOutbound(new PacketFrame(0, Unpooled.EMPTY_BUFFER));

    assertThat(readAll(channel)).isEqualTo(new byte[] {0, 0, 0, 0});
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("a payload over 16 MiB - 1 is split with increasing, wrapping sequence ids")
  void longPayloadIsSplit() {
    byte[] payload = pattern(2 * MAX + 5);
    ByteBuf out = Unpooled.buffer();
    ByteBuf in = Unpooled.wrappedBuffer(payload);

    int last = PacketEncoder.write(out, 254, in);

    assertThat(last).isEqualTo(0);
    assertThat(in.readerIndex()).isZero();
    assertThat(out.readableBytes()).isEqualTo(PacketEncoder.encodedLength(payload.length));
    assertThat(ByteBufUtil.getBytes(out))
        .isEqualTo(
            concat(
                header(MAX, 254),
                slice(payload, 0, MAX),
                header(MAX, 255),
                slice(payload, MAX, MAX),
                header(5, 0),
                slice(payload, 2 * MAX, 5)));
    out.release();
    in.release();
  }

  @Test
  @DisplayName("a payload of exactly 16 MiB - 1 is followed by an empty packet")
  void exactMultipleGetsEmptyTrailingPacket() {
    byte[] payload = pattern(MAX);
    ByteBuf out = Unpooled.buffer();
    ByteBuf in = Unpooled.wrappedBuffer(payload);

    int last = PacketEncoder.write(out, 0, in);

    assertThat(last).isEqualTo(1);
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(concat(header(MAX, 0), payload, header(0, 1)));
    out.release();
    in.release();
  }

  @Test
  @DisplayName("what the encoder writes, the decoder reads back as the same frame")
  void roundTripThroughDecoder() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(3 * MAX), new PacketEncoder());
    for (int length : new int[] {0, 1, MAX - 1, MAX, MAX + 1, 2 * MAX}) {
      byte[] payload = pattern(length);
      channel.writeOutbound(new PacketFrame(200, Unpooled.wrappedBuffer(payload)));
      ByteBuf encoded = Unpooled.wrappedBuffer(readAll(channel));

      channel.writeInbound(encoded);

      PacketFrame frame = channel.readInbound();
      assertThat(frame.sequenceId()).isEqualTo(200);
      assertThat(frame.lastSequenceId()).isEqualTo(200 + length / MAX);
      assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo(payload);
      frame.release();
      assertThat(encoded.refCnt()).isZero();
    }
    assertThat(channel.finish()).isFalse();
  }

  private static byte[] readAll(EmbeddedChannel channel) {
    ByteBuf joined = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      joined.writeBytes(part);
      part.release();
    }
    byte[] bytes = ByteBufUtil.getBytes(joined);
    joined.release();
    return bytes;
  }
}
