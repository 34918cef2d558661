package io.weir.proxy.router.readwritesplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementIdPatcherTest {

  // header (length 12, sequence 1), OK marker, statement id 0x01020304, then the rest
  private static final byte[] PREPARE_OK = {
    12, 0, 0, 1, 0x00, 0x04, 0x03, 0x02, 0x01, 2, 0, 1, 0, 0, 0, 0
  };

  @Test
  @DisplayName("the id is rewritten and the server's id recovered however the reply is split")
  void rewritesTheIdAcrossEverySplit() {
    for (int cut = 0; cut <= PREPARE_OK.length; cut++) {
      for (int second = cut; second <= PREPARE_OK.length; second++) {
        StatementIdPatcher patcher = new StatementIdPatcher(7);
        List<ByteBuf> pieces = new ArrayList<>();
        pieces.add(Unpooled.wrappedBuffer(PREPARE_OK, 0, cut));
        pieces.add(Unpooled.wrappedBuffer(PREPARE_OK, cut, second - cut));
        pieces.add(Unpooled.wrappedBuffer(PREPARE_OK, second, PREPARE_OK.length - second));
        byte[] out = new byte[PREPARE_OK.length];
        int at = 0;
        for (ByteBuf piece : pieces) {
          ByteBuf copy = Unpooled.copiedBuffer(piece);
          patcher.patch(copy);
          copy.readBytes(out, at, copy.readableBytes());
          at = at + piece.readableBytes();
        }
        assertThat(out[5]).as("cut at %d/%d", cut, second).isEqualTo((byte) 7);
        assertThat(out[6]).isZero();
        assertThat(out[8]).isZero();
        assertThat(out[9]).isEqualTo((byte) 2);
        assertThat(patcher.originalId()).isEqualTo(0x01020304L);
      }
    }
  }

  @Test
  @DisplayName("an error reply is left untouched")
  void leavesErrorsAlone() {
    byte[] error = {9, 0, 0, 1, (byte) 0xff, 0x04, 0x03, 0x02, 0x01, 'x', 'x', 'x', 'x'};
    ByteBuf reply = Unpooled.copiedBuffer(error);
    StatementIdPatcher patcher = new StatementIdPatcher(7);

    assertThat(patcher.patch(reply)).isFalse();

    byte[] after = new byte[error.length];
    reply.getBytes(0, after);
    assertThat(after).containsExactly(error);
    assertThat(patcher.originalId()).isEqualTo(-1);
  }
}
