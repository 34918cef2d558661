package io.weir.wire.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadWriterTest {
  @ParameterizedTest(name = "{1} writes as {0}")
  @CsvSource({
    // the same golden cases PayloadReaderTest reads, written back in the shortest form
    "00, 0",
    "fa, 250",
    "fcfb00, 251",
    "fcffff, 65535",
    "fd000001, 65536",
    "fdffffff, 16777215",
    "fe0000000100000000, 16777216",
    "feffffffffffffff7f, 9223372036854775807",
    "feffffffffffffffff, 18446744073709551615",
  })
  void lengthEncodedIntegers(String hex, String value) {
    long number = Long.parseUnsignedLong(value);

    assertThat(written(payload -> PayloadWriter.writeLengthEncodedInteger(payload, number)))
        .isEqualTo(hex);
    assertThat(PayloadWriter.lengthEncodedIntegerSize(number)).isEqualTo(hex.length() / 2);
  }

  @Test
  @DisplayName("fixed-length integers are little-endian")
  void fixedLengthIntegers() {
    assertThat(
            written(
                payload -> {
                  PayloadWriter.writeInt1(payload, 0xFF);
                  PayloadWriter.writeInt2(payload, 0x1234);
                  PayloadWriter.writeInt3(payload, 0x123456);
                  PayloadWriter.writeInt4(payload, 0xFFFF_FFFFL);
                  PayloadWriter.writeInt6(payload, 0x8000_0000_0001L);
                  PayloadWriter.writeInt8(payload, 0x8000_0000_0000_0001L);
                }))
        .isEqualTo("ff" + "3412" + "563412" + "ffffffff" + "010000000080" + "0100000000000080");
  }

  @Test
  @DisplayName("strings and the NULL marker")
  void strings() {
    assertThat(
            written(
                payload -> {
                  PayloadWriter.writeLengthEncodedString(payload, "abc", UTF_8);
                  PayloadWriter.writeNulTerminatedString(payload, "é", UTF_8);
                  PayloadWriter.writeNullMarker(payload);
                  PayloadWriter.writeBytes(payload, new byte[] {1});
                  PayloadWriter.writeZeros(payload, 2);
                }))
        .isEqualTo("03616263" + "c3a900" + "fb" + "01" + "0000");
  }

  @Test
  @DisplayName("a NUL inside a NUL-terminated string is refused")
  void nulInsideNulTerminatedString() {
    ByteBuf payload = Unpooled.buffer();
    try {
      assertThatThrownBy(
              () -> PayloadWriter.writeNulTerminatedBytes(payload, new byte[] {'a', 0, 'b'}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(payload.isReadable()).isFalse();
    } finally {
      payload.release();
    }
  }

  private static String written(Consumer<ByteBuf> write) {
    ByteBuf payload = Unpooled.buffer();
    try {
      write.accept(payload);
      return ByteBufUtil.hexDump(payload);
    } finally {
      payload.release();
    }
  }
}
