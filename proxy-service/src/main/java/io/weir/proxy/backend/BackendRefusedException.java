package io.weir.proxy.backend;

import io.weir.wire.packet.ErrPacket;
import org.jspecify.annotations.Nullable;

/**
 * A server could not be reached or did not accept the login. When the server answered with an error
 * packet it is kept, so the client gets the server's own errno and message.
 */
public final class BackendRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable ErrPacket error;

  public BackendRefusedException(
      String message, @Nullable ErrPacket error, @Nullable Throwable cause) {
    super(message, cause);
    this.error = error;
  }

  /** The server's error packet, when it sent one. */
  public @Nullable ErrPacket error() {
    return error;
  }
}
