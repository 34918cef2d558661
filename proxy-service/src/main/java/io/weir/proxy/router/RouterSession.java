package io.weir.proxy.router;

import io.netty.util.concurrent.Future;
import io.weir.proxy.backend.BackendConnection;
import io.weir.proxy.backend.BackendLogin;
import io.weir.wire.command.ComChangeUser;
import io.weir.wire.frame.PacketFrame;
import java.util.Optional;

/**
 * One session of a router that spreads a session's commands over several servers. The client's
 * handler authenticates the client, then hands every command packet here; replies go back through
 * the session's {@link ClientPort}.
 */
public interface RouterSession {

  /**
   * Opens the backend connections the session starts with. Completes with the payload of the OK
   * packet to pass on to the client, or fails with the reason the session cannot start ({@link
   * io.weir.proxy.backend.BackendRefusedException} when a server refused the login).
   */
  Future<byte[]> open(BackendLogin login);

  /** One client packet of the command phase; the session releases it. */
  void command(PacketFrame frame);

  /**
   * A COM_CHANGE_USER the proxy verified: every connection logs in as the new user, and the
   * session's state (history, prepared statements, temporary tables) starts afresh. Completes with
   * the payload of the answer the client gets (OK or the server's error); called only when idle.
   */
  Future<byte[]> changeUser(ComChangeUser request, BackendLogin login);

  /** Whether no command is in flight or waiting. */
  boolean idle();

  /** The client's read batch ended: flush what was written to servers. */
  void flush();

  /** The client's channel drained: servers may be read again. */
  void clientWritable();

  /**
   * The connection a KILL of this session is translated to: the master's when the session has one,
   * else any.
   */
  Optional<BackendConnection> killTarget();

  /** Closes every backend connection; the client's connection is closed by the caller. */
  void close();
}
