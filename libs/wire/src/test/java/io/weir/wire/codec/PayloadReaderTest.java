package io.weir.wire.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadReaderTest {
  @ParameterizedTest(name = "{0} reads as {1}")
  @CsvSource({
    // hex, value (unsigned decimal): golden length-encoded integers at every width boundary
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
    ByteBuf payload = wrap(hex);
    try {
      assertThat(Long.toUnsignedString(PayloadReader.readLengthEncodedInteger(payload)))
          .isEqualTo(value);
      assertThat(payload.isReadable()).isFalse();
    } finally {
      payload.release();
    }
  }

  @ParameterizedTest(name = "{0} is malformed")
  @CsvSource({"''", "fb", "ff", "fc00", "fd0000", "fe00000000000000"})
  void malformedLengthEncodedIntegers(String hex) {
    ByteBuf payload = wrap(hex);
    try {
      assertThatThrownBy(() -> PayloadReader.readLengthEncodedInteger(payload))
          .isInstanceOf(MalformedPacketException.class);
      assertThat(payload.readerIndex()).isZero();
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("fixed-length integers are little-endian and unsigned")
  void fixedLengthIntegers() {
    ByteBuf payload =
        wrap("ff" + "3412" + "563412" + "ffffffff" + "010000000080" + "0100000000000080");
    try {
      assertThat(PayloadReader.readInt1(payload)).isEqualTo(255);
      assertThat(PayloadReader.readInt2(payload)).isEqualTo(0x1234);
      assertThat(PayloadReader.readInt3(payload)).isEqualTo(0x123456);
      assertThat(PayloadReader.readInt4(payload)).isEqualTo(0xFFFF_FFFFL);
      assertThat(PayloadReader.readInt6(payload)).isEqualTo(0x8000_0000_0001L);
      assertThat(PayloadReader.readInt8(payload)).isEqualTo(0x8000_0000_0000_0001L);
      assertThat(payload.isReadable()).isFalse();
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("strings: length-encoded, NUL-terminated, fixed and rest of packet")
  void strings() {
    ByteBuf payload = wrap("03616263" + "64656600" + "6768" + "c3a96a");
    try {
      assertThat(PayloadReader.readLengthEncodedString(payload, UTF_8)).isEqualTo("abc");
      assertThat(PayloadReader.readNulTerminatedString(payload, UTF_8)).isEqualTo("def");
      assertThat(PayloadReader.readFixedString(payload, 2, UTF_8)).isEqualTo("gh");
      assertThat(PayloadReader.readRestOfPacketString(payload, UTF_8)).isEqualTo("éj");
      assertThat(PayloadReader.readRestOfPacketBytes(payload)).isEmpty();
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("the NULL marker is recognised without being consumed")
  void nullMarker() {
    ByteBuf payload = wrap("fb01");
    try {
      assertThat(PayloadReader.isNullMarker(payload)).isTrue();
      assertThat(payload.readerIndex()).isZero();
      payload.skipBytes(1);
      assertThat(PayloadReader.isNullMarker(payload)).isFalse();
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("every truncated field is a MalformedPacketException, never an index error")
  void truncatedFieldsAreMalformed() {
    assertMalformed("", PayloadReader::readInt1);
    assertMalformed("01", PayloadReader::readInt2);
    assertMalformed("0102", PayloadReader::readInt3);
    assertMalformed("010203", PayloadReader::readInt4);
    assertMalformed("0102030405", PayloadReader::readInt6);
    assertMalformed("01020304050607", PayloadReader::readInt8);
    assertMalformed("0461", PayloadReader::readLengthEncodedBytes);
    assertMalformed("fc0400616263", PayloadReader::readLengthEncodedBytes);
    assertMalformed("616263", PayloadReader::readNulTerminatedBytes);
    assertMalformed("6162", payload -> PayloadReader.readFixedBytes(payload, 3));
    assertMalformed("6162", payload -> PayloadReader.skip(payload, 3, "filler"));
    assertMalformed("6162", payload -> PayloadReader.readFixedBytes(payload, -1));
  }

  private static void assertMalformed(String hex, Consumer<ByteBuf> read) {
    ByteBuf payload = wrap(hex);
    try {
      assertThatThrownBy(() -> read.accept(payload))
          .as(hex)
          .isInstanceOf(MalformedPacketException.class)
          .hasMessageContaining("truncated");
      assertThat(payload.readerIndex()).as(hex).isZero();
    } finally {
      payload.release();
    }
  }

  private static ByteBuf wrap(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
  }
}
