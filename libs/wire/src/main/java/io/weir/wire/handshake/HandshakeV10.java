package io.weir.wire.handshake;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The initial handshake the server sends when a client connects (protocol version 10).
 *
 * <p>The capabilities hold MariaDB's extended flags in their high half: a MariaDB server clears
 * {@link Capability#CLIENT_MYSQL} and sends them in four bytes that are filler otherwise. Text is
 * decoded as UTF-8 (server versions and plugin names are ASCII in practice).
 *
 * @param serverVersion the server's version string, e.g. {@code 11.4.5-MariaDB}; MariaDB 10.x
 *     prefixes it with {@code 5.5.5-} for old clients, 11.x no longer does
 * @param connectionId the connection (thread) id, an unsigned {@code int<4>}
 * @param scramble the authentication plugin's data: both scramble parts joined, 20 bytes for
 *     mysql_native_password, without the trailing NUL
 * @param capabilities the server's capabilities, MariaDB's extended ones included
 * @param characterSet the server's default collation id
 * @param statusFlags the server status, see {@link io.weir.wire.capability.ServerStatus}
 * @param authPluginName the default authentication plugin, or null when {@link
 *     Capability#PLUGIN_AUTH} is not set
 * @see <a href="https://mariadb.com/kb/en/connection/#initial-handshake-packet">Initial handshake
 *     packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record HandshakeV10(
    String serverVersion,
    long connectionId,
    byte[] scramble,
    Capabilities capabilities,
    int characterSet,
    int statusFlags,
    @Nullable String authPluginName) {
  /** The protocol version this packet starts with. */
  public static final int PROTOCOL_VERSION = 10;

  private static final int FIRST_SCRAMBLE_PART = 8;
  private static final int MINIMUM_SECOND_SCRAMBLE_PART = 12;

  /** Copies the scramble so the record stays immutable. */
  public HandshakeV10 {
    scramble = scramble.clone();
    if (scramble.length < FIRST_SCRAMBLE_PART) {
      throw new IllegalArgumentException(
          "the scramble has at least 8 bytes, got " + scramble.length);
    }
  }

  /** A copy of the scramble. */
  @Override
  public byte[] scramble() {
    return scramble.clone();
  }

  /**
   * Decodes a handshake payload from its reader index.
   *
   * @throws MalformedPacketException if it is not a version 10 handshake or is truncated; a server
   *     refusing the connection sends an ERR packet (first byte 0xFF) instead, so check for that
   *     first
   */
  public static HandshakeV10 decode(ByteBuf payload) {
    int protocolVersion = PayloadReader.readInt1(payload);
    if (protocolVersion != PROTOCOL_VERSION) {
      throw new MalformedPacketException(
          "initial handshake has protocol version " + protocolVersion + ", expected 10");
    }
    String serverVersion = PayloadReader.readNulTerminatedString(payload, UTF_8);
    long connectionId = PayloadReader.readInt4(payload);
    byte[] firstPart = PayloadReader.readFixedBytes(payload, FIRST_SCRAMBLE_PART);
    PayloadReader.skip(payload, 1, "reserved byte");
    int lowCapabilities = PayloadReader.readInt2(payload);
    int characterSet = PayloadReader.readInt1(payload);
    int statusFlags = PayloadReader.readInt2(payload);
    int highCapabilities = PayloadReader.readInt2(payload);
    int pluginDataLength = PayloadReader.readInt1(payload);
    PayloadReader.skip(payload, 6, "filler");
    long extended = PayloadReader.readInt4(payload);
    long classic = (long) highCapabilities << 16 | lowCapabilities;
    Capabilities capabilities =
        (classic & Capability.CLIENT_MYSQL.mask()) != 0
            ? Capabilities.of(classic, 0)
            : Capabilities.of(classic, extended);
    byte[] scramble = firstPart;
    if (capabilities.has(Capability.SECURE_CONNECTION)) {
      int secondLength =
          Math.max(MINIMUM_SECOND_SCRAMBLE_PART, pluginDataLength - FIRST_SCRAMBLE_PART - 1);
      byte[] secondPart = PayloadReader.readFixedBytes(payload, secondLength);
      PayloadReader.skip(payload, 1, "scramble terminator");
      scramble = Arrays.copyOf(firstPart, FIRST_SCRAMBLE_PART + secondLength);
      System.arraycopy(secondPart, 0, scramble, FIRST_SCRAMBLE_PART, secondLength);
    }
    String authPluginName = null;
    if (capabilities.has(Capability.PLUGIN_AUTH)) {
      // MySQL 5.5.7 to 5.5.9 omitted the terminating NUL; take the rest when it is missing
      authPluginName =
          payload.indexOf(payload.readerIndex(), payload.writerIndex(), (byte) 0) >= 0
              ? PayloadReader.readNulTerminatedString(payload, UTF_8)
              : PayloadReader.readRestOfPacketString(payload, UTF_8);
    }
    return new HandshakeV10(
        serverVersion,
        connectionId,
        scramble,
        capabilities,
        characterSet,
        statusFlags,
        authPluginName);
  }

  /** Writes this handshake as a payload (no packet header). */
  public void encode(ByteBuf payload) {
    boolean secureConnection = capabilities.has(Capability.SECURE_CONNECTION);
    if (secureConnection && scramble.length < FIRST_SCRAMBLE_PART + MINIMUM_SECOND_SCRAMBLE_PART) {
      throw new IllegalStateException(
          "SECURE_CONNECTION needs a scramble of at least 20 bytes, have " + scramble.length);
    }
    PayloadWriter.writeInt1(payload, PROTOCOL_VERSION);
    PayloadWriter.writeNulTerminatedString(payload, serverVersion, UTF_8);
    PayloadWriter.writeInt4(payload, connectionId);
    payload.writeBytes(scramble, 0, FIRST_SCRAMBLE_PART);
    PayloadWriter.writeZeros(payload, 1);
    long classic = capabilities.classic();
    PayloadWriter.writeInt2(payload, (int) classic);
    PayloadWriter.writeInt1(payload, characterSet);
    PayloadWriter.writeInt2(payload, statusFlags);
    PayloadWriter.writeInt2(payload, (int) (classic >>> 16));
    PayloadWriter.writeInt1(
        payload, capabilities.has(Capability.PLUGIN_AUTH) ? scramble.length + 1 : 0);
    PayloadWriter.writeZeros(payload, 6);
    PayloadWriter.writeInt4(
        payload, capabilities.has(Capability.CLIENT_MYSQL) ? 0 : capabilities.extended());
    if (secureConnection) {
      payload.writeBytes(scramble, FIRST_SCRAMBLE_PART, scramble.length - FIRST_SCRAMBLE_PART);
      PayloadWriter.writeZeros(payload, 1);
    }
    if (capabilities.has(Capability.PLUGIN_AUTH)) {
      PayloadWriter.writeNulTerminatedString(
          payload, Objects.requireNonNullElse(authPluginName, ""), UTF_8);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof HandshakeV10 that
        && serverVersion.equals(that.serverVersion)
        && connectionId == that.connectionId
        && Arrays.equals(scramble, that.scramble)
        && capabilities.equals(that.capabilities)
        && characterSet == that.characterSet
        && statusFlags == that.statusFlags
        && Objects.equals(authPluginName, that.authPluginName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        serverVersion,
        connectionId,
        Arrays.hashCode(scramble),
        capabilities,
        characterSet,
        statusFlags,
        authPluginName);
  }

  @Override
  public String toString() {
    return "HandshakeV10[serverVersion="
        + serverVersion
        + ", connectionId="
        + connectionId
        + ", scramble="
        + HexFormat.of().formatHex(scramble)
        + ", capabilities="
        + capabilities
        + ", characterSet="
        + characterSet
        + ", statusFlags=0x"
        + Integer.toHexString(statusFlags)
        + ", authPluginName="
        + authPluginName
        + "]";
  }
}
