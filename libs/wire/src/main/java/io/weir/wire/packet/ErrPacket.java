package io.weir.wire.packet;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import org.jspecify.annotations.Nullable;

/**
 * A command's failure: error code, SQLSTATE and message. The 4.1 protocol puts {@code #} and the
 * five-character SQLSTATE before the message; the older form, which servers still use for some
 * errors before the handshake, has none, and then {@link #sqlState()} is null.
 *
 * <p>Error code 0xFFFF is not an error but a {@link ProgressReport}; {@link GenericResponse#decode}
 * tells them apart.
 *
 * @param errorCode the MariaDB error number, e.g. 1045 for access denied
 * @param sqlState the five-character SQLSTATE, e.g. {@code 28000}, or null in the pre-4.1 form
 * @param message the human-readable message
 * @see <a href="https://mariadb.com/kb/en/err_packet/">ERR packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record ErrPacket(int errorCode, @Nullable String sqlState, String message)
    implements GenericResponse {
  /** The byte before the SQLSTATE in the 4.1 form. */
  public static final int SQL_STATE_MARKER = '#';

  /** The length of a SQLSTATE. */
  public static final int SQL_STATE_LENGTH = 5;

  /** Checks the error code fits its {@code int<2>} and the SQLSTATE has five ASCII characters. */
  public ErrPacket {
    if (errorCode < 0 || errorCode >= ProgressReport.ERROR_CODE) {
      throw new IllegalArgumentException(
          "an error code is 0 to 65534 (65535 is a progress report), got " + errorCode);
    }
    if (sqlState != null
        && (sqlState.length() != SQL_STATE_LENGTH || !US_ASCII.newEncoder().canEncode(sqlState))) {
      throw new IllegalArgumentException(
          "a SQLSTATE has five ASCII characters, got '" + sqlState + "'");
    }
  }

  /**
   * Decodes an ERR packet from the payload's reader index.
   *
   * @throws MalformedPacketException if the header is not 0xFF, the error code is the progress
   *     report's 0xFFFF or the packet is truncated
   */
  public static ErrPacket decode(ByteBuf payload) {
    int header = PayloadReader.readInt1(payload);
    if (header != ERR_HEADER) {
      throw new MalformedPacketException(
          "ERR packet starts with 0x" + Integer.toHexString(header) + ", expected 0xff");
    }
    int errorCode = PayloadReader.readInt2(payload);
    if (errorCode == ProgressReport.ERROR_CODE) {
      throw new MalformedPacketException("error code 0xffff is a progress report, not an error");
    }
    String sqlState = null;
    if (payload.readableBytes() >= 1 + SQL_STATE_LENGTH
        && payload.getUnsignedByte(payload.readerIndex()) == SQL_STATE_MARKER) {
      payload.skipBytes(1);
      sqlState = PayloadReader.readFixedString(payload, SQL_STATE_LENGTH, US_ASCII);
      if (!isPrintableAscii(sqlState)) {
        throw new MalformedPacketException("SQLSTATE is not printable ASCII");
      }
    }
    return new ErrPacket(errorCode, sqlState, PayloadReader.readRestOfPacketString(payload, UTF_8));
  }

  @Override
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, ERR_HEADER);
    PayloadWriter.writeInt2(payload, errorCode);
    if (sqlState != null) {
      PayloadWriter.writeInt1(payload, SQL_STATE_MARKER);
      PayloadWriter.writeBytes(payload, sqlState.getBytes(US_ASCII));
    }
    PayloadWriter.writeBytes(payload, message.getBytes(UTF_8));
  }

  private static boolean isPrintableAscii(String text) {
    return text.chars().allMatch(character -> character >= 0x20 && character < 0x7F);
  }
}
