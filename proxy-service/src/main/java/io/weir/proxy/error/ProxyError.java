package io.weir.proxy.error;

import java.util.Locale;

/**
 * Every error the proxy itself sends a client, with the errno, SQLSTATE and message wording MariaDB
 * uses for the same condition, so that drivers and applications react as they would to the server.
 * The error reference in {@code docs/proxy-errors.md} is generated from this catalogue ({@code
 * ProxyErrorCatalogueTest}).
 *
 * <p>Messages are {@link String#format} patterns; {@link #message(Object...)} fills them.
 */
public enum ProxyError {
  /** The client's credentials do not match a user loaded from the servers. */
  ACCESS_DENIED(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
  /** The user may not use the database named at connect time or in {@code COM_INIT_DB}. */
  DATABASE_ACCESS_DENIED(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'"),
  /** The database named at connect time or in {@code COM_INIT_DB} does not exist. */
  UNKNOWN_DATABASE(1049, "42000", "Unknown database '%s'"),
  /** The listener's connection limit is reached. */
  TOO_MANY_CONNECTIONS(1040, "08004", "Too many connections"),
  /** A client packet exceeds {@code max_allowed_packet}; the connection is closed after it. */
  PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
  /** A command byte the proxy does not know. */
  UNKNOWN_COMMAND(1047, "08S01", "Unknown command"),
  /** The handshake response could not be read: garbage, truncation or an unsupported form. */
  BAD_HANDSHAKE(1043, "08S01", "Bad handshake"),
  /** {@code KILL} or {@code COM_PROCESS_KILL} names no session of this proxy. */
  UNKNOWN_THREAD(1094, "HY000", "Unknown thread id: %s"),
  /** The account is locked ({@code ACCOUNT LOCK}). */
  ACCOUNT_LOCKED(4151, "HY000", "Access denied, this account is locked"),
  /** The account authenticates with a plugin the proxy cannot verify. */
  UNSUPPORTED_AUTH_PLUGIN(
      1251,
      "08004",
      "Account '%s'@'%s' uses authentication plugin '%s', which Weir does not support; use"
          + " mysql_native_password"),
  /** The listener requires TLS and the client did not start it. */
  TLS_REQUIRED(1045, "28000", "Access denied for user '%s'@'%s': this listener requires TLS"),
  /** No server matching the service's routing rules can take the session. */
  NO_SERVER_AVAILABLE(2003, "HY000", "Service '%s' has no server available for a new session (%s)"),
  /** The server the router chose could not be reached or refused the proxy without an error. */
  BACKEND_UNREACHABLE(2003, "HY000", "Cannot connect to server '%s': %s"),
  /** The backend connection broke while the client's command was in flight. */
  BACKEND_LOST(2013, "HY000", "Lost connection to server '%s' during query: %s"),
  /** The command exists but the proxy does not relay it (replication protocol and the like). */
  COMMAND_NOT_SUPPORTED(1235, "42000", "Weir does not support %s through a proxy listener"),
  /**
   * readwritesplit with {@code master_failure_mode=error_on_write} has no master: a write is
   * refused as a read-only server would refuse it, and the session stays open for reads.
   */
  READ_ONLY_MODE(
      1290,
      "HY000",
      "The MariaDB server is running with the --read-only option so it cannot execute this"
          + " statement"),
  /**
   * A readwritesplit session lost its master (with {@code master_failure_mode=fail_instantly}, or
   * at a write with {@code fail_on_write}), or the server of its open transaction: it is closed.
   */
  SESSION_CLOSED(1927, "70100", "Connection was killed: %s"),
  /** A prepared statement id the session does not have (readwritesplit answers it itself). */
  UNKNOWN_STATEMENT(1243, "HY000", "Unknown prepared statement handler (%s) given to %s"),
  /** The users could not be loaded from any server of the service. */
  USERS_UNAVAILABLE(
      1045, "28000", "Access denied for user '%s'@'%s': Weir could not load users: %s");

  private final int errno;
  private final String sqlState;
  private final String pattern;

  ProxyError(int errno, String sqlState, String pattern) {
    this.errno = errno;
    this.sqlState = sqlState;
    this.pattern = pattern;
  }

  /** The MariaDB error number clients see. */
  public int errno() {
    return errno;
  }

  /** The five-character SQLSTATE clients see. */
  public String sqlState() {
    return sqlState;
  }

  /** The message pattern, with {@code %s} where the details go. */
  public String pattern() {
    return pattern;
  }

  /** The message with its details filled in. */
  public String message(Object... details) {
    return String.format(Locale.ROOT, pattern, details);
  }
}
