package io.weir.wire.frame;

import io.netty.handler.codec.TooLongFrameException;
import java.io.Serial;

/**
 * A logical packet longer than the configured maximum. The server answers this with error 1153
 * ({@code ER_NET_PACKET_TOO_LARGE}, SQLSTATE 08S01) and closes the connection; the sizes are here
 * so a proxy can do the same.
 *
 * <p>{@link PacketDecoder} throws it as soon as a header shows that the limit will be passed,
 * before buffering the payload, and then skips the rest of that logical packet.
 *
 * @see <a href="https://mariadb.com/kb/en/0-packet/">Packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public final class PacketTooLargeException extends TooLongFrameException {
  @Serial private static final long serialVersionUID = 1L;

  private final long announcedLength;
  private final long maximumLength;
  private final int sequenceId;

  /**
   * @param announcedLength the payload length known so far: the joined length of the packets
   *     received plus the length of the one whose header passed the limit
   * @param maximumLength the configured maximum logical payload length
   * @param sequenceId the sequence id of the packet whose header passed the limit
   */
  public PacketTooLargeException(long announcedLength, long maximumLength, int sequenceId) {
    super(
        "packet of at least "
            + announcedLength
            + " bytes is larger than the maximum of "
            + maximumLength
            + " (sequence id "
            + sequenceId
            + ")");
    this.announcedLength = announcedLength;
    this.maximumLength = maximumLength;
    this.sequenceId = sequenceId;
  }

  /** The payload length known when the limit was passed; the full packet may be longer still. */
  public long announcedLength() {
    return announcedLength;
  }

  /** The configured maximum logical payload length. */
  public long maximumLength() {
    return maximumLength;
  }

  /** The sequence id of the packet whose header passed the limit. */
  public int sequenceId() {
    return sequenceId;
  }
}
