package io.weir.wire.packet;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.capability.ServerStatus;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import io.weir.wire.reply.SessionStateChanges;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A command's success: affected rows, last insert id, status, warnings, an optional human-readable
 * info text and, with {@link Capability#SESSION_TRACK}, the session state changes. The session
 * state changes are kept as their raw bytes; {@link #sessionState()} parses them.
 *
 * <p>The layout after the warnings follows MariaDB: when the packet goes on, the info is a {@code
 * string<lenenc>}, then the session state changes a {@code string<lenenc>} if {@link
 * ServerStatus#SERVER_SESSION_STATE_CHANGED} is set. (MySQL without SESSION_TRACK sends the info as
 * {@code string<EOF>} instead.)
 *
 * @param header 0x00, or 0xFE for an OK that ends a result set under {@link
 *     Capability#DEPRECATE_EOF}
 * @param affectedRows the rows the statement changed (or found, with {@link
 *     Capability#FOUND_ROWS}), unsigned
 * @param lastInsertId the first AUTO_INCREMENT value the statement generated, unsigned
 * @param statusFlags the server status, see {@link ServerStatus}
 * @param warnings the warning count
 * @param info the human-readable info, empty when none was sent
 * @param sessionStateChanges the raw session state change data, empty when none was sent
 * @see <a href="https://mariadb.com/kb/en/ok_packet/">OK packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record OkPacket(
    int header,
    long affectedRows,
    long lastInsertId,
    int statusFlags,
    int warnings,
    String info,
    byte[] sessionStateChanges)
    implements GenericResponse {

  /** Checks the header and copies the session state so the record stays immutable. */
  public OkPacket {
    if (header != OK_HEADER && header != EOF_HEADER) {
      throw new IllegalArgumentException(
          "an OK packet's header is 0x00 or 0xFE, got 0x" + Integer.toHexString(header));
    }
    sessionStateChanges = sessionStateChanges.clone();
  }

  /** A plain OK (header 0x00) without info or session state changes. */
  public static OkPacket of(long affectedRows, long lastInsertId, int statusFlags, int warnings) {
    return new OkPacket(
        OK_HEADER, affectedRows, lastInsertId, statusFlags, warnings, "", new byte[0]);
  }

  /** A copy of the raw session state change data. */
  @Override
  public byte[] sessionStateChanges() {
    return sessionStateChanges.clone();
  }

  /**
   * The session state changes, parsed.
   *
   * @throws io.weir.wire.codec.MalformedPacketException if the raw data is malformed
   */
  public SessionStateChanges sessionState() {
    return sessionStateChanges.length == 0
        ? SessionStateChanges.EMPTY
        : SessionStateChanges.parse(Unpooled.wrappedBuffer(sessionStateChanges));
  }

  /** Whether another result of the same reply follows. */
  public boolean moreResultsExist() {
    return ServerStatus.SERVER_MORE_RESULTS_EXISTS.isSetIn(statusFlags);
  }

  /**
   * Decodes an OK packet from the payload's reader index with the negotiated capabilities.
   *
   * @throws MalformedPacketException if the header is not 0x00 or 0xFE or the packet is truncated
   */
  public static OkPacket decode(ByteBuf payload, Capabilities capabilities) {
    int header = PayloadReader.readInt1(payload);
    if (header != OK_HEADER && header != EOF_HEADER) {
      throw new MalformedPacketException(
          "OK packet starts with 0x" + Integer.toHexString(header) + ", expected 0x00 or 0xfe");
    }
    long affectedRows = PayloadReader.readLengthEncodedInteger(payload);
    long lastInsertId = PayloadReader.readLengthEncodedInteger(payload);
    int statusFlags = 0;
    int warnings = 0;
    if (capabilities.has(Capability.CLIENT_PROTOCOL_41)) {
      statusFlags = PayloadReader.readInt2(payload);
      warnings = PayloadReader.readInt2(payload);
    } else if (capabilities.has(Capability.TRANSACTIONS)) {
      statusFlags = PayloadReader.readInt2(payload);
    }
    String info = "";
    byte[] sessionStateChanges = new byte[0];
    if (payload.isReadable()) {
      info = PayloadReader.readLengthEncodedString(payload, UTF_8);
      if (capabilities.has(Capability.SESSION_TRACK)
          && ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(statusFlags)
          && payload.isReadable()) {
        sessionStateChanges = PayloadReader.readLengthEncodedBytes(payload);
      }
    }
    return new OkPacket(
        header, affectedRows, lastInsertId, statusFlags, warnings, info, sessionStateChanges);
  }

  /**
   * Writes this packet in the 4.1 layout. The info is written when it or session state changes are
   * present; the session state changes only with {@link ServerStatus#SERVER_SESSION_STATE_CHANGED}
   * in the status, so send them only to a client that negotiated {@link Capability#SESSION_TRACK}.
   */
  @Override
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, header);
    PayloadWriter.writeLengthEncodedInteger(payload, affectedRows);
    PayloadWriter.writeLengthEncodedInteger(payload, lastInsertId);
    PayloadWriter.writeInt2(payload, statusFlags);
    PayloadWriter.writeInt2(payload, warnings);
    boolean withSessionState =
        ServerStatus.SERVER_SESSION_STATE_CHANGED.isSetIn(statusFlags)
            && sessionStateChanges.length > 0;
    if (!info.isEmpty() || withSessionState) {
      PayloadWriter.writeLengthEncodedString(payload, info, UTF_8);
    }
    if (withSessionState) {
      PayloadWriter.writeLengthEncodedBytes(payload, sessionStateChanges);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof OkPacket that
        && header == that.header
        && affectedRows == that.affectedRows
        && lastInsertId == that.lastInsertId
        && statusFlags == that.statusFlags
        && warnings == that.warnings
        && info.equals(that.info)
        && Arrays.equals(sessionStateChanges, that.sessionStateChanges);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        header,
        affectedRows,
        lastInsertId,
        statusFlags,
        warnings,
        info,
        Arrays.hashCode(sessionStateChanges));
  }

  @Override
  public String toString() {
    return "OkPacket[header=0x"
        + Integer.toHexString(header)
        + ", affectedRows="
        + Long.toUnsignedString(affectedRows)
        + ", lastInsertId="
        + Long.toUnsignedString(lastInsertId)
        + ", statusFlags=0x"
        + Integer.toHexString(statusFlags)
        + ", warnings="
        + warnings
        + ", info="
        + info
        + ", sessionStateChanges="
        + HexFormat.of().formatHex(sessionStateChanges)
        + "]";
  }
}
