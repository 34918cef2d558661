package io.weir.wire.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.wire.capability.Capability;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.testing.TestingProtocolClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The initial handshake of a real MariaDB server decodes, and encodes back to the same bytes. */
@WithMariaDb(replicas = 0)
class HandshakeV10IT {
  @Test
  @DisplayName("a real server's handshake decodes and re-encodes byte for byte")
  void realHandshakeRoundTrips(MariaDbTopology topology) throws Exception {
    Socket socket = new Socket();
    socket.connect(
        new InetSocketAddress(topology.primary().host(), topology.primary().port()), 5_000);
    socket.setSoTimeout(10_000);
    try (TestingProtocolClient client = new TestingProtocolClient(socket)) {
      PacketFrame greeting = client.read();
      ByteBuf encoded = Unpooled.buffer();
      try {
        assertThat(greeting.sequenceId()).isZero();
        byte[] sent = ByteBufUtil.getBytes(greeting.payload());
        if (System.getProperty("weir.wire.print-handshake") != null) {
          System.out.println("handshake: " + ByteBufUtil.hexDump(sent));
        }

        HandshakeV10 handshake = HandshakeV10.decode(greeting.payload());

        assertThat(greeting.payload().isReadable()).isFalse();
        // 10.x sends "5.5.5-10.11.x-MariaDB", 11.x drops the prefix; CI runs both
        assertThat(handshake.serverVersion()).contains("MariaDB");
        assertThat(handshake.scramble()).hasSize(20);
        for (byte scrambleByte : handshake.scramble()) {
          assertThat((int) scrambleByte).isBetween(33, 126);
        }
        assertThat(handshake.authPluginName()).isEqualTo("mysql_native_password");
        assertThat(handshake.capabilities().has(Capability.CLIENT_MYSQL)).isFalse();
        assertThat(handshake.capabilities().toSet())
            .contains(
                Capability.CLIENT_PROTOCOL_41,
                Capability.SECURE_CONNECTION,
                Capability.PLUGIN_AUTH,
                Capability.DEPRECATE_EOF,
                Capability.MARIADB_CLIENT_PROGRESS,
                Capability.MARIADB_CLIENT_STMT_BULK_OPERATIONS,
                Capability.MARIADB_CLIENT_EXTENDED_TYPE_INFO,
                Capability.MARIADB_CLIENT_CACHE_METADATA);
        handshake.encode(encoded);
        assertThat(ByteBufUtil.getBytes(encoded)).isEqualTo(sent);
      } finally {
        greeting.release();
        encoded.release();
      }
    }
  }
}
