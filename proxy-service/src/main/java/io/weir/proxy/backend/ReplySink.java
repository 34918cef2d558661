package io.weir.proxy.backend;

import io.netty.buffer.ByteBuf;

/**
 * Where a backend connection's replies go: the session's client. The relay calls it on the
 * session's event loop only.
 */
public interface ReplySink {

  /** Writes bytes of a reply, as the server sent them, to the client without flushing. */
  void relay(ByteBuf reply);

  /** Flushes what {@link #relay} wrote; called once per read from the server. */
  void flush();

  /** Whether the client's channel takes more writes now; when not, the relay stops reading. */
  boolean writable();

  /** The backend's channel became writable again, or full: resume or stop reading the client. */
  void backendWritabilityChanged(boolean writable);

  /** The backend connection closed or failed; {@code cause} is null for an orderly close. */
  void backendClosed(BackendConnection backend, @org.jspecify.annotations.Nullable Throwable cause);
}
