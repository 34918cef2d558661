package io.weir.wire.capability;

/**
 * One capability flag of the connection phase. Bits 0 to 31 are the classic {@code int<4>}
 * capability flags; bits 32 and up are MariaDB's extended capabilities, which travel in the
 * otherwise reserved bytes of the handshake packets when {@link #CLIENT_MYSQL} is not set.
 *
 * @see <a href="https://mariadb.com/kb/en/connection/#capabilities">Capabilities</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public enum Capability {
  /**
   * Set by MySQL servers and old clients. A MariaDB server clears it to say that the extended
   * capabilities are in the handshake; a client clears it to send its own.
   */
  CLIENT_MYSQL(0),
  /** Affected rows count rows found, not rows changed. */
  FOUND_ROWS(1),
  /** Column definitions carry all column flags. */
  LONG_FLAG(2),
  /** The handshake response may name a default database. */
  CONNECT_WITH_DB(3),
  /** Forbids {@code database.table.column}. */
  NO_SCHEMA(4),
  /** The compressed protocol. */
  COMPRESS(5),
  /** An ODBC client; no effect on the server. */
  ODBC(6),
  /** {@code LOAD DATA LOCAL INFILE} is allowed. */
  LOCAL_FILES(7),
  /** Spaces before {@code (} in function calls are ignored. */
  IGNORE_SPACE(8),
  /** The 4.1 protocol: OK and ERR packets with status, warnings and SQLSTATE. */
  CLIENT_PROTOCOL_41(9),
  /** {@code wait_timeout} uses {@code interactive_timeout}. */
  CLIENT_INTERACTIVE(10),
  /** TLS: the client sends an {@code SslRequest} and upgrades the connection. */
  SSL(11),
  /** Obsolete; no effect. */
  IGNORE_SIGPIPE(12),
  /** Status flags report transaction state. */
  TRANSACTIONS(13),
  /** Obsolete 4.1 protocol flag. */
  RESERVED(14),
  /** 4.1 authentication: a 20-byte scramble and a length-prefixed auth response. */
  SECURE_CONNECTION(15),
  /** Several statements in one {@code COM_QUERY}. */
  MULTI_STATEMENTS(16),
  /** Several result sets in one reply. */
  MULTI_RESULTS(17),
  /** Several result sets from {@code COM_STMT_EXECUTE}. */
  PS_MULTI_RESULTS(18),
  /** Authentication plugins: names in the handshake, authentication switches. */
  PLUGIN_AUTH(19),
  /** The handshake response carries connection attributes. */
  CONNECT_ATTRS(20),
  /** The auth response in the handshake response is a {@code string<lenenc>}. */
  PLUGIN_AUTH_LENENC_CLIENT_DATA(21),
  /** The client can handle an expired password (sandbox mode). */
  CAN_HANDLE_EXPIRED_PASSWORDS(22),
  /** OK packets may carry session state changes. */
  SESSION_TRACK(23),
  /** Result sets end with an OK packet (header 0xFE) instead of EOF packets. */
  DEPRECATE_EOF(24),
  /** MySQL 8: result sets may omit their metadata. */
  OPTIONAL_RESULTSET_METADATA(25),
  /** MySQL 8: zstd compression. */
  ZSTD_COMPRESSION_ALGORITHM(26),
  /** MySQL 8: query attributes. */
  QUERY_ATTRIBUTES(27),
  /** MySQL 8: multi-factor authentication. */
  MULTI_FACTOR_AUTHENTICATION(28),
  /** MySQL: more capability flags follow; also MariaDB's progress flag before 10.2. */
  CLIENT_CAPABILITY_EXTENSION(29),
  /** Client side only: verify the server's certificate. */
  SSL_VERIFY_SERVER_CERT(30),
  /** Client side only: keep options after a failed connect. */
  REMEMBER_OPTIONS(31),
  /** MariaDB: progress reports (ERR packets with error code 0xFFFF) during long statements. */
  MARIADB_CLIENT_PROGRESS(32),
  /** MariaDB: {@code COM_MULTI}; reserved and unused by current servers. */
  MARIADB_CLIENT_COM_MULTI(33),
  /** MariaDB: {@code COM_STMT_BULK_EXECUTE}. */
  MARIADB_CLIENT_STMT_BULK_OPERATIONS(34),
  /** MariaDB: column definitions carry extended type information (JSON, UUID, INET6...). */
  MARIADB_CLIENT_EXTENDED_TYPE_INFO(35),
  /** MariaDB: prepared statements may skip resending unchanged metadata. */
  MARIADB_CLIENT_CACHE_METADATA(36),
  /** MariaDB 11.5 and later: one result per row of a bulk execution. */
  MARIADB_CLIENT_BULK_UNIT_RESULTS(37);

  private final long mask;

  Capability(int bit) {
    this.mask = 1L << bit;
  }

  /** The bit of this capability in a 64-bit capability set. */
  public long mask() {
    return mask;
  }

  /** Whether this flag travels in MariaDB's extended {@code int<4>} rather than the classic one. */
  public boolean isExtended() {
    return mask >>> 32 != 0;
  }
}
