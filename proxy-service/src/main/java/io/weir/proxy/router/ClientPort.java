package io.weir.proxy.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.weir.proxy.backend.BackendConnection;
import io.weir.proxy.error.ProxyError;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The client's side of a session as a {@link RouterSession} sees it: where replies go and how the
 * session ends. Every method runs on the session's event loop.
 */
public interface ClientPort {

  /** The proxy's id of this session, for logs. */
  long sessionId();

  /** The session's event loop, on which backend connections are opened too. */
  EventLoop eventLoop();

  ByteBufAllocator alloc();

  /** Writes bytes of a server's reply, as the server sent them, without flushing. */
  void relay(ByteBuf reply);

  /** Flushes what {@link #relay} wrote. */
  void flush();

  /** Whether the client's channel takes more writes now. */
  boolean writable();

  /** Sends one packet the proxy made itself, and flushes. */
  void send(int sequenceId, Consumer<ByteBuf> payload);

  /** Sends an error from the proxy's catalogue, and flushes. */
  void sendError(int sequenceId, ProxyError error, Object... details);

  /** Counts an error packet a server sent the client. */
  void serverError(int errno);

  /** Stops or resumes reading the client: backpressure when servers or queues fill up. */
  void readClient(boolean on);

  /** Every command the router session holds has been answered: the session may run its own. */
  void routerIdle();

  /**
   * The connection a KILL of this session should reach changed (its master was lost); null when it
   * has none.
   */
  void killTargetChanged(@Nullable BackendConnection connection);

  /** Ends the session: closes the client's connection (the session closes its backends). */
  void close();
}
