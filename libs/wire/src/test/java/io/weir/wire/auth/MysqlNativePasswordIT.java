package io.weir.wire.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.frame.PacketFrame;
import io.weir.wire.handshake.AuthSwitchRequest;
import io.weir.wire.handshake.AuthSwitchResponse;
import io.weir.wire.handshake.HandshakeResponse41;
import io.weir.wire.handshake.HandshakeV10;
import io.weir.wire.packet.ErrPacket;
import io.weir.wire.packet.GenericResponse;
import io.weir.wire.packet.OkPacket;
import io.weir.wire.testing.TestingProtocolClient;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * mysql_native_password against a real MariaDB server: the responses this library computes log in,
 * and so does a response a proxy computes for a new scramble from the stage-one hash it recovered
 * while verifying a client, which is what lets the proxy open backend connections without the
 * password.
 */
@WithMariaDb(replicas = 0)
class MysqlNativePasswordIT {
  private static final String NATIVE_PASSWORD = "native-password";
  private static final String HASHED_PASSWORD = "hashed-pässword";

  private static final Capabilities CLIENT_CAPABILITIES =
      Capabilities.of(
          Capability.LONG_FLAG,
          Capability.CLIENT_PROTOCOL_41,
          Capability.TRANSACTIONS,
          Capability.SECURE_CONNECTION,
          Capability.MULTI_RESULTS,
          Capability.PLUGIN_AUTH,
          Capability.CONNECT_ATTRS,
          Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA,
          Capability.SESSION_TRACK,
          Capability.DEPRECATE_EOF,
          Capability.MARIADB_CLIENT_PROGRESS);

  private static @Nullable MariaDbTopology server;

  @BeforeAll
  static void createAccounts(MariaDbTopology topology) {
    server = topology;
    topology
        .primary()
        .execute(
            "CREATE USER 'native'@'%' IDENTIFIED BY '" + NATIVE_PASSWORD + "'",
            // the server stores the hash this library computes, so this checks storedHash
            "CREATE USER 'hashed'@'%' IDENTIFIED BY PASSWORD '"
                + MysqlNativePassword.storedHashText(
                    MysqlNativePassword.storedHash(HASHED_PASSWORD))
                + "'",
            "CREATE USER 'nopassword'@'%'");
  }

  @Test
  @DisplayName("the response computed from the password logs in")
  void clientResponseLogsIn() throws IOException {
    Login login =
        logIn(
            "native",
            "mysql_native_password",
            scramble -> MysqlNativePassword.clientResponse(NATIVE_PASSWORD, scramble));

    assertThat(login.reply()).isInstanceOf(OkPacket.class);
    assertThat(login.switched()).isFalse();
  }

  @Test
  @DisplayName("a proxy answers a backend's scramble from the recovered stage-one hash")
  void responseFromRecoveredStageOneLogsIn() throws IOException {
    // the proxy's side: its own scramble, the client's answer, the hash loaded from mysql.user
    MysqlNativePassword plugin = new MysqlNativePassword(new SecureRandom());
    byte[] proxyScramble = plugin.newScramble();
    byte[] clientAnswer = MysqlNativePassword.clientResponse(NATIVE_PASSWORD, proxyScramble);
    byte[] stageOne =
        MysqlNativePassword.verify(
                clientAnswer, proxyScramble, MysqlNativePassword.storedHash(NATIVE_PASSWORD))
            .orElseThrow();

    Login login =
        logIn(
            "native",
            "mysql_native_password",
            backendScramble -> {
              assertThat(backendScramble).isNotEqualTo(proxyScramble);
              return MysqlNativePassword.responseFromStageOne(stageOne, backendScramble);
            });

    assertThat(login.reply()).isInstanceOf(OkPacket.class);
  }

  @Test
  @DisplayName("the *HEX stored hash this library computes is one the server accepts")
  void storedHashTextIsTheServersFormat() throws IOException {
    Login login =
        logIn(
            "hashed",
            "mysql_native_password",
            scramble -> MysqlNativePassword.clientResponse(HASHED_PASSWORD, scramble));

    assertThat(login.reply()).isInstanceOf(OkPacket.class);
  }

  @Test
  @DisplayName("a wrong password is refused with error 1045, SQLSTATE 28000")
  void wrongPasswordIsRefused() throws IOException {
    Login login =
        logIn(
            "native",
            "mysql_native_password",
            scramble -> MysqlNativePassword.clientResponse("not-the-password", scramble));

    assertThat(login.reply())
        .isInstanceOfSatisfying(
            ErrPacket.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(1045);
              assertThat(error.sqlState()).isEqualTo("28000");
              assertThat(error.message()).contains("Access denied for user 'native'");
            });
  }

  @Test
  @DisplayName("an account without a password takes the empty response")
  void emptyPasswordLogsInWithEmptyResponse() throws IOException {
    Login login =
        logIn(
            "nopassword",
            "mysql_native_password",
            scramble -> MysqlNativePassword.clientResponse("", scramble));

    assertThat(login.reply()).isInstanceOf(OkPacket.class);
  }

  @Test
  @DisplayName("a client naming another plugin is switched to mysql_native_password and logs in")
  void authSwitchToNativePassword() throws IOException {
    Login login =
        logIn(
            "native",
            "caching_sha2_password",
            scramble -> MysqlNativePassword.clientResponse(NATIVE_PASSWORD, scramble));

    assertThat(login.switched()).isTrue();
    assertThat(login.reply()).isInstanceOf(OkPacket.class);
  }

  /**
   * The end of a login attempt.
   *
   * @param reply the final OK or ERR packet
   * @param switched whether the server asked for an authentication switch on the way
   */
  private record Login(GenericResponse reply, boolean switched) {}

  /**
   * Connects, answers the handshake with {@code responder}'s answer to the scramble, and answers an
   * authentication switch the same way.
   */
  private static Login logIn(String user, String pluginName, UnaryOperator<byte[]> responder)
      throws IOException {
    MariaDbTopology running = server;
    assertThat(running).isNotNull();
    try (TestingProtocolClient client = new TestingProtocolClient(connect(running.primary()))) {
      PacketFrame greeting = client.read();
      HandshakeV10 handshake;
      try {
        handshake = HandshakeV10.decode(greeting.payload());
      } finally {
        greeting.release();
      }
      HandshakeResponse41 response =
          new HandshakeResponse41(
              CLIENT_CAPABILITIES,
              16 * 1024 * 1024,
              45,
              user,
              pluginName.equals(MysqlNativePassword.PLUGIN_NAME)
                  ? responder.apply(handshake.scramble())
                  : new byte[0],
              null,
              pluginName,
              Map.of("_client_name", "weir-wire-test"));
      client.write(greeting.nextSequenceId(), response::encode);

      Capabilities negotiated = CLIENT_CAPABILITIES.intersect(handshake.capabilities());
      PacketFrame reply = client.read();
      boolean switched = false;
      try {
        ByteBuf payload = reply.payload();
        if (payload.getUnsignedByte(0) == AuthSwitchRequest.HEADER) {
          AuthSwitchRequest switchRequest = AuthSwitchRequest.decode(payload);
          assertThat(switchRequest.pluginName()).isEqualTo(MysqlNativePassword.PLUGIN_NAME);
          byte[] data = switchRequest.pluginData();
          assertThat(data).hasSize(MysqlNativePassword.HASH_LENGTH + 1).endsWith(0);
          byte[] newScramble = Arrays.copyOf(data, MysqlNativePassword.HASH_LENGTH);
          AuthSwitchResponse switchResponse = new AuthSwitchResponse(responder.apply(newScramble));
          client.write(reply.nextSequenceId(), switchResponse::encode);
          reply.release();
          reply = client.read();
          switched = true;
        }
        if (System.getProperty("weir.wire.print-packets") != null) {
          System.out.println(user + " reply: " + ByteBufUtil.hexDump(reply.payload()));
        }
        return new Login(GenericResponse.decode(reply.payload(), negotiated), switched);
      } finally {
        reply.release();
      }
    }
  }

  private static java.net.Socket connect(MariaDbServer target) throws IOException {
    java.net.Socket socket = new java.net.Socket();
    socket.connect(new java.net.InetSocketAddress(target.host(), target.port()), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }
}
