package io.weir.cdc.binlog;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How {@link BinlogChangeSource} reaches the primary and what it sends. Names follow MaxScale's
 * kafkacdc parameters where there is one ({@code server_id}, {@code match}, {@code exclude}, {@code
 * send_schema}, {@code timeout}).
 *
 * @param host the primary's host
 * @param port the primary's port
 * @param user an account with {@code REPLICATION SLAVE} (and {@code SELECT} on {@code
 *     information_schema}, which every account has)
 * @param password its password
 * @param serverId {@code server_id}: the replica server id to register with; must differ from every
 *     real server's (MaxScale's default 1234)
 * @param match {@code match}: only tables whose {@code db.table} this finds (unanchored) are sent;
 *     null for all
 * @param exclude {@code exclude}: tables whose {@code db.table} this finds are not sent; null for
 *     none
 * @param sendSchema {@code send_schema}: send a schema record before the first row of each table
 *     version
 * @param timeout {@code timeout}: the connect and read timeout of the replication connection (reads
 *     are kept alive by heartbeats at a third of it)
 * @param connectAttempts how many times in a row connecting may fail before the failure listener
 *     hears of it (at least 1)
 * @param retryDelay the pause between two connection attempts
 * @param pieceBytes a transaction is handed on in pieces of about this many bytes of documents (a
 *     piece is handed on once it reaches them), so memory is bounded by this rather than by the
 *     transaction's size
 */
public record BinlogSettings(
    String host,
    int port,
    String user,
    String password,
    long serverId,
    @Nullable Pattern match,
    @Nullable Pattern exclude,
    boolean sendSchema,
    Duration timeout,
    int connectAttempts,
    Duration retryDelay,
    long pieceBytes) {

  /** MaxScale kafkacdc's default {@code server_id}. */
  public static final long DEFAULT_SERVER_ID = 1234;

  /** MaxScale kafkacdc's default {@code timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The default {@code pieceBytes}: 4 MiB. */
  public static final long DEFAULT_PIECE_BYTES = 4L * 1024 * 1024;

  public BinlogSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (port <= 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
    }
    if (serverId <= 0 || serverId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "server_id must be between 1 and 4294967295, not " + serverId);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }
    if (connectAttempts < 1) {
      throw new IllegalArgumentException(
          "connectAttempts must be 1 or more, not " + connectAttempts);
    }
    if (retryDelay.isNegative()) {
      throw new IllegalArgumentException("retryDelay must not be negative, not " + retryDelay);
    }
    if (pieceBytes < 1) {
      throw new IllegalArgumentException("pieceBytes must be positive, not " + pieceBytes);
    }
  }

  /**
   * Settings with MaxScale's defaults: server_id 1234, all tables, schema records on, 10 s timeout,
   * 5 connection attempts one second apart, pieces of 4 MiB.
   */
  public static BinlogSettings of(String host, int port, String user, String password) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        DEFAULT_SERVER_ID,
        null,
        null,
        true,
        DEFAULT_TIMEOUT,
        5,
        Duration.ofSeconds(1),
        DEFAULT_PIECE_BYTES);
  }

  public BinlogSettings withServerId(long serverId) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        serverId,
        match,
        exclude,
        sendSchema,
        timeout,
        connectAttempts,
        retryDelay,
        pieceBytes);
  }

  /** {@code match}; a blank pattern means all tables. */
  public BinlogSettings withMatch(@Nullable String regex) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        serverId,
        compile(regex),
        exclude,
        sendSchema,
        timeout,
        connectAttempts,
        retryDelay,
        pieceBytes);
  }

  /** {@code exclude}; a blank pattern means none. */
  public BinlogSettings withExclude(@Nullable String regex) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        serverId,
        match,
        compile(regex),
        sendSchema,
        timeout,
        connectAttempts,
        retryDelay,
        pieceBytes);
  }

  public BinlogSettings withSendSchema(boolean sendSchema) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        serverId,
        match,
        exclude,
        sendSchema,
        timeout,
        connectAttempts,
        retryDelay,
        pieceBytes);
  }

  public BinlogSettings withTimeout(Duration timeout) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        serverId,
        match,
        exclude,
        sendSchema,
        timeout,
        connectAttempts,
        retryDelay,
        pieceBytes);
  }

  public BinlogSettings withRetries(int connectAttempts, Duration retryDelay) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        serverId,
        match,
        exclude,
        sendSchema,
        timeout,
        connectAttempts,
        retryDelay,
        pieceBytes);
  }

  /** Transactions handed on in pieces of about {@code pieceBytes} bytes of documents. */
  public BinlogSettings withPieceBytes(long pieceBytes) {
    return new BinlogSettings(
        host,
        port,
        user,
        password,
        serverId,
        match,
        exclude,
        sendSchema,
        timeout,
        connectAttempts,
        retryDelay,
        pieceBytes);
  }

  /** Whether rows of {@code database.table} are sent, by {@code match} and {@code exclude}. */
  public boolean includes(String database, String table) {
    String name = database + "." + table;
    return (match == null || match.matcher(name).find())
        && (exclude == null || !exclude.matcher(name).find());
  }

  private static @Nullable Pattern compile(@Nullable String regex) {
    return regex == null || regex.isBlank() ? null : Pattern.compile(regex);
  }

  @Override
  public String toString() {
    // keeps the password out of logs
    return "BinlogSettings[" + user + "@" + host + ":" + port + ", server_id=" + serverId + "]";
  }
}
