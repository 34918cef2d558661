package io.weir.wire.handshake;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The client's answer to {@link HandshakeV10}: its capabilities, the user, the auth response and
 * optionally a database, the auth plugin and connection attributes.
 *
 * <p>The client's own capabilities decide the layout: {@link
 * Capability#PLUGIN_AUTH_LENENC_CLIENT_DATA} makes the auth response a {@code string<lenenc>}, else
 * {@link Capability#SECURE_CONNECTION} a one-byte length and the bytes, else a {@code string<NUL>}.
 * Text is decoded and encoded as UTF-8, the character set clients use for the handshake in
 * practice; a client on another character set sends other bytes for non-ASCII names. A packet that
 * ends where an optional field (database, plugin, attributes) would begin is read as if that field
 * were absent, as the server does.
 *
 * @param capabilities the client's capabilities, MariaDB's extended ones included (they are sent
 *     only when {@link Capability#CLIENT_MYSQL} is not set)
 * @param maxPacketSize the largest packet the client wants to receive, an unsigned {@code int<4>}
 * @param characterSet the client's collation id
 * @param user the user name
 * @param authResponse what the auth plugin computed from the scramble; empty for no password
 * @param database the default database, or null when {@link Capability#CONNECT_WITH_DB} is not set
 *     or the packet ended before it
 * @param authPluginName the plugin the auth response is for, or null when {@link
 *     Capability#PLUGIN_AUTH} is not set or the packet ended before it
 * @param connectAttributes the connection attributes in the order sent; empty when {@link
 *     Capability#CONNECT_ATTRS} is not set
 * @see <a href="https://mariadb.com/kb/en/connection/#handshake-response-packet">Handshake response
 *     packet</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record HandshakeResponse41(
    Capabilities capabilities,
    long maxPacketSize,
    int characterSet,
    String user,
    byte[] authResponse,
    @Nullable String database,
    @Nullable String authPluginName,
    Map<String, String> connectAttributes) {

  /** The length of the fixed part that {@link SslRequest} shares with this packet. */
  static final int FIXED_PART_LENGTH = 32;

  /** Copies the arrays and the map so the record stays immutable; attribute order is kept. */
  public HandshakeResponse41 {
    authResponse = authResponse.clone();
    connectAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(connectAttributes));
  }

  /** A copy of the auth response. */
  @Override
  public byte[] authResponse() {
    return authResponse.clone();
  }

  /**
   * Decodes a handshake response payload from its reader index.
   *
   * @throws MalformedPacketException if it is truncated or a length points past its end
   */
  public static HandshakeResponse41 decode(ByteBuf payload) {
    long classic = PayloadReader.readInt4(payload);
    long maxPacketSize = PayloadReader.readInt4(payload);
    int characterSet = PayloadReader.readInt1(payload);
    PayloadReader.skip(payload, 19, "reserved bytes");
    long extended = PayloadReader.readInt4(payload);
    Capabilities capabilities =
        (classic & Capability.CLIENT_MYSQL.mask()) != 0
            ? Capabilities.of(classic, 0)
            : Capabilities.of(classic, extended);
    String user = PayloadReader.readNulTerminatedString(payload, UTF_8);
    byte[] authResponse;
    if (capabilities.has(Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
      authResponse = PayloadReader.readLengthEncodedBytes(payload);
    } else if (capabilities.has(Capability.SECURE_CONNECTION)) {
      int length = PayloadReader.readInt1(payload);
      authResponse = PayloadReader.readFixedBytes(payload, length);
    } else {
      authResponse = PayloadReader.readNulTerminatedBytes(payload);
    }
    String database = null;
    if (capabilities.has(Capability.CONNECT_WITH_DB) && payload.isReadable()) {
      database = PayloadReader.readNulTerminatedString(payload, UTF_8);
    }
    String authPluginName = null;
    if (capabilities.has(Capability.PLUGIN_AUTH) && payload.isReadable()) {
      authPluginName = PayloadReader.readNulTerminatedString(payload, UTF_8);
    }
    Map<String, String> connectAttributes = Map.of();
    if (capabilities.has(Capability.CONNECT_ATTRS) && payload.isReadable()) {
      connectAttributes = ConnectAttributes.read(payload);
    }
    return new HandshakeResponse41(
        capabilities,
        maxPacketSize,
        characterSet,
        user,
        authResponse,
        database,
        authPluginName,
        connectAttributes);
  }

  /**
   * Writes this response as a payload (no packet header), laid out by {@link #capabilities()}.
   *
   * @throws IllegalStateException if the auth response is longer than 255 bytes and only {@link
   *     Capability#SECURE_CONNECTION}'s one-byte length can carry it
   */
  public void encode(ByteBuf payload) {
    SslRequest.encodeFixedPart(payload, capabilities, maxPacketSize, characterSet);
    PayloadWriter.writeNulTerminatedString(payload, user, UTF_8);
    if (capabilities.has(Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
      PayloadWriter.writeLengthEncodedBytes(payload, authResponse);
    } else if (capabilities.has(Capability.SECURE_CONNECTION)) {
      if (authResponse.length > 0xFF) {
        throw new IllegalStateException(
            "an auth response of "
                + authResponse.length
                + " bytes needs PLUGIN_AUTH_LENENC_CLIENT_DATA");
      }
      PayloadWriter.writeInt1(payload, authResponse.length);
      PayloadWriter.writeBytes(payload, authResponse);
    } else {
      PayloadWriter.writeNulTerminatedBytes(payload, authResponse);
    }
    if (capabilities.has(Capability.CONNECT_WITH_DB)) {
      PayloadWriter.writeNulTerminatedString(
          payload, Objects.requireNonNullElse(database, ""), UTF_8);
    }
    if (capabilities.has(Capability.PLUGIN_AUTH)) {
      PayloadWriter.writeNulTerminatedString(
          payload, Objects.requireNonNullElse(authPluginName, ""), UTF_8);
    }
    if (capabilities.has(Capability.CONNECT_ATTRS)) {
      ConnectAttributes.write(payload, connectAttributes);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof HandshakeResponse41 that
        && capabilities.equals(that.capabilities)
        && maxPacketSize == that.maxPacketSize
        && characterSet == that.characterSet
        && user.equals(that.user)
        && Arrays.equals(authResponse, that.authResponse)
        && Objects.equals(database, that.database)
        && Objects.equals(authPluginName, that.authPluginName)
        && connectAttributes.equals(that.connectAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        capabilities,
        maxPacketSize,
        characterSet,
        user,
        Arrays.hashCode(authResponse),
        database,
        authPluginName,
        connectAttributes);
  }

  /** Leaves the auth response out: it is as good as a password for replay against this scramble. */
  @Override
  public String toString() {
    return "HandshakeResponse41[capabilities="
        + capabilities
        + ", maxPacketSize="
        + maxPacketSize
        + ", characterSet="
        + characterSet
        + ", user="
        + user
        + ", authResponse=("
        + authResponse.length
        + " bytes), database="
        + database
        + ", authPluginName="
        + authPluginName
        + ", connectAttributes="
        + connectAttributes
        + "]";
  }
}
