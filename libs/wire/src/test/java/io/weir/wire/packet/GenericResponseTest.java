package io.weir.wire.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenericResponseTest {
  private static final Capabilities PROTOCOL_41 =
      Capabilities.of(
          Capability.CLIENT_PROTOCOL_41, Capability.TRANSACTIONS, Capability.SESSION_TRACK);
  private static final Capabilities DEPRECATE_EOF = PROTOCOL_41.with(Capability.DEPRECATE_EOF);

  @Test
  @DisplayName("a plain OK")
  void plainOk() {
    assertThat(decode("0001fc000102000000", PROTOCOL_41, true))
        .isEqualTo(OkPacket.of(1, 256, 2, 0));
  }

  @Test
  @DisplayName("an OK with info and session state changes keeps them, raw")
  void okWithInfoAndSessionState() {
    // status 0x4002: autocommit and session state changed; info "hi"; state: schema "db" (type 1,
    // length 3, lenenc "db")
    GenericResponse response = decode("00000002400000026869050103026462", PROTOCOL_41, false);

    assertThat(response)
        .isEqualTo(
            new OkPacket(0x00, 0, 0, 0x4002, 0, "hi", HexFormat.of().parseHex("0103026462")));
    assertThat(roundTrip(response)).isEqualTo("00000002400000026869050103026462");
  }

  @Test
  @DisplayName("0xFE is an OK ending a result set under DEPRECATE_EOF, an EOF packet without")
  void headerFe() {
    assertThat(decode("fe000022000000", DEPRECATE_EOF, false))
        .isEqualTo(new OkPacket(0xFE, 0, 0, 0x22, 0, "", new byte[0]));
    assertThat(decode("fe00002200", PROTOCOL_41, false)).isEqualTo(new EofPacket(0, 0x22));
    assertThat(roundTrip(new EofPacket(1, 0x0A))).isEqualTo("fe01000a00");
    assertThatThrownBy(() -> decode("fe0000000000000000", PROTOCOL_41, false))
        .isInstanceOf(MalformedPacketException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // golden ERR packets: 4.1 form, pre-4.1 form without SQLSTATE, empty message
    "ff1504233238303030416363657373, 1045, 28000, Access",
    "ff1004546f6f206d616e7920636f6e6e656374696f6e73, 1040, , Too many connections",
    "ff9904233432533032, 1177, 42S02, ''",
  })
  void errPackets(String hex, int errorCode, String sqlState, String message) {
    GenericResponse response = decode(hex, PROTOCOL_41, false);

    assertThat(response)
        .isInstanceOfSatisfying(
            ErrPacket.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(errorCode);
              assertThat(error.sqlState()).isEqualTo(sqlState);
              assertThat(error.message()).startsWith(message);
            });
  }

  @Test
  @DisplayName("the proxy's own ERR packet encodes as the server's would")
  void errEncodes() {
    ErrPacket error =
        new ErrPacket(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");

    String hex = roundTrip(error);

    assertThat(hex).startsWith("ff8104" + "23" + "3038533031");
    assertThat(new ErrPacket(1040, null, "x"))
        .isEqualTo(decode(roundTrip(new ErrPacket(1040, null, "x")), PROTOCOL_41, false));
    assertThatThrownBy(() -> new ErrPacket(1, "123", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ErrPacket(0xFFFF, "HY000", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("error code 0xFFFF is a progress report")
  void progressReport() {
    ProgressReport report = new ProgressReport(1, 2, 50_000, "copy to tmp table");

    String hex = roundTrip(report);

    assertThat(hex).startsWith("ffffff" + "01" + "02" + "50c300" + "11");
    assertThat(decode(hex, PROTOCOL_41, false)).isEqualTo(report);
  }

  @Test
  @DisplayName(
      "an OK without CLIENT_PROTOCOL_41 has no warnings, and status only with TRANSACTIONS")
  void oldProtocolOk() {
    assertThat(decode("000000", Capabilities.NONE, false)).isEqualTo(OkPacket.of(0, 0, 0, 0));
    assertThat(decode("0000000200", Capabilities.of(Capability.TRANSACTIONS), false))
        .isEqualTo(OkPacket.of(0, 0, 2, 0));
  }

  @Test
  @DisplayName("unknown headers, empty packets and truncations are MalformedPacketException")
  void malformed() {
    for (String hex :
        new String[] {
          "", "01", "fb", "00", "0000", "000000", "00000000", "ff", "ff15", "ffffff01", "fe00"
        }) {
      assertThatThrownBy(() -> decode(hex, PROTOCOL_41, false))
          .as(hex)
          .isInstanceOf(MalformedPacketException.class);
    }
  }

  @Test
  @DisplayName("golden: what mariadbd 11.4.5 sends at the end of a login")
  void realServerResponses() throws IOException {
    Properties golden = new Properties();
    try (InputStream in =
        GenericResponseTest.class.getResourceAsStream("mariadb-11.4.5-responses.txt")) {
      golden.load(Objects.requireNonNull(in));
    }

    GenericResponse login = decode(golden.getProperty("ok-after-login"), PROTOCOL_41, true);
    GenericResponse withoutPassword =
        decode(golden.getProperty("ok-after-login-without-password"), PROTOCOL_41, true);
    GenericResponse denied = decode(golden.getProperty("err-access-denied"), PROTOCOL_41, true);

    assertThat(login)
        .isInstanceOfSatisfying(
            OkPacket.class,
            ok -> {
              assertThat(ok.statusFlags()).isEqualTo(2);
              assertThat(ok.info()).hasSize(65).startsWith("\u0001").matches("\u0001[0-9A-F]{64}");
            });
    assertThat(withoutPassword).isEqualTo(OkPacket.of(0, 0, 2, 0));
    assertThat(denied)
        .isEqualTo(
            new ErrPacket(
                1045,
                "28000",
                "Access denied for user 'native'@'127.0.0.1' (using password: YES)"));
  }

  private static GenericResponse decode(String hex, Capabilities capabilities, boolean roundTrips) {
    ByteBuf payload = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    try {
      GenericResponse response = GenericResponse.decode(payload, capabilities);
      assertThat(payload.isReadable()).isFalse();
      if (roundTrips) {
        assertThat(roundTrip(response)).isEqualTo(hex);
      }
      return response;
    } finally {
      payload.release();
    }
  }

  private static String roundTrip(GenericResponse response) {
    ByteBuf payload = Unpooled.buffer();
    try {
      response.encode(payload);
      return ByteBufUtil.hexDump(payload);
    } finally {
      payload.release();
    }
  }
}
