package io.weir.wire.reply;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.capability.ServerStatus;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.command.Command;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.packet.EofPacket;
import io.weir.wire.packet.ErrPacket;
import io.weir.wire.packet.GenericResponse;
import io.weir.wire.packet.OkPacket;
import io.weir.wire.packet.ProgressReport;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Follows the bytes a server sends after the connection phase and tells, without decoding or
 * holding them, where each command's reply ends. The proxy forwards the server's buffers to the
 * client untouched and shows each one to {@link #scan(ByteBuf)} first; the tracker reads them at
 * absolute indexes and never changes their indexes or reference counts.
 *
 * <p>Commands are matched to replies first in, first out, so several may be outstanding
 * (pipelining). Bytes may arrive split anywhere. The tracker is an explicit state machine over
 * packet headers: of the packets' contents it copies only what decides the reply's course (OK, ERR,
 * EOF and terminators, the column count, the prepare response, the LOCAL INFILE request), at most
 * {@value #SCRATCH_LIMIT} bytes of each; rows, column and parameter definitions are only counted
 * and skipped, so a result of any size passes in constant memory. A packet of 16 MiB - 1 bytes
 * continues in the next one; the tracker treats them as one logical packet.
 *
 * <p>Rules it applies: in a row stream a packet starting with 0xFE and shorter than 16 MiB - 1 is
 * the terminator (EOF, or OK under {@link Capability#DEPRECATE_EOF}), one starting with 0xFF an ERR
 * that ends the reply, except for error code 0xFFFF, a progress report. A terminator or OK whose
 * status has {@link ServerStatus#SERVER_MORE_RESULTS_EXISTS} is followed by another result of the
 * same reply. A result set of a cursor ends at the terminator after its column definitions, whose
 * status has {@link ServerStatus#SERVER_STATUS_CURSOR_EXISTS}.
 *
 * <p>Not thread-safe: use it from the connection's event loop. When {@link #scan(ByteBuf)} throws
 * {@link MalformedPacketException} the tracker no longer knows where replies end and is unusable:
 * every later call to {@link #scan(ByteBuf)}, {@link #expect(Command)} or {@link
 * #localInfileDataEnded()} throws {@link IllegalStateException}; the connection must be closed. The
 * same holds when the listener throws: its exception propagates as it is, and the rest of that
 * buffer is not scanned.
 *
 * @see <a href="https://mariadb.com/kb/en/result-set-packets/">Result set packets</a>
 * @see <a href="https://mariadb.com/kb/en/com_stmt_prepare/">COM_STMT_PREPARE</a>
 * @see <a href="https://mariadb.com/kb/en/local_infile-packet/">LOCAL INFILE packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public final class ReplyTracker {
  /** The most bytes of one packet the tracker copies; the rest of a longer packet is skipped. */
  public static final int SCRATCH_LIMIT = 64 * 1024;

  private static final int LOCAL_INFILE_HEADER = 0xFB;
  private static final int NO_BYTE = -1;

  /** Where in a reply the tracker is. */
  private enum State {
    /** No reply has begun: the next packet begins the reply to the oldest expected command. */
    IDLE,
    /** The first packet of a result: OK, ERR, LOCAL INFILE request or column count. */
    RESULT_FIRST,
    /** Column definitions of a result set; {@link #remaining} left. */
    COLUMN_DEFINITIONS,
    /** The EOF after the column definitions (without DEPRECATE_EOF). */
    COLUMN_DEFINITIONS_EOF,
    /** Rows until a terminator or ERR. */
    ROWS,
    /** The server sent a LOCAL INFILE request; the client's data flows, the server is silent. */
    LOCAL_INFILE_DATA,
    /** After the client's file data: OK or ERR. */
    LOCAL_INFILE_RESULT,
    /** One packet: OK, ERR, EOF, or a bare string for COM_STATISTICS. */
    SINGLE_PACKET,
    /** The first packet of a prepare response: prepare OK or ERR. */
    PREPARE_FIRST,
    /** Parameter definitions of a prepare response; {@link #remaining} left. */
    PREPARE_PARAMETERS,
    /** The EOF after the parameter definitions. */
    PREPARE_PARAMETERS_EOF,
    /** Column definitions of a prepare response; {@link #remaining} left. */
    PREPARE_COLUMNS,
    /** The EOF after the column definitions of a prepare response. */
    PREPARE_COLUMNS_EOF,
    /** COM_STMT_FETCH: binary rows until a terminator or ERR. */
    FETCH_ROWS,
    /** COM_FIELD_LIST: column definitions until a terminator or ERR. */
    FIELD_LIST,
    /** A scan threw; nothing is known any more. */
    FAILED
  }

  private final Capabilities negotiated;
  private final boolean deprecateEof;
  private final boolean cacheMetadata;
  private final ReplyListener listener;
  private final ArrayDeque<Command> expected = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();

  private boolean checksumResults;
  private boolean notifying;
  private State state = State.IDLE;

  // framing
  private final byte[] header = new byte[PacketFrame.HEADER_LENGTH];
  private int headerFilled;
  private int packetRemaining;
  private boolean inPayload;
  private boolean continuing;

  // the logical packet being read
  private int firstByte;
  private boolean firstPhysicalFull;
  private long logicalLength;
  private boolean capturing;
  private byte[] scratch = new byte[256];
  // the scratch as a buffer for the packet decoders, wrapped again only when the scratch is
  // replaced: a new wrapper (and slice) per decoded packet was most of what the tracker allocated
  private ByteBuf scratchBuffer = Unpooled.wrappedBuffer(scratch);
  private int captured;

  // the reply being read
  private @Nullable Command command;
  private long remaining;
  private long parametersThenColumns;
  private boolean replyChecksum;
  private long bytes;
  private long rows;
  private int resultSets;
  private long affectedRows;
  private long lastInsertId;
  private int warnings;
  private int serverStatus;
  private SessionStateChanges sessionState = SessionStateChanges.EMPTY;
  private @Nullable PreparedStatementInfo prepared;
  private @Nullable String localInfileFile;

  /**
   * @param negotiated the capabilities client and server agreed on; {@link
   *     Capability#DEPRECATE_EOF}, {@link Capability#SESSION_TRACK} and {@link
   *     Capability#MARIADB_CLIENT_CACHE_METADATA} change the replies' layout
   * @param listener told about each complete reply and each LOCAL INFILE request
   */
  public ReplyTracker(Capabilities negotiated, ReplyListener listener) {
    this.negotiated = negotiated;
    this.deprecateEof = negotiated.has(Capability.DEPRECATE_EOF);
    this.cacheMetadata = negotiated.has(Capability.MARIADB_CLIENT_CACHE_METADATA);
    this.listener = listener;
  }

  /**
   * Whether replies that begin from now on carry the CRC32 of their payload bytes (headers
   * excluded) in {@link Reply#checksum()}. Off by default: it costs a pass over every byte.
   */
  public void checksumResults(boolean on) {
    this.checksumResults = on;
  }

  /**
   * A command was sent to the server; its reply comes after those of the commands expected before.
   * Commands without a reply ({@link ReplyShape#NONE}) are ignored.
   *
   * @throws IllegalArgumentException for a command whose reply the tracker cannot follow ({@link
   *     ReplyShape#UNSUPPORTED})
   * @throws IllegalStateException if the tracker failed before
   */
  public void expect(Command command) {
    requireUsable();
    switch (command.replyShape()) {
      case NONE -> {}
      case UNSUPPORTED ->
          throw new IllegalArgumentException(
              command + "'s reply cannot be tracked; the proxy must handle it itself");
      case SINGLE_PACKET, RESULT, PREPARE, FETCH, FIELD_LIST -> expected.addLast(command);
    }
  }

  /** Whether some expected command has not been fully answered. */
  public boolean awaitingReply() {
    return !expected.isEmpty();
  }

  /**
   * Whether the server sent a LOCAL INFILE request and the client's file data now flows to the
   * server, until the client's empty packet ({@link #localInfileDataEnded()}).
   */
  public boolean awaitingLocalInfileData() {
    return state == State.LOCAL_INFILE_DATA;
  }

  /**
   * The client sent the empty packet that ends its LOCAL INFILE data; the server's OK or ERR for
   * the statement comes next.
   *
   * @throws IllegalStateException unless {@link #awaitingLocalInfileData()}
   */
  public void localInfileDataEnded() {
    requireUsable();
    if (state != State.LOCAL_INFILE_DATA) {
      throw new IllegalStateException("no LOCAL INFILE request is waiting for data, in " + state);
    }
    state = State.LOCAL_INFILE_RESULT;
  }

  /** The number of expected commands not yet answered, the one being answered included. */
  public int outstanding() {
    return expected.size();
  }

  /**
   * Looks at bytes the server sent, from the buffer's reader index to its writer index, and reports
   * each reply they complete to the listener. The buffer's indexes and reference count are left as
   * they are.
   *
   * @throws MalformedPacketException if the bytes cannot be a reply to the expected commands, such
   *     as bytes while no command is expected; the tracker is unusable afterwards
   * @throws IllegalStateException if the tracker failed before
   */
  public void scan(ByteBuf fromServer) {
    requireUsable();
    try {
      int index = fromServer.readerIndex();
      int end = fromServer.writerIndex();
      while (index < end) {
        if (!inPayload) {
          header[headerFilled++] = fromServer.getByte(index++);
          if (headerFilled == PacketFrame.HEADER_LENGTH) {
            headerFilled = 0;
            startPhysicalPacket();
          }
        } else {
          int length = Math.min(packetRemaining, end - index);
          payload(fromServer, index, length);
          index += length;
          packetRemaining -= length;
          if (packetRemaining == 0) {
            endPhysicalPacket();
          }
        }
      }
    } catch (RuntimeException e) {
      state = State.FAILED;
      if (!notifying
          && (e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException)) {
        // a record refusing a decoded value: the bytes were bad, not the caller
        MalformedPacketException malformed =
            new MalformedPacketException(String.valueOf(e.getMessage()));
        malformed.initCause(e);
        throw malformed;
      }
      throw e;
    } finally {
      notifying = false;
    }
  }

  private void requireUsable() {
    if (state == State.FAILED) {
      throw new IllegalStateException("the reply tracker failed on malformed input before");
    }
  }

  private void startPhysicalPacket() {
    int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
    if (!continuing) {
      if (state == State.IDLE) {
        beginReply();
      } else if (state == State.LOCAL_INFILE_DATA) {
        throw new MalformedPacketException(
            "the server sent a packet while the client's LOCAL INFILE data was expected");
      }
      firstByte = NO_BYTE;
      firstPhysicalFull = length == PacketFrame.MAX_PACKET_PAYLOAD;
      logicalLength = 0;
      captured = 0;
      capturing = false;
    }
    packetRemaining = length;
    if (length == 0) {
      endPhysicalPacket();
    } else {
      inPayload = true;
    }
  }

  private void payload(ByteBuf buffer, int index, int length) {
    if (firstByte == NO_BYTE) {
      firstByte = buffer.getUnsignedByte(index);
      capturing = needsContent();
    }
    if (capturing && captured < SCRATCH_LIMIT) {
      int copy = Math.min(length, SCRATCH_LIMIT - captured);
      if (captured + copy > scratch.length) {
        scratch =
            Arrays.copyOf(
                scratch, Math.min(SCRATCH_LIMIT, Math.max(captured + copy, 2 * scratch.length)));
      }
      buffer.getBytes(index, scratch, captured, copy);
      captured += copy;
    }
    if (replyChecksum) {
      if (buffer.nioBufferCount() == 1) {
        crc.update(buffer.nioBuffer(index, length));
      } else {
        for (ByteBuffer part : buffer.nioBuffers(index, length)) {
          crc.update(part);
        }
      }
    }
    logicalLength += length;
    bytes += length;
  }

  private void endPhysicalPacket() {
    inPayload = false;
    int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
    if (length == PacketFrame.MAX_PACKET_PAYLOAD) {
      continuing = true;
      return;
    }
    continuing = false;
    packet();
  }

  /** Whether the tracker must see the content of the packet that starts with {@link #firstByte}. */
  private boolean needsContent() {
    return switch (state) {
      case COLUMN_DEFINITIONS, PREPARE_PARAMETERS, PREPARE_COLUMNS -> false;
      case ROWS, FETCH_ROWS, FIELD_LIST -> isEndOfRows();
      case SINGLE_PACKET ->
          command != Command.COM_STATISTICS || firstByte == GenericResponse.ERR_HEADER;
      default -> true;
    };
  }

  private boolean isEndOfRows() {
    return (firstByte == GenericResponse.EOF_HEADER || firstByte == GenericResponse.ERR_HEADER)
        && !firstPhysicalFull;
  }

  private void beginReply() {
    Command next = expected.peekFirst();
    if (next == null) {
      throw new MalformedPacketException("the server sent a packet while no reply was expected");
    }
    command = next;
    state =
        switch (next.replyShape()) {
          case SINGLE_PACKET -> State.SINGLE_PACKET;
          case RESULT -> State.RESULT_FIRST;
          case PREPARE -> State.PREPARE_FIRST;
          case FETCH -> State.FETCH_ROWS;
          case FIELD_LIST -> State.FIELD_LIST;
          case NONE, UNSUPPORTED ->
              throw new IllegalStateException(next + " should never have been expected");
        };
    remaining = 0;
    parametersThenColumns = 0;
    replyChecksum = checksumResults;
    crc.reset();
    bytes = 0;
    rows = 0;
    resultSets = 0;
    affectedRows = 0;
    lastInsertId = 0;
    warnings = 0;
    serverStatus = 0;
    sessionState = SessionStateChanges.EMPTY;
    prepared = null;
    localInfileFile = null;
  }

  /** A whole logical packet has gone by. */
  private void packet() {
    switch (state) {
      case RESULT_FIRST -> resultFirst();
      case COLUMN_DEFINITIONS -> {
        if (--remaining == 0) {
          state = deprecateEof ? State.ROWS : State.COLUMN_DEFINITIONS_EOF;
        }
      }
      case COLUMN_DEFINITIONS_EOF -> {
        int status = eof("after column definitions");
        if (ServerStatus.SERVER_STATUS_CURSOR_EXISTS.isSetIn(status)) {
          endOfResultSet(status);
        } else {
          state = State.ROWS;
        }
      }
      case ROWS -> {
        if (isEndOfRows()) {
          if (firstByte == GenericResponse.ERR_HEADER) {
            error();
          } else {
            endOfResultSet(terminator());
          }
        } else if (firstByte == NO_BYTE) {
          throw new MalformedPacketException("an empty packet where a row was expected");
        } else {
          rows++;
        }
      }
      case LOCAL_INFILE_RESULT -> {
        switch (firstByte) {
          case GenericResponse.OK_HEADER -> ok();
          case GenericResponse.ERR_HEADER -> error();
          default -> throw unexpected("the result of LOCAL INFILE data");
        }
      }
      case SINGLE_PACKET -> singlePacket();
      case PREPARE_FIRST -> prepareFirst();
      case PREPARE_PARAMETERS -> {
        if (--remaining == 0) {
          state = deprecateEof ? afterParameters() : State.PREPARE_PARAMETERS_EOF;
        }
      }
      case PREPARE_PARAMETERS_EOF -> {
        eof("after parameter definitions");
        state = afterParameters();
      }
      case PREPARE_COLUMNS -> {
        if (--remaining == 0) {
          if (deprecateEof) {
            endReply(true, null);
          } else {
            state = State.PREPARE_COLUMNS_EOF;
          }
        }
      }
      case PREPARE_COLUMNS_EOF -> {
        eof("after column definitions");
        endReply(true, null);
      }
      case FETCH_ROWS, FIELD_LIST -> {
        if (isEndOfRows()) {
          if (firstByte == GenericResponse.ERR_HEADER) {
            error();
          } else {
            terminator();
            endReply(true, null);
          }
        } else if (firstByte == NO_BYTE) {
          throw new MalformedPacketException("an empty packet where a row or column was expected");
        } else if (state == State.FETCH_ROWS) {
          rows++;
        }
      }
      case IDLE, LOCAL_INFILE_DATA, FAILED ->
          throw new IllegalStateException("a packet ended in state " + state);
    }
  }

  private void resultFirst() {
    switch (firstByte) {
      case GenericResponse.OK_HEADER -> ok();
      case GenericResponse.ERR_HEADER -> error();
      case LOCAL_INFILE_HEADER -> {
        ByteBuf content = content();
        content.skipBytes(1);
        String fileName = PayloadReader.readRestOfPacketString(content, UTF_8);
        localInfileFile = fileName;
        state = State.LOCAL_INFILE_DATA;
        notifying = true;
        listener.onLocalInfileRequest(fileName);
        notifying = false;
      }
      case NO_BYTE, GenericResponse.EOF_HEADER -> throw unexpected("the first packet of a result");
      default -> {
        ByteBuf content = content();
        long columns = PayloadReader.readLengthEncodedInteger(content);
        if (columns <= 0) {
          throw new MalformedPacketException("a column count of " + columns);
        }
        boolean metadataFollows = !cacheMetadata || PayloadReader.readInt1(content) != 0;
        if (metadataFollows) {
          remaining = columns;
          state = State.COLUMN_DEFINITIONS;
        } else {
          state = deprecateEof ? State.ROWS : State.COLUMN_DEFINITIONS_EOF;
        }
      }
    }
  }

  private void singlePacket() {
    if (command == Command.COM_STATISTICS && firstByte != GenericResponse.ERR_HEADER) {
      endReply(true, null);
      return;
    }
    switch (firstByte) {
      case GenericResponse.OK_HEADER -> ok();
      case GenericResponse.ERR_HEADER -> error();
      case GenericResponse.EOF_HEADER -> {
        terminator();
        endReply(true, null);
      }
      default -> throw unexpected("an OK, ERR or EOF packet");
    }
  }

  private void prepareFirst() {
    switch (firstByte) {
      case GenericResponse.OK_HEADER -> {
        ByteBuf content = content();
        content.skipBytes(1);
        long statementId = PayloadReader.readInt4(content);
        int columns = PayloadReader.readInt2(content);
        int parameters = PayloadReader.readInt2(content);
        if (content.isReadable()) {
          content.skipBytes(1);
          if (content.readableBytes() >= 2) {
            warnings = PayloadReader.readInt2(content);
          }
        }
        prepared = new PreparedStatementInfo(statementId, columns, parameters);
        parametersThenColumns = columns;
        if (parameters > 0) {
          remaining = parameters;
          state = State.PREPARE_PARAMETERS;
        } else {
          state = afterParameters();
          if (state == State.IDLE) {
            return;
          }
        }
      }
      case GenericResponse.ERR_HEADER -> error();
      default -> throw unexpected("a prepare response");
    }
  }

  /** After the parameter definitions: the column definitions, or the end of the reply. */
  private State afterParameters() {
    if (parametersThenColumns > 0) {
      remaining = parametersThenColumns;
      return State.PREPARE_COLUMNS;
    }
    endReply(true, null);
    return State.IDLE;
  }

  /** An OK packet where a result may be: ends the reply unless more results follow. */
  private void ok() {
    OkPacket ok = okPacket();
    affectedRows = ok.affectedRows();
    lastInsertId = ok.lastInsertId();
    if (ok.moreResultsExist()) {
      state = State.RESULT_FIRST;
    } else {
      endReply(true, null);
    }
  }

  /** An ERR packet, or a progress report, which leaves the state as it is. */
  private void error() {
    ByteBuf content = content();
    if (content.readableBytes() >= 3
        && content.getUnsignedShortLE(content.readerIndex() + 1) == ProgressReport.ERROR_CODE) {
      return;
    }
    endReply(false, ErrPacket.decode(content));
  }

  /** The end of a result set's rows, or of a cursor's column definitions. */
  private void endOfResultSet(int status) {
    resultSets++;
    if (ServerStatus.SERVER_MORE_RESULTS_EXISTS.isSetIn(status)) {
      state = State.RESULT_FIRST;
    } else {
      endReply(true, null);
    }
  }

  /** A terminator: EOF, or OK with header 0xFE under DEPRECATE_EOF. Returns its status. */
  private int terminator() {
    if (deprecateEof) {
      return okPacket().statusFlags();
    }
    return eof("at the end of rows");
  }

  private int eof(String where) {
    if (firstByte != GenericResponse.EOF_HEADER || firstPhysicalFull) {
      throw unexpected("an EOF packet " + where);
    }
    EofPacket eof = EofPacket.decode(content(), negotiated);
    if (prepared == null) {
      // a prepare response's warnings are the prepare OK's; its EOFs repeat 0
      warnings = eof.warnings();
    }
    serverStatus = eof.statusFlags();
    return eof.statusFlags();
  }

  private OkPacket okPacket() {
    ByteBuf content = content();
    if (captured < logicalLength) {
      // longer than the scratch: the fields that matter come first; the session state is lost
      int header = PayloadReader.readInt1(content);
      long affected = PayloadReader.readLengthEncodedInteger(content);
      long insertId = PayloadReader.readLengthEncodedInteger(content);
      int status = PayloadReader.readInt2(content);
      int okWarnings = PayloadReader.readInt2(content);
      OkPacket ok = new OkPacket(header, affected, insertId, status, okWarnings, "", new byte[0]);
      warnings = ok.warnings();
      serverStatus = ok.statusFlags();
      return ok;
    }
    OkPacket ok = OkPacket.decode(content, negotiated);
    warnings = ok.warnings();
    serverStatus = ok.statusFlags();
    sessionState = sessionState.merge(ok.sessionState());
    return ok;
  }

  /** The captured bytes of the current packet; valid until the next call. */
  private ByteBuf content() {
    if (scratchBuffer.array() != scratch) {
      scratchBuffer = Unpooled.wrappedBuffer(scratch);
    }
    return scratchBuffer.setIndex(0, captured);
  }

  private MalformedPacketException unexpected(String expected) {
    return new MalformedPacketException(
        "a packet starting with "
            + (firstByte == NO_BYTE ? "nothing (empty)" : "0x" + Integer.toHexString(firstByte))
            + " of "
            + logicalLength
            + " bytes where "
            + expected
            + " was expected, in the reply to "
            + command);
  }

  private void endReply(boolean ok, @Nullable ErrPacket error) {
    Command answered = expected.removeFirst();
    Reply reply =
        new Reply(
            answered,
            ok,
            error,
            affectedRows,
            lastInsertId,
            warnings,
            serverStatus,
            rows,
            resultSets,
            bytes,
            replyChecksum ? OptionalLong.of(crc.getValue()) : OptionalLong.empty(),
            sessionState,
            prepared,
            localInfileFile);
    state = State.IDLE;
    command = null;
    if (scratch.length > 4096) {
      scratch = new byte[256];
    }
    notifying = true;
    listener.onReply(reply);
    notifying = false;
  }
}
