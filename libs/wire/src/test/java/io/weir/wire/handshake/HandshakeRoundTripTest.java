package io.weir.wire.handshake;

import static io.weir.wire.handshake.ConnectionPhaseGoldenTest.encoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HandshakeRoundTripTest {
  private static final byte[] SCRAMBLE = "abcdefghijklmnopqrst".getBytes();
  private static final Capabilities MODERN =
      Capabilities.of(
          Capability.CLIENT_PROTOCOL_41,
          Capability.SECURE_CONNECTION,
          Capability.PLUGIN_AUTH,
          Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA,
          Capability.CONNECT_WITH_DB,
          Capability.CONNECT_ATTRS,
          Capability.MARIADB_CLIENT_PROGRESS,
          Capability.MARIADB_CLIENT_CACHE_METADATA);

  @Test
  @DisplayName("HandshakeV10 round-trips with and without MariaDB's extended capabilities")
  void handshakeV10() {
    HandshakeV10 mariadb =
        new HandshakeV10(
            "11.4.5-MariaDB", 0xFFFF_FFFFL, SCRAMBLE, MODERN, 45, 2, "mysql_native_password");
    HandshakeV10 mysql =
        new HandshakeV10(
            "8.0.36",
            7,
            SCRAMBLE,
            Capabilities.of(
                Capability.CLIENT_MYSQL,
                Capability.CLIENT_PROTOCOL_41,
                Capability.SECURE_CONNECTION),
            255,
            0,
            null);

    assertThat(roundTrip(mariadb::encode, HandshakeV10::decode)).isEqualTo(mariadb);
    assertThat(roundTrip(mysql::encode, HandshakeV10::decode)).isEqualTo(mysql);
  }

  @Test
  @DisplayName("with CLIENT_MYSQL set, the extended capability bytes are filler and ignored")
  void clientMysqlIgnoresExtendedBytes() {
    Capabilities capabilities =
        Capabilities.of(Capability.CLIENT_MYSQL, Capability.CLIENT_PROTOCOL_41);
    byte[] bytes =
        encoded(
            new HandshakeResponse41(capabilities, 0, 33, "u", new byte[0], null, null, Map.of())
                ::encode);
    bytes[28] = 0x1D; // the extended capability bytes, set as if a MariaDB client had sent them

    ByteBuf payload = Unpooled.wrappedBuffer(bytes);
    try {
      assertThat(HandshakeResponse41.decode(payload).capabilities()).isEqualTo(capabilities);
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("HandshakeResponse41 round-trips in each auth response layout")
  void handshakeResponseLayouts() {
    byte[] authResponse = new byte[20];
    Arrays.fill(authResponse, (byte) 7);
    Map<String, String> attributes = Map.of("_client_name", "weir", "é", "");
    HandshakeResponse41 lengthEncoded =
        new HandshakeResponse41(
            MODERN, 1 << 24, 45, "app", authResponse, "db", "mysql_native_password", attributes);
    HandshakeResponse41 oneByteLength =
        new HandshakeResponse41(
            Capabilities.of(Capability.CLIENT_PROTOCOL_41, Capability.SECURE_CONNECTION),
            0,
            8,
            "user",
            authResponse,
            null,
            null,
            Map.of());
    HandshakeResponse41 nulTerminated =
        new HandshakeResponse41(
            Capabilities.of(Capability.CLIENT_PROTOCOL_41, Capability.PLUGIN_AUTH),
            0,
            8,
            "user",
            "old".getBytes(),
            null,
            "mysql_old_password",
            Map.of());

    for (HandshakeResponse41 response :
        new HandshakeResponse41[] {lengthEncoded, oneByteLength, nulTerminated}) {
      assertThat(roundTrip(response::encode, HandshakeResponse41::decode)).isEqualTo(response);
    }
  }

  @Test
  @DisplayName("a response ending before its optional fields reads them as absent")
  void optionalFieldsMayBeMissing() {
    HandshakeResponse41 full =
        new HandshakeResponse41(MODERN, 0, 45, "app", new byte[0], "db", "p", Map.of("a", "b"));
    byte[] bytes = encoded(full::encode);
    // fixed part, "app" NUL, empty lenenc auth response: the packet ends before the database
    int end = 32 + 4 + 1;

    ByteBuf payload = Unpooled.wrappedBuffer(bytes, 0, end);
    try {
      HandshakeResponse41 decoded = HandshakeResponse41.decode(payload);
      assertThat(decoded.database()).isNull();
      assertThat(decoded.authPluginName()).isNull();
      assertThat(decoded.connectAttributes()).isEmpty();
    } finally {
      payload.release();
    }
  }

  @Test
  @DisplayName("SslRequest is the 32-byte fixed part of a handshake response")
  void sslRequest() {
    SslRequest request = new SslRequest(MODERN.with(Capability.SSL), 1 << 24, 45);

    byte[] bytes = encoded(request::encode);

    assertThat(bytes).hasSize(SslRequest.LENGTH);
    assertThat(roundTrip(request::encode, SslRequest::decode)).isEqualTo(request);
    ByteBuf withoutSsl = Unpooled.wrappedBuffer(encoded(new SslRequest(MODERN, 0, 45)::encode));
    try {
      assertThat(SslRequest.isSslRequest(withoutSsl)).isFalse();
      assertThatThrownBy(() -> SslRequest.decode(withoutSsl))
          .isInstanceOf(MalformedPacketException.class);
    } finally {
      withoutSsl.release();
    }
  }

  @Test
  @DisplayName("AuthSwitchRequest and AuthSwitchResponse round-trip; a bare 0xFE is the old switch")
  void authSwitch() {
    byte[] data = Arrays.copyOf(SCRAMBLE, 21);
    AuthSwitchRequest request = new AuthSwitchRequest("mysql_native_password", data);
    AuthSwitchResponse response = new AuthSwitchResponse(new byte[] {1, 2, 3});

    assertThat(roundTrip(request::encode, AuthSwitchRequest::decode)).isEqualTo(request);
    assertThat(roundTrip(response::encode, AuthSwitchResponse::decode)).isEqualTo(response);
    assertThat(roundTrip(payload -> payload.writeByte(0xFE), AuthSwitchRequest::decode))
        .isEqualTo(new AuthSwitchRequest(AuthSwitchRequest.OLD_PASSWORD_PLUGIN, new byte[0]));
  }

  @Test
  @DisplayName("every truncation of a valid packet is a MalformedPacketException")
  void truncationsAreMalformed() {
    HandshakeV10 handshake =
        new HandshakeV10("11.4.5-MariaDB", 1, SCRAMBLE, MODERN, 45, 2, "mysql_native_password");
    HandshakeResponse41 response =
        new HandshakeResponse41(MODERN, 0, 45, "app", SCRAMBLE, "db", "p", Map.of("k", "v"));
    // the plugin name may lack its NUL (MySQL 5.5.7 to 5.5.9), so truncate before it
    byte[] handshakeBytes = encoded(handshake::encode);
    assertEveryTruncationMalformed(
        Arrays.copyOf(handshakeBytes, handshakeBytes.length - "mysql_native_password".length() - 1),
        HandshakeV10::decode,
        0);
    // a response may end where an optional field begins (see optionalFieldsMayBeMissing)
    assertEveryTruncationMalformed(
        Arrays.copyOf(encoded(response::encode), 32 + 4 + 21), HandshakeResponse41::decode, 0);
    assertEveryTruncationMalformed(
        // its data is the rest of the packet, so only a cut inside the name is malformed
        Arrays.copyOf(encoded(new AuthSwitchRequest("p", new byte[] {1})::encode), 3),
        AuthSwitchRequest::decode,
        1);
  }

  private static void assertEveryTruncationMalformed(
      byte[] bytes, Function<ByteBuf, ?> decoder, int shortestValid) {
    for (int length = 0; length < bytes.length; length++) {
      if (length == shortestValid && length > 0) {
        continue;
      }
      ByteBuf payload = Unpooled.wrappedBuffer(bytes, 0, length);
      try {
        assertThatThrownBy(() -> decoder.apply(payload))
            .as("truncated to %d of %d bytes", length, bytes.length)
            .isInstanceOf(MalformedPacketException.class);
      } finally {
        payload.release();
      }
    }
  }

  private static <T> T roundTrip(Consumer<ByteBuf> encoder, Function<ByteBuf, T> decoder) {
    ByteBuf payload = Unpooled.wrappedBuffer(encoded(encoder));
    try {
      T decoded = decoder.apply(payload);
      assertThat(payload.isReadable()).isFalse();
      return decoded;
    } finally {
      payload.release();
    }
  }
}
