package io.weir.proxy.router.readwritesplit;

import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.weir.proxy.backend.BackendConnection;
import io.weir.proxy.backend.ReplySink;
import io.weir.proxy.metrics.SessionMeters;
import io.weir.wire.command.Command;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.reply.Reply;
import io.weir.wire.reply.ReplyListener;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One of a session's connections: the backend connection, whether its replies go to the client or
 * are only checked (a session command's other copies, a replay, a keepalive ping), and how many
 * replies it still owes.
 */
final class SessionBackend implements ReplySink, ReplyListener {
  private final ReadWriteSplitRouterSession session;
  private final BackendConnection connection;
  private final ServerStatistics statistics;
  private boolean relaying;
  private boolean ready;
  private int outstanding;
  private long sentAt;
  private long lastUsedAt;
  private long relayedBytes;
  private @Nullable StatementIdPatcher patcher;
  private long patchedId = -1;
  private boolean unflushed;
  private boolean closed;
  // timers by command for this server, so a reply costs no map lookup
  private final Timer[] timers = new Timer[Command.values().length];

  SessionBackend(
      ReadWriteSplitRouterSession session,
      BackendConnection connection,
      ServerStatistics statistics,
      long now) {
    this.session = session;
    this.connection = connection;
    this.statistics = statistics;
    this.lastUsedAt = now;
  }

  String server() {
    return connection.target().name();
  }

  BackendConnection connection() {
    return connection;
  }

  ServerStatistics statistics() {
    return statistics;
  }

  /** Whether the session state was brought up to date (history replayed) and it may be used. */
  boolean ready() {
    return ready && !closed;
  }

  void ready(boolean value) {
    this.ready = value;
  }

  /** Whether it may take a command now: ready and owing no reply. */
  boolean available() {
    return ready() && outstanding == 0;
  }

  int outstanding() {
    return outstanding;
  }

  long lastUsedAt() {
    return lastUsedAt;
  }

  long sentAt() {
    return sentAt;
  }

  long relayedBytes() {
    return relayedBytes;
  }

  /**
   * Sends one command, whose reply goes to the client when {@code toClient}, else is only checked.
   */
  void send(PacketFrame frame, Command command, boolean toClient, long now) {
    relaying = toClient;
    relayedBytes = 0;
    sentAt = now;
    lastUsedAt = now;
    if (command.replyShape() != io.weir.wire.reply.ReplyShape.NONE) {
      connection.tracker().expect(command);
      outstanding++;
    }
    connection.write(frame);
  }

  /** Rewrites the statement id of the coming COM_STMT_PREPARE reply while relaying it. */
  void patchStatementId(int clientId) {
    this.patcher = new StatementIdPatcher(clientId);
    this.patchedId = -1;
  }

  /**
   * The server's statement id of the last prepare reply whose id was rewritten, or -1: the tracker
   * sees the rewritten bytes, so the server's own id is only known here.
   */
  long patchedId() {
    return patchedId;
  }

  void flushToServer() {
    connection.flush();
  }

  /** Records a reply's time in the command timer of this server. */
  void recordReply(SessionMeters meters, Command command, long nanos) {
    Timer timer = timers[command.ordinal()];
    if (timer == null) {
      timer = meters.commandTimer(server(), command.name());
      timers[command.ordinal()] = timer;
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
    connection.close();
  }

  // ---- the relay's callbacks -----------------------------------------------------------------

  @Override
  public void relay(ByteBuf reply) {
    if (!relaying) {
      reply.release();
      return;
    }
    StatementIdPatcher current = patcher;
    if (current != null && !current.patch(reply)) {
      patchedId = current.originalId();
      patcher = null;
    }
    relayedBytes += reply.readableBytes();
    unflushed = true;
    session.relayToClient(reply);
  }

  @Override
  public void flush() {
    if (unflushed) {
      unflushed = false;
      session.flushClient();
    }
  }

  @Override
  public boolean writable() {
    return !relaying || session.clientTakesWrites();
  }

  @Override
  public void backendWritabilityChanged(boolean writable) {
    session.backendWritabilityChanged(writable);
  }

  @Override
  public void backendClosed(BackendConnection backend, @Nullable Throwable cause) {
    closed = true;
    session.backendClosed(this, cause);
  }

  @Override
  public void onReply(Reply reply) {
    outstanding--;
    patcher = null;
    if (outstanding == 0) {
      // bytes the server sends unasked (an error as it shuts down) must not reach the client
      relaying = false;
    }
    session.onReply(this, reply);
  }

  boolean relaying() {
    return relaying;
  }

  @Override
  public String toString() {
    return connection.toString();
  }
}
