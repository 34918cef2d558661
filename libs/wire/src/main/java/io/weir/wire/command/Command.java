package io.weir.wire.command;

import io.weir.wire.reply.ReplyShape;
import java.util.Optional;

/**
 * Every command of the command phase, by its first payload byte, with the shape of the server's
 * reply.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public enum Command {
  /** Internal to the server; never sent by clients. */
  COM_SLEEP(0x00, ReplyShape.UNSUPPORTED),
  /** Closes the connection; no reply. */
  COM_QUIT(0x01, ReplyShape.NONE),
  /** Changes the default schema. */
  COM_INIT_DB(0x02, ReplyShape.SINGLE_PACKET),
  /** A text-protocol statement. */
  COM_QUERY(0x03, ReplyShape.RESULT),
  /** A table's column definitions (deprecated). */
  COM_FIELD_LIST(0x04, ReplyShape.FIELD_LIST),
  /** Creates a schema (deprecated). */
  COM_CREATE_DB(0x05, ReplyShape.SINGLE_PACKET),
  /** Drops a schema (deprecated). */
  COM_DROP_DB(0x06, ReplyShape.SINGLE_PACKET),
  /** Flushes tables, logs, ... */
  COM_REFRESH(0x07, ReplyShape.SINGLE_PACKET),
  /** Shuts the server down; answered by EOF or ERR. */
  COM_SHUTDOWN(0x08, ReplyShape.SINGLE_PACKET),
  /** A human-readable statistics string, sent as a bare packet. */
  COM_STATISTICS(0x09, ReplyShape.SINGLE_PACKET),
  /** The process list as a result set (deprecated). */
  COM_PROCESS_INFO(0x0A, ReplyShape.RESULT),
  /** Internal to the server. */
  COM_CONNECT(0x0B, ReplyShape.UNSUPPORTED),
  /** Kills a connection. */
  COM_PROCESS_KILL(0x0C, ReplyShape.SINGLE_PACKET),
  /** Dumps debug information to the server's log; answered by EOF or ERR. */
  COM_DEBUG(0x0D, ReplyShape.SINGLE_PACKET),
  /** Checks the connection is alive. */
  COM_PING(0x0E, ReplyShape.SINGLE_PACKET),
  /** Internal to the server. */
  COM_TIME(0x0F, ReplyShape.UNSUPPORTED),
  /** Internal to the server. */
  COM_DELAYED_INSERT(0x10, ReplyShape.UNSUPPORTED),
  /** Re-authenticates as another user; the proxy handles it itself. */
  COM_CHANGE_USER(0x11, ReplyShape.UNSUPPORTED),
  /** Starts a binlog stream. */
  COM_BINLOG_DUMP(0x12, ReplyShape.UNSUPPORTED),
  /** Obsolete. */
  COM_TABLE_DUMP(0x13, ReplyShape.UNSUPPORTED),
  /** Internal to the server. */
  COM_CONNECT_OUT(0x14, ReplyShape.UNSUPPORTED),
  /** Registers a replica with its primary. */
  COM_REGISTER_SLAVE(0x15, ReplyShape.UNSUPPORTED),
  /** Prepares a statement. */
  COM_STMT_PREPARE(0x16, ReplyShape.PREPARE),
  /** Executes a prepared statement. */
  COM_STMT_EXECUTE(0x17, ReplyShape.RESULT),
  /** Sends a parameter's data in pieces; no reply. */
  COM_STMT_SEND_LONG_DATA(0x18, ReplyShape.NONE),
  /** Deallocates a prepared statement; no reply. */
  COM_STMT_CLOSE(0x19, ReplyShape.NONE),
  /** Resets a prepared statement's long data and cursor. */
  COM_STMT_RESET(0x1A, ReplyShape.SINGLE_PACKET),
  /** Turns multi-statements on or off; answered by EOF (OK under DEPRECATE_EOF) or ERR. */
  COM_SET_OPTION(0x1B, ReplyShape.SINGLE_PACKET),
  /** Fetches rows from a prepared statement's cursor. */
  COM_STMT_FETCH(0x1C, ReplyShape.FETCH),
  /** Internal to the server. */
  COM_DAEMON(0x1D, ReplyShape.UNSUPPORTED),
  /** Starts a binlog stream from a GTID position. */
  COM_BINLOG_DUMP_GTID(0x1E, ReplyShape.UNSUPPORTED),
  /** Resets the session's state without re-authenticating. */
  COM_RESET_CONNECTION(0x1F, ReplyShape.SINGLE_PACKET),
  /** MariaDB: executes a prepared statement with many parameter sets. */
  COM_STMT_BULK_EXECUTE(0xFA, ReplyShape.RESULT);

  private static final Command[] BY_CODE = new Command[256];

  static {
    for (Command command : values()) {
      BY_CODE[command.code] = command;
    }
  }

  private final int code;
  private final ReplyShape replyShape;

  Command(int code, ReplyShape replyShape) {
    this.code = code;
    this.replyShape = replyShape;
  }

  /** The command byte, the first byte of the payload. */
  public int code() {
    return code;
  }

  /** What the server's reply to this command looks like. */
  public ReplyShape replyShape() {
    return replyShape;
  }

  /** The command with this byte, or empty for a byte that names none. */
  public static Optional<Command> of(int code) {
    return code >= 0 && code < BY_CODE.length
        ? Optional.ofNullable(BY_CODE[code])
        : Optional.empty();
  }
}
