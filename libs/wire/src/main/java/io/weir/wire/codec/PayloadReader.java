package io.weir.wire.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;

/**
 * Reads the protocol's basic types from a packet payload at the buffer's reader index, advancing
 * it. Every read first checks that the whole field is there: a truncated field throws {@link
 * MalformedPacketException} and leaves the reader index where it was, so no {@link
 * IndexOutOfBoundsException} reaches the caller.
 *
 * <p>The buffer is never released here; its owner keeps that duty.
 *
 * @see <a href="https://mariadb.com/kb/en/protocol-data-types/">Protocol data types</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public final class PayloadReader {
  /** The first byte of a length-encoded field that stands for SQL NULL in a text-protocol row. */
  public static final int NULL_MARKER = 0xFB;

  private PayloadReader() {}

  /** {@code int<1>}: one unsigned byte. */
  public static int readInt1(ByteBuf payload) {
    require(payload, 1, "int<1>");
    return payload.readUnsignedByte();
  }

  /** {@code int<2>}: an unsigned little-endian 16-bit integer. */
  public static int readInt2(ByteBuf payload) {
    require(payload, 2, "int<2>");
    return payload.readUnsignedShortLE();
  }

  /** {@code int<3>}: an unsigned little-endian 24-bit integer. */
  public static int readInt3(ByteBuf payload) {
    require(payload, 3, "int<3>");
    return payload.readUnsignedMediumLE();
  }

  /** {@code int<4>}: an unsigned little-endian 32-bit integer, widened so it is never negative. */
  public static long readInt4(ByteBuf payload) {
    require(payload, 4, "int<4>");
    return payload.readUnsignedIntLE();
  }

  /** {@code int<6>}: an unsigned little-endian 48-bit integer. */
  public static long readInt6(ByteBuf payload) {
    require(payload, 6, "int<6>");
    long low = payload.readUnsignedIntLE();
    long high = payload.readUnsignedShortLE();
    return low | high << 32;
  }

  /**
   * {@code int<8>}: a little-endian 64-bit integer. The protocol treats it as unsigned; values
   * above {@link Long#MAX_VALUE} come back negative, read them with {@link
   * Long#toUnsignedString(long)}.
   */
  public static long readInt8(ByteBuf payload) {
    require(payload, 8, "int<8>");
    return payload.readLongLE();
  }

  /** Whether the next byte is the {@link #NULL_MARKER} of a NULL length-encoded field. */
  public static boolean isNullMarker(ByteBuf payload) {
    return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == NULL_MARKER;
  }

  /**
   * {@code int<lenenc>}: a length-encoded integer. Below 0xFB the byte is the value; 0xFC, 0xFD and
   * 0xFE announce a 2, 3 or 8 byte value. 0xFB (NULL) and 0xFF (an ERR packet's header) are not
   * integers here and throw; test for NULL with {@link #isNullMarker(ByteBuf)} first where NULL is
   * allowed. An 8-byte value above {@link Long#MAX_VALUE} comes back negative (unsigned).
   */
  public static long readLengthEncodedInteger(ByteBuf payload) {
    require(payload, 1, "int<lenenc>");
    int first = payload.getUnsignedByte(payload.readerIndex());
    int width =
        switch (first) {
          case 0xFC -> 2;
          case 0xFD -> 3;
          case 0xFE -> 8;
          case NULL_MARKER ->
              throw new MalformedPacketException(
                  "int<lenenc> is the NULL marker 0xFB where a number was expected");
          case 0xFF ->
              throw new MalformedPacketException(
                  "int<lenenc> starts with 0xFF, which is not a valid length-encoded integer");
          default -> 0;
        };
    require(payload, 1 + width, "int<lenenc>");
    payload.skipBytes(1);
    return switch (width) {
      case 0 -> first;
      case 2 -> payload.readUnsignedShortLE();
      case 3 -> payload.readUnsignedMediumLE();
      default -> payload.readLongLE();
    };
  }

  /** {@code string<lenenc>} as raw bytes: a length-encoded length, then that many bytes. */
  public static byte[] readLengthEncodedBytes(ByteBuf payload) {
    int start = payload.readerIndex();
    long length = readLengthEncodedInteger(payload);
    if (length < 0 || length > payload.readableBytes()) {
      int left = payload.readableBytes();
      payload.readerIndex(start);
      throw new MalformedPacketException(
          "truncated string<lenenc>: announces "
              + Long.toUnsignedString(length)
              + " bytes, "
              + left
              + " left after its length");
    }
    return readBytes(payload, (int) length);
  }

  /** {@code string<lenenc>} decoded with {@code charset}. */
  public static String readLengthEncodedString(ByteBuf payload, Charset charset) {
    return new String(readLengthEncodedBytes(payload), charset);
  }

  /** {@code string<NUL>} as raw bytes, without the terminating NUL, which is consumed. */
  public static byte[] readNulTerminatedBytes(ByteBuf payload) {
    int end = payload.indexOf(payload.readerIndex(), payload.writerIndex(), (byte) 0);
    if (end < 0) {
      throw new MalformedPacketException(
          "truncated string<NUL>: no terminating NUL in the "
              + payload.readableBytes()
              + " bytes left");
    }
    byte[] value = readBytes(payload, end - payload.readerIndex());
    payload.skipBytes(1);
    return value;
  }

  /** {@code string<NUL>} decoded with {@code charset}. */
  public static String readNulTerminatedString(ByteBuf payload, Charset charset) {
    return new String(readNulTerminatedBytes(payload), charset);
  }

  /** {@code string<fix>}: exactly {@code length} bytes. */
  public static byte[] readFixedBytes(ByteBuf payload, int length) {
    require(payload, length, "string<" + length + ">");
    return readBytes(payload, length);
  }

  /** {@code string<fix>} decoded with {@code charset}. */
  public static String readFixedString(ByteBuf payload, int length, Charset charset) {
    return new String(readFixedBytes(payload, length), charset);
  }

  /** {@code string<EOF>}: every byte left in the payload, possibly none. */
  public static byte[] readRestOfPacketBytes(ByteBuf payload) {
    return readBytes(payload, payload.readableBytes());
  }

  /** {@code string<EOF>} decoded with {@code charset}. */
  public static String readRestOfPacketString(ByteBuf payload, Charset charset) {
    return new String(readRestOfPacketBytes(payload), charset);
  }

  /** Skips {@code length} bytes the caller does not need, such as reserved filler. */
  public static void skip(ByteBuf payload, int length, String what) {
    require(payload, length, what);
    payload.skipBytes(length);
  }

  /** Throws unless at least {@code length} bytes are left for the field named {@code what}. */
  public static void require(ByteBuf payload, int length, String what) {
    if (length < 0 || payload.readableBytes() < length) {
      throw new MalformedPacketException(
          "truncated "
              + what
              + ": needs "
              + length
              + " bytes, "
              + payload.readableBytes()
              + " left");
    }
  }

  private static byte[] readBytes(ByteBuf payload, int length) {
    byte[] value = new byte[length];
    payload.readBytes(value);
    return value;
  }
}
