package io.weir.wire.reply;

/**
 * What a command's reply looks like, which decides how {@link ReplyTracker} finds its end.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public enum ReplyShape {
  /** The server sends nothing back ({@code COM_QUIT}, {@code COM_STMT_CLOSE}, ...). */
  NONE,
  /**
   * One packet: OK, ERR, EOF ({@code COM_SET_OPTION}, {@code COM_DEBUG}, {@code COM_SHUTDOWN}) or,
   * for {@code COM_STATISTICS}, a bare string. Progress reports may come before it.
   */
  SINGLE_PACKET,
  /**
   * OK, ERR, a LOCAL INFILE request or a result set; an OK or a result set whose status has {@code
   * SERVER_MORE_RESULTS_EXISTS} is followed by another result.
   */
  RESULT,
  /** The {@code COM_STMT_PREPARE} response (and its parameter and column definitions) or ERR. */
  PREPARE,
  /** {@code COM_STMT_FETCH}: binary rows then a terminator, or ERR. */
  FETCH,
  /** {@code COM_FIELD_LIST}: column definitions then a terminator, or ERR. */
  FIELD_LIST,
  /**
   * Replication and obsolete commands, and {@code COM_CHANGE_USER} (an authentication exchange the
   * proxy drives itself): {@link ReplyTracker} cannot follow their replies.
   */
  UNSUPPORTED
}
