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
  BAD_HANDSHAKE(1043, "08S01", "Bad handshake");

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
