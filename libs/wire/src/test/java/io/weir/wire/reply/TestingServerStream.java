package io.weir.wire.reply;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.ServerStatus;
import io.weir.wire.codec.PayloadWriter;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.packet.EofPacket;
import io.weir.wire.packet.ErrPacket;
import io.weir.wire.packet.GenericResponse;
import io.weir.wire.packet.OkPacket;
import io.weir.wire.packet.ProgressReport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Builds the bytes a server sends, packet by packet: headers with sequence ids, payloads of 16 MiB
 * - 1 or more split into continuation packets. Segments separate what comes before and after a
 * client's LOCAL INFILE data. Counts the payload bytes and their CRC32 per reply.
 */
final class TestingServerStream {
  static final int AUTOCOMMIT = ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask();
  static final int MORE = ServerStatus.SERVER_MORE_RESULTS_EXISTS.mask();
  static final int CURSOR = ServerStatus.SERVER_STATUS_CURSOR_EXISTS.mask();
  static final int LAST_ROW = ServerStatus.SERVER_STATUS_LAST_ROW_SENT.mask();
  static final int STATE_CHANGED = ServerStatus.SERVER_SESSION_STATE_CHANGED.mask();

  private final List<byte[]> segments = new ArrayList<>();
  private ByteArrayOutputStream current = new ByteArrayOutputStream();
  private final List<Long> replyBytes = new ArrayList<>();
  private final List<Long> replyCrcs = new ArrayList<>();
  private long bytes;
  private CRC32 crc = new CRC32();
  private int sequenceId = 1;

  /** Writes one logical packet, splitting it as the protocol does. */
  TestingServerStream packet(byte[] payload) {
    int offset = 0;
    while (true) {
      int length = Math.min(PacketFrame.MAX_PACKET_PAYLOAD, payload.length - offset);
      current.write(length & 0xFF);
      current.write(length >>> 8 & 0xFF);
      current.write(length >>> 16 & 0xFF);
      current.write(sequenceId++ & 0xFF);
      current.write(payload, offset, length);
      offset += length;
      if (length < PacketFrame.MAX_PACKET_PAYLOAD) {
        break;
      }
    }
    bytes += payload.length;
    crc.update(payload);
    return this;
  }

  TestingServerStream packet(Consumer<ByteBuf> writer) {
    ByteBuf payload = Unpooled.buffer();
    try {
      writer.accept(payload);
      return packet(ByteBufUtil.getBytes(payload));
    } finally {
      payload.release();
    }
  }

  /** Marks the end of one command's reply, for {@link #replyBytes()} and {@link #replyCrcs()}. */
  TestingServerStream endReply() {
    replyBytes.add(bytes);
    replyCrcs.add(crc.getValue());
    bytes = 0;
    crc = new CRC32();
    sequenceId = 1;
    return this;
  }

  /** The client's LOCAL INFILE data goes here: the following bytes are a new segment. */
  TestingServerStream localInfileData() {
    segments.add(current.toByteArray());
    current = new ByteArrayOutputStream();
    sequenceId += 2;
    return this;
  }

  List<byte[]> segments() {
    List<byte[]> all = new ArrayList<>(segments);
    all.add(current.toByteArray());
    return all;
  }

  List<Long> replyBytes() {
    return replyBytes;
  }

  List<Long> replyCrcs() {
    return replyCrcs;
  }

  // payloads

  TestingServerStream ok(long affectedRows, long lastInsertId, int status, int warnings) {
    return packet(OkPacket.of(affectedRows, lastInsertId, status, warnings)::encode);
  }

  TestingServerStream ok(int status, byte[] sessionState) {
    return packet(
        new OkPacket(GenericResponse.OK_HEADER, 0, 0, status | STATE_CHANGED, 0, "", sessionState)
            ::encode);
  }

  /** The end of rows or column definitions: EOF, or OK with header 0xFE under DEPRECATE_EOF. */
  TestingServerStream terminator(boolean deprecateEof, int status) {
    return terminator(deprecateEof, status, 0);
  }

  TestingServerStream terminator(boolean deprecateEof, int status, int warnings) {
    if (deprecateEof) {
      return packet(
          new OkPacket(GenericResponse.EOF_HEADER, 0, 0, status, warnings, "", new byte[0])
              ::encode);
    }
    return eof(status, warnings);
  }

  TestingServerStream eof(int status, int warnings) {
    return packet(new EofPacket(warnings, status)::encode);
  }

  TestingServerStream err(int code, String sqlState, String message) {
    return packet(new ErrPacket(code, sqlState, message)::encode);
  }

  TestingServerStream progress(int stage) {
    return packet(new ProgressReport(stage, 3, 50_000, "copy to tmp table")::encode);
  }

  TestingServerStream columnCount(int columns) {
    return packet(payload -> PayloadWriter.writeLengthEncodedInteger(payload, columns));
  }

  TestingServerStream columnCount(int columns, boolean metadataFollows) {
    return packet(
        payload -> {
          PayloadWriter.writeLengthEncodedInteger(payload, columns);
          PayloadWriter.writeInt1(payload, metadataFollows ? 1 : 0);
        });
  }

  TestingServerStream columnDefinition(String name) {
    return packet(
        payload -> {
          PayloadWriter.writeLengthEncodedString(payload, "def", UTF_8);
          PayloadWriter.writeLengthEncodedString(payload, "db", UTF_8);
          PayloadWriter.writeLengthEncodedString(payload, "t", UTF_8);
          PayloadWriter.writeLengthEncodedString(payload, "t", UTF_8);
          PayloadWriter.writeLengthEncodedString(payload, name, UTF_8);
          PayloadWriter.writeLengthEncodedString(payload, name, UTF_8);
          PayloadWriter.writeLengthEncodedInteger(payload, 0x0C);
          PayloadWriter.writeInt2(payload, 45);
          PayloadWriter.writeInt4(payload, 255);
          PayloadWriter.writeInt1(payload, 0xFD);
          PayloadWriter.writeInt2(payload, 0);
          PayloadWriter.writeInt1(payload, 0);
          PayloadWriter.writeZeros(payload, 2);
        });
  }

  /** A text row; a null value is the NULL marker 0xFB. */
  TestingServerStream textRow(@Nullable String... values) {
    return packet(
        payload -> {
          for (String value : values) {
            if (value == null) {
              PayloadWriter.writeNullMarker(payload);
            } else {
              PayloadWriter.writeLengthEncodedString(payload, value, UTF_8);
            }
          }
        });
  }

  /** A binary row of one INT column: 0x00, the NULL bitmap, the value. */
  TestingServerStream binaryRow(int value) {
    return packet(
        payload -> {
          PayloadWriter.writeInt1(payload, 0);
          PayloadWriter.writeInt1(payload, 0);
          PayloadWriter.writeInt4(payload, value);
        });
  }

  /** Column count, definitions and the EOF after them unless DEPRECATE_EOF. */
  TestingServerStream columns(boolean deprecateEof, int count) {
    columnCount(count);
    for (int i = 0; i < count; i++) {
      columnDefinition("c" + i);
    }
    if (!deprecateEof) {
      eof(AUTOCOMMIT, 0);
    }
    return this;
  }

  /** A whole text result set of {@code rows} rows of two columns. */
  TestingServerStream resultSet(boolean deprecateEof, int rows, int status) {
    columns(deprecateEof, 2);
    for (int i = 0; i < rows; i++) {
      textRow(Integer.toString(i), "row " + i);
    }
    return terminator(deprecateEof, status);
  }

  TestingServerStream prepareOk(long statementId, int columns, int parameters, int warnings) {
    return packet(
        payload -> {
          PayloadWriter.writeInt1(payload, 0);
          PayloadWriter.writeInt4(payload, statementId);
          PayloadWriter.writeInt2(payload, columns);
          PayloadWriter.writeInt2(payload, parameters);
          PayloadWriter.writeInt1(payload, 0);
          PayloadWriter.writeInt2(payload, warnings);
        });
  }

  TestingServerStream localInfileRequest(String fileName) {
    return packet(
        payload -> {
          PayloadWriter.writeInt1(payload, 0xFB);
          PayloadWriter.writeBytes(payload, fileName.getBytes(UTF_8));
        });
  }
}
