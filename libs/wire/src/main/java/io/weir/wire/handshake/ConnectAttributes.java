package io.weir.wire.handshake;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection attributes of {@link HandshakeResponse41} and {@code COM_CHANGE_USER}: a {@code
 * int<lenenc>} total length, then key and value pairs as {@code string<lenenc>}, in the order the
 * client sent them.
 *
 * @see <a href="https://mariadb.com/kb/en/connection/#handshake-response-packet">Handshake response
 *     packet</a>
 */
public final class ConnectAttributes {
  private ConnectAttributes() {}

  /**
   * Reads the attributes from the payload's reader index.
   *
   * @throws MalformedPacketException if the announced length overruns the payload or a pair is
   *     truncated
   */
  public static Map<String, String> read(ByteBuf payload) {
    long length = PayloadReader.readLengthEncodedInteger(payload);
    if (length < 0 || length > payload.readableBytes()) {
      throw new MalformedPacketException(
          "connection attributes announce "
              + Long.toUnsignedString(length)
              + " bytes, "
              + payload.readableBytes()
              + " left");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    ByteBuf pairs = payload.readSlice((int) length);
    while (pairs.isReadable()) {
      String key = PayloadReader.readLengthEncodedString(pairs, UTF_8);
      String value = PayloadReader.readLengthEncodedString(pairs, UTF_8);
      attributes.put(key, value);
    }
    return attributes;
  }

  /** Writes {@code attributes} with their total length in front. */
  public static void write(ByteBuf payload, Map<String, String> attributes) {
    ByteBuf pairs = Unpooled.buffer();
    try {
      attributes.forEach(
          (key, value) -> {
            PayloadWriter.writeLengthEncodedString(pairs, key, UTF_8);
            PayloadWriter.writeLengthEncodedString(pairs, value, UTF_8);
          });
      PayloadWriter.writeLengthEncodedInteger(payload, pairs.readableBytes());
      payload.writeBytes(pairs);
    } finally {
      pairs.release();
    }
  }
}
