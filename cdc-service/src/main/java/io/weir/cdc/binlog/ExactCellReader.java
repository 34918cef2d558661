package io.weir.cdc.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.AbstractRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Reads one cell of a row image without losing anything: the library's own decoding turns dates
 * into {@code java.util.Date} (losing zero dates, microseconds and negative times) and integers
 * into signed Java numbers; this keeps the stored bits ({@link RawCell}) for {@link ValueSpelling}.
 *
 * <p>Wire formats: MariaDB's {@code Field::pack} of each type, as also read by the library's {@code
 * AbstractRowsEventDataDeserializer}.
 */
final class ExactCellReader {

  private static final int DIGITS_PER_WORD = 9;
  private static final int[] DIGITS_TO_BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

  private ExactCellReader() {}

  static Serializable read(ColumnType type, int meta, int length, ByteArrayInputStream in)
      throws IOException {
    return switch (type) {
      case TINY -> new RawCell.Integer(in.readLong(1), 1);
      case SHORT -> new RawCell.Integer(in.readLong(2), 2);
      case INT24 -> new RawCell.Integer(in.readLong(3), 3);
      case LONG -> new RawCell.Integer(in.readLong(4), 4);
      case LONGLONG -> new RawCell.Integer(in.readLong(8), 8);
      case FLOAT -> new RawCell.Number(Float.toString(Float.intBitsToFloat(in.readInteger(4))));
      case DOUBLE -> new RawCell.Number(Double.toString(Double.longBitsToDouble(in.readLong(8))));
      case NEWDECIMAL -> new RawCell.Number(decimal(meta, in).toPlainString());
      case YEAR -> {
        int stored = in.readInteger(1);
        yield new RawCell.Year(stored == 0 ? 0 : 1900 + stored);
      }
      case BIT -> {
        int bits = (meta >> 8) * 8 + (meta & 0xFF);
        byte[] bytes = in.read((bits + 7) / 8);
        long value = 0;
        for (byte b : bytes) {
          value = (value << 8) | (b & 0xFF);
        }
        yield new RawCell.Bits(value);
      }
      case DATE -> new RawCell.Spelled(TemporalSpelling.date(in.read(3)));
      case TIME_V2 ->
          new RawCell.Spelled(
              TemporalSpelling.time(in.read(3 + TemporalSpelling.fractionBytes(meta)), meta));
      case DATETIME_V2 ->
          new RawCell.Spelled(
              TemporalSpelling.datetime(in.read(5 + TemporalSpelling.fractionBytes(meta)), meta));
      case TIMESTAMP_V2 ->
          new RawCell.Spelled(
              TemporalSpelling.timestamp(in.read(4 + TemporalSpelling.fractionBytes(meta)), meta));
      case TIMESTAMP ->
          new RawCell.Spelled(TemporalSpelling.timestamp(bigEndian4(in.readLong(4)), 0));
      case DATETIME -> new RawCell.Spelled(oldDatetime(in.readLong(8)));
      case TIME -> new RawCell.Spelled(oldTime(in.readInteger(3)));
      case STRING ->
          new RawCell.Bytes(in.read(length < 256 ? in.readInteger(1) : in.readInteger(2)));
      case VARCHAR, VAR_STRING ->
          new RawCell.Bytes(in.read(meta < 256 ? in.readInteger(1) : in.readInteger(2)));
      case BLOB, GEOMETRY, JSON -> new RawCell.Bytes(in.read(in.readInteger(meta)));
      case ENUM -> new RawCell.Enum(in.readInteger(length));
      case SET -> new RawCell.Set(in.readLong(length));
      default -> throw new IOException("column type " + type + " is not supported");
    };
  }

  private static BigDecimal decimal(int meta, ByteArrayInputStream in) throws IOException {
    int precision = meta & 0xFF;
    int scale = meta >> 8;
    int integerDigits = precision - scale;
    int integerWords = integerDigits / DIGITS_PER_WORD;
    int fractionWords = scale / DIGITS_PER_WORD;
    int size =
        (integerWords << 2)
            + DIGITS_TO_BYTES[integerDigits - integerWords * DIGITS_PER_WORD]
            + (fractionWords << 2)
            + DIGITS_TO_BYTES[scale - fractionWords * DIGITS_PER_WORD];
    return AbstractRowsEventDataDeserializer.asBigDecimal(precision, scale, in.read(size))
        .setScale(scale);
  }

  private static byte[] bigEndian4(long littleEndianSeconds) {
    return new byte[] {
      (byte) (littleEndianSeconds >>> 24),
      (byte) (littleEndianSeconds >>> 16),
      (byte) (littleEndianSeconds >>> 8),
      (byte) littleEndianSeconds
    };
  }

  // pre-5.6 formats, only written for tables created before mysql56_temporal_format (no fraction)
  private static String oldDatetime(long value) {
    long date = value / 1_000_000;
    long time = value % 1_000_000;
    return String.format(
        "%04d-%02d-%02d %02d:%02d:%02d",
        date / 10_000, date / 100 % 100, date % 100, time / 10_000, time / 100 % 100, time % 100);
  }

  private static String oldTime(int value) {
    int signed = (value << 8) >> 8;
    String sign = signed < 0 ? "-" : "";
    int magnitude = Math.abs(signed);
    return sign
        + String.format(
            "%02d:%02d:%02d", magnitude / 10_000, magnitude / 100 % 100, magnitude % 100);
  }
}
