package io.weir.wire.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;

/**
 * Writes the protocol's basic types at the buffer's writer index, the counterpart of {@link
 * PayloadReader}.
 *
 * @see <a href="https://mariadb.com/kb/en/protocol-data-types/">Protocol data types</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public final class PayloadWriter {
  private PayloadWriter() {}

  /** {@code int<1>}: the low 8 bits of {@code value}. */
  public static void writeInt1(ByteBuf payload, int value) {
    payload.writeByte(value);
  }

  /** {@code int<2>}: the low 16 bits of {@code value}, little-endian. */
  public static void writeInt2(ByteBuf payload, int value) {
    payload.writeShortLE(value);
  }

  /** {@code int<3>}: the low 24 bits of {@code value}, little-endian. */
  public static void writeInt3(ByteBuf payload, int value) {
    payload.writeMediumLE(value);
  }

  /** {@code int<4>}: the low 32 bits of {@code value}, little-endian. */
  public static void writeInt4(ByteBuf payload, long value) {
    payload.writeIntLE((int) value);
  }

  /** {@code int<6>}: the low 48 bits of {@code value}, little-endian. */
  public static void writeInt6(ByteBuf payload, long value) {
    payload.writeIntLE((int) value);
    payload.writeShortLE((int) (value >>> 32));
  }

  /** {@code int<8>}: all 64 bits of {@code value}, little-endian (negative means above 2^63). */
  public static void writeInt8(ByteBuf payload, long value) {
    payload.writeLongLE(value);
  }

  /**
   * {@code int<lenenc>} in its shortest form. {@code value} is unsigned: a negative value is
   * written as the 8-byte number above {@link Long#MAX_VALUE} it stands for.
   */
  public static void writeLengthEncodedInteger(ByteBuf payload, long value) {
    if (value >= 0 && value < PayloadReader.NULL_MARKER) {
      payload.writeByte((int) value);
    } else if (value >= 0 && value < 1L << 16) {
      payload.writeByte(0xFC);
      payload.writeShortLE((int) value);
    } else if (value >= 0 && value < 1L << 24) {
      payload.writeByte(0xFD);
      payload.writeMediumLE((int) value);
    } else {
      payload.writeByte(0xFE);
      payload.writeLongLE(value);
    }
  }

  /** How many bytes {@link #writeLengthEncodedInteger} writes for {@code value}. */
  public static int lengthEncodedIntegerSize(long value) {
    if (value >= 0 && value < PayloadReader.NULL_MARKER) {
      return 1;
    } else if (value >= 0 && value < 1L << 16) {
      return 3;
    } else if (value >= 0 && value < 1L << 24) {
      return 4;
    }
    return 9;
  }

  /** The NULL marker 0xFB that stands for a NULL length-encoded field in a text-protocol row. */
  public static void writeNullMarker(ByteBuf payload) {
    payload.writeByte(PayloadReader.NULL_MARKER);
  }

  /** {@code string<lenenc>}: the length, then the bytes. */
  public static void writeLengthEncodedBytes(ByteBuf payload, byte[] value) {
    writeLengthEncodedInteger(payload, value.length);
    payload.writeBytes(value);
  }

  /** {@code string<lenenc>} of {@code value} encoded with {@code charset}. */
  public static void writeLengthEncodedString(ByteBuf payload, String value, Charset charset) {
    writeLengthEncodedBytes(payload, value.getBytes(charset));
  }

  /**
   * {@code string<NUL>}: the bytes, then a NUL.
   *
   * @throws IllegalArgumentException if {@code value} holds a NUL, which would end it early on the
   *     other side
   */
  public static void writeNulTerminatedBytes(ByteBuf payload, byte[] value) {
    for (byte b : value) {
      if (b == 0) {
        throw new IllegalArgumentException("a string<NUL> cannot contain a NUL byte");
      }
    }
    payload.writeBytes(value);
    payload.writeByte(0);
  }

  /** {@code string<NUL>} of {@code value} encoded with {@code charset}. */
  public static void writeNulTerminatedString(ByteBuf payload, String value, Charset charset) {
    writeNulTerminatedBytes(payload, value.getBytes(charset));
  }

  /** {@code string<fix>} or {@code string<EOF>}: the bytes as they are, no length, no end. */
  public static void writeBytes(ByteBuf payload, byte[] value) {
    payload.writeBytes(value);
  }

  /** {@code count} zero bytes of reserved filler. */
  public static void writeZeros(ByteBuf payload, int count) {
    payload.writeZero(count);
  }
}
