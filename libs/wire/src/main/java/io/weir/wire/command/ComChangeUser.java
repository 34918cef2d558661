package io.weir.wire.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import io.weir.wire.handshake.ConnectAttributes;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code COM_CHANGE_USER}: re-authenticates the connection as another user and resets its state.
 *
 * <p>The client's capabilities decide the layout: {@link Capability#SECURE_CONNECTION} makes the
 * auth response a one-byte length and the bytes, else a {@code string<NUL>}; {@link
 * Capability#CLIENT_PROTOCOL_41} adds the character set, {@link Capability#PLUGIN_AUTH} the plugin
 * name, {@link Capability#CONNECT_ATTRS} the connection attributes. A payload that ends where an
 * optional field would begin is read as if that field were absent, as the server does. Text is
 * UTF-8.
 *
 * @param clientCapabilities the capabilities the client sent in its handshake response
 * @param user the user name
 * @param authResponse what the auth plugin computed from the connection's scramble
 * @param schema the default schema, empty for none
 * @param characterSet the client's collation id, 0 when not sent
 * @param authPluginName the plugin the auth response is for, or null when not sent
 * @param connectAttributes the connection attributes in the order sent
 * @see <a href="https://mariadb.com/kb/en/com_change_user/">COM_CHANGE_USER</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record ComChangeUser(
    Capabilities clientCapabilities,
    String user,
    byte[] authResponse,
    String schema,
    int characterSet,
    @Nullable String authPluginName,
    Map<String, String> connectAttributes) {

  /** Copies the array and the map so the record stays immutable; attribute order is kept. */
  public ComChangeUser {
    authResponse = authResponse.clone();
    connectAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(connectAttributes));
  }

  /** A copy of the auth response. */
  @Override
  public byte[] authResponse() {
    return authResponse.clone();
  }

  /**
   * Decodes a payload that starts with the command byte, laid out by the client's capabilities.
   *
   * @throws MalformedPacketException if the command byte is not {@code COM_CHANGE_USER}'s, the
   *     payload is truncated or a length points past its end
   */
  public static ComChangeUser decode(ByteBuf payload, Capabilities clientCapabilities) {
    CommandBytes.read(payload, Command.COM_CHANGE_USER);
    String user = PayloadReader.readNulTerminatedString(payload, UTF_8);
    byte[] authResponse;
    if (clientCapabilities.has(Capability.SECURE_CONNECTION)) {
      int length = PayloadReader.readInt1(payload);
      authResponse = PayloadReader.readFixedBytes(payload, length);
    } else {
      authResponse = PayloadReader.readNulTerminatedBytes(payload);
    }
    String schema = PayloadReader.readNulTerminatedString(payload, UTF_8);
    int characterSet = 0;
    if (clientCapabilities.has(Capability.CLIENT_PROTOCOL_41) && payload.isReadable()) {
      characterSet = PayloadReader.readInt2(payload);
    }
    String authPluginName = null;
    if (clientCapabilities.has(Capability.PLUGIN_AUTH) && payload.isReadable()) {
      authPluginName = PayloadReader.readNulTerminatedString(payload, UTF_8);
    }
    Map<String, String> connectAttributes = Map.of();
    if (clientCapabilities.has(Capability.CONNECT_ATTRS) && payload.isReadable()) {
      connectAttributes = ConnectAttributes.read(payload);
    }
    return new ComChangeUser(
        clientCapabilities,
        user,
        authResponse,
        schema,
        characterSet,
        authPluginName,
        connectAttributes);
  }

  /**
   * Writes the payload, command byte first, laid out by {@link #clientCapabilities()}.
   *
   * @throws IllegalStateException if the auth response is longer than 255 bytes under {@link
   *     Capability#SECURE_CONNECTION}'s one-byte length
   */
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, Command.COM_CHANGE_USER.code());
    PayloadWriter.writeNulTerminatedString(payload, user, UTF_8);
    if (clientCapabilities.has(Capability.SECURE_CONNECTION)) {
      if (authResponse.length > 0xFF) {
        throw new IllegalStateException(
            "an auth response of " + authResponse.length + " bytes does not fit a one-byte length");
      }
      PayloadWriter.writeInt1(payload, authResponse.length);
      PayloadWriter.writeBytes(payload, authResponse);
    } else {
      PayloadWriter.writeNulTerminatedBytes(payload, authResponse);
    }
    PayloadWriter.writeNulTerminatedString(payload, schema, UTF_8);
    if (clientCapabilities.has(Capability.CLIENT_PROTOCOL_41)) {
      PayloadWriter.writeInt2(payload, characterSet);
    }
    if (clientCapabilities.has(Capability.PLUGIN_AUTH)) {
      PayloadWriter.writeNulTerminatedString(
          payload, Objects.requireNonNullElse(authPluginName, ""), UTF_8);
    }
    if (clientCapabilities.has(Capability.CONNECT_ATTRS)) {
      ConnectAttributes.write(payload, connectAttributes);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ComChangeUser that
        && clientCapabilities.equals(that.clientCapabilities)
        && user.equals(that.user)
        && Arrays.equals(authResponse, that.authResponse)
        && schema.equals(that.schema)
        && characterSet == that.characterSet
        && Objects.equals(authPluginName, that.authPluginName)
        && connectAttributes.equals(that.connectAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        clientCapabilities,
        user,
        Arrays.hashCode(authResponse),
        schema,
        characterSet,
        authPluginName,
        connectAttributes);
  }

  /** Leaves the auth response out: it is as good as a password for replay against this scramble. */
  @Override
  public String toString() {
    return "ComChangeUser[clientCapabilities="
        + clientCapabilities
        + ", user="
        + user
        + ", authResponse=("
        + authResponse.length
        + " bytes), schema="
        + schema
        + ", characterSet="
        + characterSet
        + ", authPluginName="
        + authPluginName
        + ", connectAttributes="
        + connectAttributes
        + "]";
  }
}
