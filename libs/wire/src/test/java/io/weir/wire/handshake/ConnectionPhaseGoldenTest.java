package io.weir.wire.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.weir.wire.auth.MysqlNativePassword;
import io.weir.wire.capability.Capability;
import io.weir.wire.capability.ServerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Connection-phase packets captured from real MariaDB 11.4.5 programs (see the golden file for how)
 * decode to what they meant and encode back to the same bytes.
 */
class ConnectionPhaseGoldenTest {
  private static final Properties GOLDEN = load("mariadb-11.4.5-connection-phase.txt");

  @Test
  @DisplayName("mariadbd 11.4.5's initial handshake")
  void serverHandshake() {
    byte[] bytes = golden("handshake-v10");
    ByteBuf payload = Unpooled.wrappedBuffer(bytes);
    try {
      HandshakeV10 handshake = HandshakeV10.decode(payload);

      assertThat(payload.isReadable()).isFalse();
      assertThat(handshake.serverVersion()).isEqualTo("11.4.5-MariaDB");
      assertThat(handshake.connectionId()).isEqualTo(5);
      assertThat(HexFormat.of().formatHex(handshake.scramble()))
          .isEqualTo("403175787d2b5a66" + "71255f332148272833693774");
      assertThat(handshake.capabilities().classic()).isEqualTo(0x81FF_F7FEL);
      assertThat(handshake.capabilities().extended()).isEqualTo(0x1D);
      assertThat(handshake.capabilities().has(Capability.CLIENT_MYSQL)).isFalse();
      assertThat(handshake.capabilities().has(Capability.SSL)).isFalse();
      assertThat(handshake.characterSet()).isEqualTo(8);
      assertThat(handshake.statusFlags()).isEqualTo(ServerStatus.SERVER_STATUS_AUTOCOMMIT.mask());
      assertThat(handshake.authPluginName()).isEqualTo(MysqlNativePassword.PLUGIN_NAME);
      assertThat(encoded(handshake::encode)).isEqualTo(bytes);
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("the mariadb 11.4.5 client's handshake response, auth response checked")
  void clientHandshakeResponse() {
    byte[] bytes = golden("handshake-response-41");
    ByteBuf payload = Unpooled.wrappedBuffer(bytes);
    try {
      assertThat(SslRequest.isSslRequest(payload)).isFalse();
      HandshakeResponse41 response = HandshakeResponse41.decode(payload);

      assertThat(payload.isReadable()).isFalse();
      assertThat(response.capabilities().classic()).isEqualTo(0x00BF_A28CL);
      assertThat(response.capabilities().extended()).isEqualTo(0x1D);
      assertThat(response.capabilities().toSet())
          .contains(
              Capability.CONNECT_WITH_DB,
              Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA,
              Capability.CONNECT_ATTRS,
              Capability.MARIADB_CLIENT_PROGRESS)
          .doesNotContain(Capability.CLIENT_MYSQL, Capability.DEPRECATE_EOF);
      assertThat(response.maxPacketSize()).isEqualTo(16 * 1024 * 1024);
      assertThat(response.characterSet()).isEqualTo(33);
      assertThat(response.user()).isEqualTo("weir_user");
      assertThat(response.database()).isEqualTo("appdb");
      assertThat(response.authPluginName()).isEqualTo(MysqlNativePassword.PLUGIN_NAME);
      assertThat(response.connectAttributes())
          .containsEntry("_client_name", "libmariadb")
          .containsEntry("program_name", "mysql")
          .containsEntry("_server_host", "127.0.0.1")
          .hasSize(7);
      // a real client's answer to the golden handshake's scramble for the password it was given
      byte[] scramble = HexFormat.of().parseHex("403175787d2b5a6671255f332148272833693774");
      assertThat(response.authResponse())
          .isEqualTo(MysqlNativePassword.clientResponse("weir-secret", scramble));
      assertThat(encoded(response::encode)).isEqualTo(bytes);
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("the mariadb 11.4.5 client's SSL request")
  void clientSslRequest() {
    byte[] bytes = golden("ssl-request");
    ByteBuf payload = Unpooled.wrappedBuffer(bytes);
    try {
      assertThat(SslRequest.isSslRequest(payload)).isTrue();
      SslRequest request = SslRequest.decode(payload);

      assertThat(request.capabilities().has(Capability.SSL)).isTrue();
      assertThat(request.capabilities().extended()).isEqualTo(0x1D);
      assertThat(request.maxPacketSize()).isEqualTo(16 * 1024 * 1024);
      assertThat(request.characterSet()).isEqualTo(33);
      assertThat(encoded(request::encode)).isEqualTo(bytes);
    } finally {
      payload.release();
    }
  }

  static byte[] golden(String key) {
    return HexFormat.of().parseHex(Objects.requireNonNull(GOLDEN.getProperty(key), key));
  }

  static byte[] encoded(Consumer<ByteBuf> encoder) {
    ByteBuf out = Unpooled.buffer();
    try {
      encoder.accept(out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  private static Properties load(String name) {
    Properties properties = new Properties();
    try (InputStream in = ConnectionPhaseGoldenTest.class.getResourceAsStream(name)) {
      properties.load(Objects.requireNonNull(in, name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
