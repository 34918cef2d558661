package io.weir.wire.codec;

import io.netty.handler.codec.CorruptedFrameException;
import java.io.Serial;

/**
 * A packet that does not follow the protocol: truncated fields, a length larger than what is left,
 * a marker byte that cannot appear where it was found. Readers throw this instead of letting an
 * {@link IndexOutOfBoundsException} escape, so a caller can tell a bad peer from a bug of its own.
 *
 * <p>It extends Netty's {@link CorruptedFrameException} so a decoder in a pipeline passes it to
 * {@code exceptionCaught} as it is, without wrapping it.
 *
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public final class MalformedPacketException extends CorruptedFrameException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong and where, for logs
   */
  public MalformedPacketException(String message) {
    super(message);
  }
}
