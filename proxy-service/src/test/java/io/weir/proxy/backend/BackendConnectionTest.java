package io.weir.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.frame.PacketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackendConnectionTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final BackendConnection connection =
      new BackendConnection(
          channel,
          new BackendTarget("primary", "127.0.0.1", 3306, null),
          7,
          new byte[20],
          Capabilities.NONE,
          new byte[] {0},
          PacketFrame.MAX_PACKET_PAYLOAD);

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  @DisplayName(
      "a short packet goes out as one buffer, header and payload, and its payload is freed")
  void shortPacketIsCopiedBehindItsHeader() {
    ByteBuf payload = Unpooled.buffer().writeByte(0x17).writeIntLE(1);
    connection.write(new PacketFrame(0, payload));
    connection.flush();

    List<ByteBuf> written = outbound();
    assertThat(written).hasSize(1);
    assertThat(ByteBufUtil.hexDump(written.getFirst())).isEqualTo("050000001701000000");
    assertThat(payload.refCnt()).isZero();
    written.forEach(ByteBuf::release);
  }

  @Test
  @DisplayName("a longer packet goes out as its header and its payload, not copied")
  void longPacketIsNotCopied() {
    int length = BackendConnection.COPIED_PAYLOAD_LIMIT + 1;
    ByteBuf payload = Unpooled.buffer().writeByte(0x03).writeZero(length - 1);
    connection.write(new PacketFrame(5, payload));
    connection.flush();

    List<ByteBuf> written = outbound();
    assertThat(written).hasSize(2);
    assertThat(ByteBufUtil.hexDump(written.getFirst())).isEqualTo("01040005");
    assertThat(written.get(1)).isSameAs(payload);
    written.forEach(ByteBuf::release);
  }

  private List<ByteBuf> outbound() {
    List<ByteBuf> written = new ArrayList<>();
    ByteBuf next;
    while ((next = channel.readOutbound()) != null) {
      written.add(next);
    }
    return written;
  }
}
