package io.weir.wire.frame;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weir.wire.codec.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
  private static final int MAX = PacketFrame.MAX_PACKET_PAYLOAD;

  private final List<ByteBuf> inputs = new ArrayList<>();
  private final List<PacketFrame> frames = new ArrayList<>();

  @AfterEach
  void everythingWasReleased() {
    frames.forEach(PacketFrame::release);
    assertThat(inputs).allSatisfy(input -> assertThat(input.refCnt()).isZero());
    assertThat(frames).allSatisfy(frame -> assertThat(frame.refCnt()).isZero());
  }

  @Test
  @DisplayName("two packets in one buffer decode into two frames")
  void coalescedPackets() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(1024));

    channel.writeInbound(input(packet(0, "abc"), packet(1, ""), packet(7, "de")));

    assertThat(readFrames(channel)).containsExactly("0-0:abc", "1-1:", "7-7:de");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("packets fed one byte at a time decode into the same frames")
  void oneByteAtATime() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(1024));
    byte[] bytes = concat(packet(0, "abc"), packet(1, ""), packet(255, "de"));

    for (byte b : bytes) {
      channel.writeInbound(input(new byte[] {b}));
    }

    assertThat(readFrames(channel)).containsExactly("0-0:abc", "1-1:", "255-255:de");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("an incomplete packet stays buffered without producing a frame")
  void partialInputProducesNothing() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(1024));

    channel.writeInbound(input(new byte[] {5, 0, 0, 3, 'a', 'b'}));

    assertThat(channel.inboundMessages()).isEmpty();
    channel.writeInbound(input(new byte[] {'c', 'd', 'e'}));
    assertThat(readFrames(channel)).containsExactly("3-3:abcde");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("continuation packets of 16 MiB - 1 join into one frame, coalesced and in chunks")
  void continuationPacketsJoin() {
    byte[] payload = pattern(MAX + 10);
    byte[] stream =
        concat(header(MAX, 3), slice(payload, 0, MAX), header(10, 4), slice(payload, MAX, 10));

    // 8191 does not divide 16 MiB - 1 or 4, so headers land across chunk boundaries
    for (int chunk : new int[] {stream.length, 4096, 8191}) {
      EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(2 * MAX));
      for (int offset = 0; offset < stream.length; offset += chunk) {
        channel.writeInbound(input(slice(stream, offset, Math.min(chunk, stream.length - offset))));
      }
      PacketFrame frame = channel.readInbound();
      frames.add(frame);
      assertThat(frame.sequenceId()).isEqualTo(3);
      assertThat(frame.lastSequenceId()).isEqualTo(4);
      assertThat(frame.nextSequenceId()).isEqualTo(5);
      assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo(payload);
      assertThat(channel.inboundMessages()).isEmpty();
      assertThat(channel.finish()).isFalse();
    }
  }

  @Test
  @DisplayName("a payload of exactly 16 MiB - 1 ends with an empty packet, sequence ids wrapping")
  void exactMultipleEndsWithEmptyPacket() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(MAX));
    byte[] payload = pattern(MAX);

    channel.writeInbound(input(concat(header(MAX, 255), payload, header(0, 0), packet(1, "x"))));

    PacketFrame frame = channel.readInbound();
    frames.add(frame);
    assertThat(frame.sequenceId()).isEqualTo(255);
    assertThat(frame.lastSequenceId()).isZero();
    assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo(payload);
    assertThat(readFrames(channel)).containsExactly("1-1:x");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName(
      "a packet over the maximum fails at its header, is skipped unbuffered, decoding resumes")
  void tooLargeIsRejectedAndSkipped() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(4));
    byte[] tooLarge = packet(2, "abcdefgh");
    byte[] next = packet(0, "ok");

    assertThatThrownBy(() -> channel.writeInbound(input(slice(tooLarge, 0, 5))))
        .isInstanceOfSatisfying(
            PacketTooLargeException.class,
            e -> {
              assertThat(e.announcedLength()).isEqualTo(8);
              assertThat(e.maximumLength()).isEqualTo(4);
              assertThat(e.sequenceId()).isEqualTo(2);
            });
    for (int i = 5; i < tooLarge.length; i++) {
      channel.writeInbound(input(new byte[] {tooLarge[i]}));
    }
    assertThat(channel.inboundMessages()).isEmpty();
    channel.writeInbound(input(next));
    assertThat(readFrames(channel)).containsExactly("0-0:ok");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("a split payload over the maximum releases the parts already received")
  void tooLargeContinuationReleasesParts() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(MAX + 1));
    byte[] first = concat(header(MAX, 0), pattern(MAX));

    channel.writeInbound(input(first));
    assertThatThrownBy(() -> channel.writeInbound(input(header(2, 1))))
        .isInstanceOfSatisfying(
            PacketTooLargeException.class,
            e -> assertThat(e.announcedLength()).isEqualTo(MAX + 2L));
    channel.writeInbound(input(new byte[] {'a', 'b'}));
    channel.writeInbound(input(packet(0, "ok")));
    assertThat(readFrames(channel)).containsExactly("0-0:ok");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("a continuation packet with a sequence id out of order is malformed")
  void continuationOutOfOrder() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(2 * MAX));

    channel.writeInbound(input(concat(header(MAX, 0), pattern(MAX))));
    assertThatThrownBy(() -> channel.writeInbound(input(packet(5, "x"))))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("sequence id 5, expected 1");
    channel.writeInbound(input(packet(0, "ok")));
    assertThat(readFrames(channel)).containsExactly("0-0:ok");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  @DisplayName("closing the channel mid-payload releases what was buffered")
  void closeMidContinuationReleases() {
    EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(2 * MAX));

    channel.writeInbound(input(concat(header(MAX, 0), pattern(MAX), header(3, 1), new byte[] {1})));

    assertThat(channel.finish()).isFalse();
  }

  private List<String> readFrames(EmbeddedChannel channel) {
    List<String> decoded = new ArrayList<>();
    PacketFrame frame;
    while ((frame = channel.readInbound()) != null) {
      frames.add(frame);
      decoded.add(
          frame.sequenceId()
              + "-"
              + frame.lastSequenceId()
              + ":"
              + frame.payload().toString(ISO_8859_1));
    }
    return decoded;
  }

  private ByteBuf input(byte[]... parts) {
    ByteBuf input = Unpooled.wrappedBuffer(concat(parts));
    inputs.add(input);
    return input;
  }

  static byte[] packet(int sequenceId, String payload) {
    byte[] bytes = payload.getBytes(ISO_8859_1);
    return concat(header(bytes.length, sequenceId), bytes);
  }

  static byte[] header(int length, int sequenceId) {
    return new byte[] {
      (byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) sequenceId
    };
  }

  static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + (i >> 8));
    }
    return bytes;
  }

  static byte[] slice(byte[] bytes, int offset, int length) {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] joined = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, joined, offset, part.length);
      offset += part.length;
    }
    return joined;
  }
}
