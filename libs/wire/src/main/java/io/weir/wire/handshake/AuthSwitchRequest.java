package io.weir.wire.handshake;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server asking the client to authenticate with another plugin: header 0xFE, the plugin's name
 * and the plugin's data. For mysql_native_password the data is a new 20-byte scramble followed by a
 * NUL, kept here as sent.
 *
 * @param pluginName the plugin to switch to
 * @param pluginData the plugin's data as sent, the rest of the packet
 * @see <a href="https://mariadb.com/kb/en/connection/#authentication-switch-request">Authentication
 *     switch request</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) {
  /** The first byte of an authentication switch request. */
  public static final int HEADER = 0xFE;

  /** The plugin a bare 0xFE packet (the pre-4.1 switch request) asks for. */
  public static final String OLD_PASSWORD_PLUGIN = "mysql_old_password";

  /** Copies the data so the record stays immutable. */
  public AuthSwitchRequest {
    pluginData = pluginData.clone();
  }

  /** A copy of the plugin's data. */
  @Override
  public byte[] pluginData() {
    return pluginData.clone();
  }

  /**
   * Decodes a switch request payload from its reader index. A payload of the header byte alone is
   * the old switch to {@value #OLD_PASSWORD_PLUGIN} with no data.
   *
   * @throws MalformedPacketException if the header is not 0xFE or the name is not terminated
   */
  public static AuthSwitchRequest decode(ByteBuf payload) {
    int header = PayloadReader.readInt1(payload);
    if (header != HEADER) {
      throw new MalformedPacketException(
          "authentication switch request starts with 0x"
              + Integer.toHexString(header)
              + ", expected 0xfe");
    }
    if (!payload.isReadable()) {
      return new AuthSwitchRequest(OLD_PASSWORD_PLUGIN, new byte[0]);
    }
    String pluginName = PayloadReader.readNulTerminatedString(payload, UTF_8);
    return new AuthSwitchRequest(pluginName, PayloadReader.readRestOfPacketBytes(payload));
  }

  /** Writes this request as a payload (no packet header). */
  public void encode(ByteBuf payload) {
    PayloadWriter.writeInt1(payload, HEADER);
    PayloadWriter.writeNulTerminatedString(payload, pluginName, UTF_8);
    PayloadWriter.writeBytes(payload, pluginData);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AuthSwitchRequest that
        && pluginName.equals(that.pluginName)
        && Arrays.equals(pluginData, that.pluginData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pluginName, Arrays.hashCode(pluginData));
  }

  @Override
  public String toString() {
    return "AuthSwitchRequest[pluginName="
        + pluginName
        + ", pluginData="
        + HexFormat.of().formatHex(pluginData)
        + "]";
  }
}
