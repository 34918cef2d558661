package io.weir.wire.handshake;

import io.netty.buffer.ByteBuf;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;

/**
 * The short handshake response a client sends to ask for TLS: the first 32 bytes of a {@link
 * HandshakeResponse41} with {@link Capability#SSL} set. Both sides then start TLS, and the client
 * sends its full handshake response over it with the next sequence id.
 *
 * @param capabilities the client's capabilities, MariaDB's extended ones included
 * @param maxPacketSize the largest packet the client wants to receive, an unsigned {@code int<4>}
 * @param characterSet the client's collation id
 * @see <a href="https://mariadb.com/kb/en/connection/#sslrequest-packet">SSLRequest packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record SslRequest(Capabilities capabilities, long maxPacketSize, int characterSet) {
  /** The length of an SSL request's payload. */
  public static final int LENGTH = HandshakeResponse41.FIXED_PART_LENGTH;

  /**
   * Whether a handshake response payload is an SSL request rather than a {@link
   * HandshakeResponse41}: exactly 32 bytes with {@link Capability#SSL} set. Does not move the
   * reader index.
   */
  public static boolean isSslRequest(ByteBuf payload) {
    return payload.readableBytes() == LENGTH
        && (payload.getUnsignedIntLE(payload.readerIndex()) & Capability.SSL.mask()) != 0;
  }

  /**
   * Decodes an SSL request payload from its reader index.
   *
   * @throws MalformedPacketException if it is truncated or {@link Capability#SSL} is not set
   */
  public static SslRequest decode(ByteBuf payload) {
    long classic = PayloadReader.readInt4(payload);
    long maxPacketSize = PayloadReader.readInt4(payload);
    int characterSet = PayloadReader.readInt1(payload);
    PayloadReader.skip(payload, 19, "reserved bytes");
    long extended = PayloadReader.readInt4(payload);
    Capabilities capabilities =
        (classic & Capability.CLIENT_MYSQL.mask()) != 0
            ? Capabilities.of(classic, 0)
            : Capabilities.of(classic, extended);
    if (!capabilities.has(Capability.SSL)) {
      throw new MalformedPacketException("SSL request without the SSL capability");
    }
    return new SslRequest(capabilities, maxPacketSize, characterSet);
  }

  /** Writes this request as a payload (no packet header). */
  public void encode(ByteBuf payload) {
    encodeFixedPart(payload, capabilities, maxPacketSize, characterSet);
  }

  static void encodeFixedPart(
      ByteBuf payload, Capabilities capabilities, long maxPacketSize, int characterSet) {
    PayloadWriter.writeInt4(payload, capabilities.classic());
    PayloadWriter.writeInt4(payload, maxPacketSize);
    PayloadWriter.writeInt1(payload, characterSet);
    PayloadWriter.writeZeros(payload, 19);
    PayloadWriter.writeInt4(
        payload, capabilities.has(Capability.CLIENT_MYSQL) ? 0 : capabilities.extended());
  }
}
