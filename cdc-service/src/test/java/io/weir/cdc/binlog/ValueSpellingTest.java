package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValueSpellingTest {

  private static ColumnDefinition column(ColumnType type, boolean unsigned, String realType) {
    return new ColumnDefinition("c", type, 0, unsigned, null, List.of(), realType, -1);
  }

  private static String cell(ColumnType type, int meta, int length, String hex, ColumnDefinition c)
      throws IOException {
    byte[] bytes = HexFormat.of().parseHex(hex);
    return ValueSpelling.json(
        ExactCellReader.read(type, meta, length, new ByteArrayInputStream(bytes)), c);
  }

  @Test
  @DisplayName("integers of every width keep their sign or their unsigned range")
  void integers() throws IOException {
    assertThat(cell(ColumnType.TINY, 0, 0, "80", column(ColumnType.TINY, false, "tinyint")))
        .isEqualTo("-128");
    assertThat(cell(ColumnType.TINY, 0, 0, "ff", column(ColumnType.TINY, true, "tinyint")))
        .isEqualTo("255");
    assertThat(cell(ColumnType.SHORT, 0, 0, "0080", column(ColumnType.SHORT, false, "smallint")))
        .isEqualTo("-32768");
    assertThat(cell(ColumnType.INT24, 0, 0, "ffffff", column(ColumnType.INT24, true, "mediumint")))
        .isEqualTo("16777215");
    assertThat(cell(ColumnType.INT24, 0, 0, "ffffff", column(ColumnType.INT24, false, "mediumint")))
        .isEqualTo("-1");
    assertThat(cell(ColumnType.LONG, 0, 0, "ffffffff", column(ColumnType.LONG, true, "int")))
        .isEqualTo("4294967295");
    assertThat(
            cell(
                ColumnType.LONGLONG,
                0,
                0,
                "ffffffffffffffff",
                column(ColumnType.LONGLONG, true, "bigint")))
        .isEqualTo("18446744073709551615");
    assertThat(
            cell(
                ColumnType.LONGLONG,
                0,
                0,
                "0000000000000080",
                column(ColumnType.LONGLONG, false, "bigint")))
        .isEqualTo("-9223372036854775808");
  }

  @Test
  @DisplayName("DECIMAL keeps its scale, negative values included")
  void decimals() throws IOException {
    // DECIMAL(5,2) 123.45: 3 integer digits in 2 bytes, 2 fraction digits in 1 byte, sign bit set
    ColumnDefinition decimal = column(ColumnType.NEWDECIMAL, false, "decimal");
    int meta = 5 | 2 << 8;
    assertThat(cell(ColumnType.NEWDECIMAL, meta, 0, "807b2d", decimal)).isEqualTo("123.45");
    assertThat(cell(ColumnType.NEWDECIMAL, meta, 0, "7f84d2", decimal)).isEqualTo("-123.45");
    assertThat(cell(ColumnType.NEWDECIMAL, meta, 0, "800000", decimal)).isEqualTo("0.00");
  }

  @Test
  @DisplayName("TIME keeps its sign, hours beyond 24 and exactly the column's fractional digits")
  void times() {
    // 838:59:59 with no fraction: 0x800000 + (838 << 12 | 59 << 6 | 59)
    long intPart = 0x800000L + (838L << 12 | 59 << 6 | 59);
    assertThat(TemporalSpelling.time(bigEndian(intPart, 3), 0)).isEqualTo("838:59:59");
    long negative = 0x800000L - (838L << 12 | 59 << 6 | 59);
    assertThat(TemporalSpelling.time(bigEndian(negative, 3), 0)).isEqualTo("-838:59:59");
    // -00:00:01.5 with TIME(1): intpart -2 (rounded down), fraction 0x100 - 50
    byte[] halfSecond = {(byte) 0x7f, (byte) 0xff, (byte) 0xfe, (byte) (0x100 - 50)};
    assertThat(TemporalSpelling.time(halfSecond, 1)).isEqualTo("-00:00:01.5");
    // 12:34:56.000123 with TIME(6)
    long packed = ((12L << 12 | 34 << 6 | 56) << 24) + 123 + 0x800000000000L;
    assertThat(TemporalSpelling.time(bigEndian(packed, 6), 6)).isEqualTo("12:34:56.000123");
  }

  @Test
  @DisplayName("zero and invalid dates keep MariaDB's spelling")
  void zeroDates() {
    assertThat(TemporalSpelling.date(new byte[3])).isEqualTo("0000-00-00");
    int february30 = 2001 << 9 | 2 << 5 | 30;
    assertThat(
            TemporalSpelling.date(
                new byte[] {
                  (byte) february30, (byte) (february30 >> 8), (byte) (february30 >> 16)
                }))
        .isEqualTo("2001-02-30");
    assertThat(TemporalSpelling.datetime(bigEndian(0x8000000000L, 5), 0))
        .isEqualTo("0000-00-00 00:00:00");
    assertThat(TemporalSpelling.timestamp(new byte[5], 2)).isEqualTo("0000-00-00 00:00:00.00");
  }

  @Test
  @DisplayName("TIMESTAMP is spelled in UTC from its epoch seconds")
  void timestamps() {
    // 2038-01-19 03:14:07 UTC is 2147483647
    assertThat(TemporalSpelling.timestamp(bigEndian(2147483647L, 4), 0))
        .isEqualTo("2038-01-19 03:14:07");
    byte[] withMillis = ByteBuffer.allocate(6).putInt(1).putShort((short) 1234).array();
    assertThat(TemporalSpelling.timestamp(withMillis, 3)).isEqualTo("1970-01-01 00:00:01.123");
  }

  @Test
  @DisplayName("UUID undoes MariaDB's segment swap only for RFC 4122 versions 1 to 5")
  void uuids() {
    // 6ccd780c-baba-1026-9564-5b8c656024db stored swapped: node, clock_seq, hi, mid, low
    byte[] swapped =
        HexFormat.of().parseHex("5b8c656024db" + "9564" + "1026" + "baba" + "6ccd780c");
    assertThat(ValueSpelling.uuid(swapped)).isEqualTo("6ccd780c-baba-1026-9564-5b8c656024db");
    byte[] unswapped = HexFormat.of().parseHex("ffffffffffff7fffffffffffffffffff");
    assertThat(ValueSpelling.uuid(unswapped)).isEqualTo("ffffffff-ffff-7fff-ffff-ffffffffffff");
  }

  @Test
  void inet6() {
    assertThat(ValueSpelling.inet6(HexFormat.of().parseHex("20010db8000000000000000000000001")))
        .isEqualTo("2001:db8::1");
    assertThat(ValueSpelling.inet6(HexFormat.of().parseHex("00000000000000000000ffffc0000201")))
        .isEqualTo("::ffff:192.0.2.1");
    assertThat(ValueSpelling.inet6(new byte[16])).isEqualTo("::");
    assertThat(ValueSpelling.inet6(HexFormat.of().parseHex("00000000000000000000000000000001")))
        .isEqualTo("::1");
    assertThat(ValueSpelling.inet6(HexFormat.of().parseHex("20010db8000100000001000100010001")))
        .isEqualTo("2001:db8:1:0:1:1:1:1");
  }

  @Test
  void wellKnownText() {
    ByteBuffer point = ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN);
    point.put((byte) 1).putInt(1).putDouble(1).putDouble(-2.5);
    assertThat(WkbToWkt.convert(point.array())).isEqualTo("POINT(1 -2.5)");
    ByteBuffer line = ByteBuffer.allocate(9 + 32).order(ByteOrder.LITTLE_ENDIAN);
    line.put((byte) 1).putInt(2).putInt(2).putDouble(0).putDouble(0).putDouble(0.1).putDouble(3);
    assertThat(WkbToWkt.convert(line.array())).isEqualTo("LINESTRING(0 0,0.1 3)");
  }

  @Test
  @DisplayName("SET members come in definition order, ENUM 0 is the empty error value")
  void enumAndSet() {
    ColumnDefinition set =
        new ColumnDefinition(
            "s", ColumnType.SET, 0, false, null, List.of("a", "b", "c"), "set", -1);
    assertThat(ValueSpelling.setMembers(0b101, set)).isEqualTo("a,c");
    assertThat(ValueSpelling.enumMember(0, set)).isEmpty();
    assertThat(ValueSpelling.enumMember(2, set)).isEqualTo("b");
  }

  @Test
  @DisplayName("text is decoded in the column's character set, binary becomes base64")
  void textAndBinary() {
    ColumnDefinition latin1 =
        new ColumnDefinition(
            "t",
            ColumnType.VARCHAR,
            10,
            false,
            TableDefinitionReader.javaCharset("latin1"),
            List.of(),
            "varchar",
            10);
    assertThat(ValueSpelling.bytes(new byte[] {(byte) 0xe9, (byte) 0x80}, latin1)).isEqualTo("é€");
    ColumnDefinition binary =
        new ColumnDefinition("b", ColumnType.STRING, 4, false, null, List.of(), "binary", 4);
    assertThat(ValueSpelling.bytes("ab".getBytes(StandardCharsets.US_ASCII), binary))
        .isEqualTo("YWIAAA==");
  }

  private static byte[] bigEndian(long value, int length) {
    byte[] bytes = new byte[length];
    for (int i = length - 1; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    return bytes;
  }
}
