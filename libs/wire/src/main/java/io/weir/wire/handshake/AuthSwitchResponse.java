package io.weir.wire.handshake;

import io.netty.buffer.ByteBuf;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.codec.PayloadWriter;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The client's answer to an {@link AuthSwitchRequest}: the new plugin's auth data, the whole
 * payload. Empty for an empty password with mysql_native_password.
 *
 * @param authData what the plugin computed
 * @see <a
 *     href="https://mariadb.com/kb/en/connection/#authentication-switch-response">Authentication
 *     switch response</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record AuthSwitchResponse(byte[] authData) {
  /** Copies the data so the record stays immutable. */
  public AuthSwitchResponse {
    authData = authData.clone();
  }

  /** A copy of the auth data. */
  @Override
  public byte[] authData() {
    return authData.clone();
  }

  /** Decodes a switch response: every byte from the reader index to the end is the auth data. */
  public static AuthSwitchResponse decode(ByteBuf payload) {
    return new AuthSwitchResponse(PayloadReader.readRestOfPacketBytes(payload));
  }

  /** Writes this response as a payload (no packet header). */
  public void encode(ByteBuf payload) {
    PayloadWriter.writeBytes(payload, authData);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AuthSwitchResponse that && Arrays.equals(authData, that.authData);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(authData);
  }

  /** Leaves the data out: it is as good as a password for replay against this scramble. */
  @Override
  public String toString() {
    return "AuthSwitchResponse[(" + authData.length + " bytes)]";
  }
}
