package io.weir.wire.capability;

/**
 * One server status flag, as carried by OK and EOF packets and the initial handshake.
 *
 * @see <a href="https://mariadb.com/kb/en/ok_packet/#server-status-flag">Server status flags</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public enum ServerStatus {
  /** A transaction is open. */
  SERVER_STATUS_IN_TRANS(0),
  /** Autocommit is on. */
  SERVER_STATUS_AUTOCOMMIT(1),
  /** Another result follows this one (multi-statements, stored procedures). */
  SERVER_MORE_RESULTS_EXISTS(3),
  /** The statement used no good index. */
  SERVER_QUERY_NO_GOOD_INDEX_USED(4),
  /** The statement used no index. */
  SERVER_QUERY_NO_INDEX_USED(5),
  /** {@code COM_STMT_EXECUTE} opened a cursor; rows come with {@code COM_STMT_FETCH}. */
  SERVER_STATUS_CURSOR_EXISTS(6),
  /** The cursor sent its last row. */
  SERVER_STATUS_LAST_ROW_SENT(7),
  /** The current database was dropped. */
  SERVER_STATUS_DB_DROPPED(8),
  /** {@code NO_BACKSLASH_ESCAPES} is in the SQL mode. */
  SERVER_STATUS_NO_BACKSLASH_ESCAPES(9),
  /** A prepared statement's metadata changed since it was prepared. */
  SERVER_STATUS_METADATA_CHANGED(10),
  /** The statement was logged as slow. */
  SERVER_QUERY_WAS_SLOW(11),
  /** The result set holds a stored procedure's OUT parameters. */
  SERVER_PS_OUT_PARAMS(12),
  /** The open transaction is read-only. */
  SERVER_STATUS_IN_TRANS_READONLY(13),
  /** The OK packet carries session state changes. */
  SERVER_SESSION_STATE_CHANGED(14);

  private final int mask;

  ServerStatus(int bit) {
    this.mask = 1 << bit;
  }

  /** The bit of this flag in the {@code int<2>} status. */
  public int mask() {
    return mask;
  }

  /** Whether {@code status}, an {@code int<2>} as sent, has this flag. */
  public boolean isSetIn(int status) {
    return (status & mask) != 0;
  }
}
