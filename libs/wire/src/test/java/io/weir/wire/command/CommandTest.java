package io.weir.wire.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.reply.ReplyShape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CommandTest {
  @Test
  @DisplayName("command bytes are the protocol's and look up both ways")
  void commandBytes() {
    assertThat(Command.COM_SLEEP.code()).isZero();
    assertThat(Command.COM_QUERY.code()).isEqualTo(0x03);
    assertThat(Command.COM_STMT_PREPARE.code()).isEqualTo(0x16);
    assertThat(Command.COM_STMT_FETCH.code()).isEqualTo(0x1C);
    assertThat(Command.COM_DAEMON.code()).isEqualTo(0x1D);
    assertThat(Command.COM_RESET_CONNECTION.code()).isEqualTo(0x1F);
    assertThat(Command.COM_STMT_BULK_EXECUTE.code()).isEqualTo(0xFA);
    Set<Integer> codes = new HashSet<>();
    for (Command command : Command.values()) {
      assertThat(codes.add(command.code())).isTrue();
      assertThat(Command.of(command.code())).contains(command);
    }
    // 0x00 to 0x1F without gaps, and 0xFA
    assertThat(codes).hasSize(33);
    assertThat(Command.of(0x20)).isEmpty();
    assertThat(Command.of(-1)).isEmpty();
    assertThat(Command.of(256)).isEmpty();
  }

  @Test
  @DisplayName("reply shapes follow the protocol")
  void replyShapes() {
    assertThat(Command.COM_QUIT.replyShape()).isEqualTo(ReplyShape.NONE);
    assertThat(Command.COM_STMT_CLOSE.replyShape()).isEqualTo(ReplyShape.NONE);
    assertThat(Command.COM_STMT_SEND_LONG_DATA.replyShape()).isEqualTo(ReplyShape.NONE);
    assertThat(Command.COM_STATISTICS.replyShape()).isEqualTo(ReplyShape.SINGLE_PACKET);
    assertThat(Command.COM_SET_OPTION.replyShape()).isEqualTo(ReplyShape.SINGLE_PACKET);
    assertThat(Command.COM_QUERY.replyShape()).isEqualTo(ReplyShape.RESULT);
    assertThat(Command.COM_STMT_EXECUTE.replyShape()).isEqualTo(ReplyShape.RESULT);
    assertThat(Command.COM_STMT_BULK_EXECUTE.replyShape()).isEqualTo(ReplyShape.RESULT);
    assertThat(Command.COM_STMT_PREPARE.replyShape()).isEqualTo(ReplyShape.PREPARE);
    assertThat(Command.COM_STMT_FETCH.replyShape()).isEqualTo(ReplyShape.FETCH);
    assertThat(Command.COM_FIELD_LIST.replyShape()).isEqualTo(ReplyShape.FIELD_LIST);
    assertThat(Command.COM_CHANGE_USER.replyShape()).isEqualTo(ReplyShape.UNSUPPORTED);
    assertThat(Command.COM_BINLOG_DUMP_GTID.replyShape()).isEqualTo(ReplyShape.UNSUPPORTED);
  }

  @Test
  @DisplayName("COM_QUERY, COM_INIT_DB and COM_PROCESS_KILL round-trip")
  void simpleCommandsRoundTrip() {
    roundTrip(new ComQuery("SELECT 'é' -- ü"), ComQuery::encode, ComQuery::decode);
    roundTrip(new ComQuery(""), ComQuery::encode, ComQuery::decode);
    roundTrip(new ComInitDb("shop"), ComInitDb::encode, ComInitDb::decode);
    roundTrip(new ComProcessKill(42), ComProcessKill::encode, ComProcessKill::decode);
    roundTrip(new ComProcessKill(-2), ComProcessKill::encode, ComProcessKill::decode);
    assertThat(encode(new ComQuery("DO 1")::encode)).isEqualTo(new byte[] {3, 'D', 'O', ' ', '1'});
    assertThat(encode(new ComProcessKill(0x01020304)::encode))
        .isEqualTo(new byte[] {0x0C, 4, 3, 2, 1});
  }

  @Test
  @DisplayName("a wrong command byte is malformed")
  void wrongCommandByte() {
    byte[] ping = {0x0E};
    assertThatThrownBy(() -> ComQuery.decode(Unpooled.wrappedBuffer(ping)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("COM_QUERY");
    assertThatThrownBy(() -> ComInitDb.decode(Unpooled.wrappedBuffer(ping)))
        .isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> ComProcessKill.decode(Unpooled.wrappedBuffer(ping)))
        .isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> ComChangeUser.decode(Unpooled.wrappedBuffer(ping), Capabilities.NONE))
        .isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> ComQuery.decode(Unpooled.EMPTY_BUFFER))
        .isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> ComProcessKill.decode(Unpooled.wrappedBuffer(new byte[] {0x0C, 1})))
        .isInstanceOf(MalformedPacketException.class);
  }

  @Test
  @DisplayName("COM_CHANGE_USER round-trips in every layout and copies its arrays")
  void changeUserRoundTrips() {
    Capabilities modern =
        Capabilities.of(
            Capability.CLIENT_PROTOCOL_41,
            Capability.SECURE_CONNECTION,
            Capability.PLUGIN_AUTH,
            Capability.CONNECT_ATTRS);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("_client_name", "weir");
    attributes.put("_pid", "42");
    byte[] auth = new byte[20];
    Arrays.fill(auth, (byte) 7);
    auth[3] = 0;
    ComChangeUser full =
        new ComChangeUser(modern, "app", auth, "shop", 45, "mysql_native_password", attributes);
    roundTrip(full, ComChangeUser::encode, payload -> ComChangeUser.decode(payload, modern));

    Capabilities old = Capabilities.of(Capability.CLIENT_PROTOCOL_41);
    ComChangeUser nulTerminated =
        new ComChangeUser(old, "app", "hash".getBytes(UTF_8), "", 33, null, Map.of());
    roundTrip(nulTerminated, ComChangeUser::encode, payload -> ComChangeUser.decode(payload, old));

    byte[] golden = encode(full::encode);
    assertThat(golden[0]).isEqualTo((byte) 0x11);
    assertThat(new String(golden, 1, 3, UTF_8)).isEqualTo("app");
    assertThat(golden[4]).isZero();
    assertThat(golden[5]).isEqualTo((byte) 20);

    auth[0] = 99;
    assertThat(full.authResponse()[0]).isEqualTo((byte) 7);
    full.authResponse()[0] = 99;
    assertThat(full.authResponse()[0]).isEqualTo((byte) 7);
    assertThat(full.toString()).doesNotContain("7, 7").contains("20 bytes");

    // a payload ending after the schema: charset, plugin and attributes absent
    ByteBuf shortPayload = Unpooled.buffer();
    shortPayload.writeByte(0x11).writeBytes("u\0".getBytes(UTF_8)).writeByte(0);
    shortPayload.writeBytes("s\0".getBytes(UTF_8));
    ComChangeUser decoded = ComChangeUser.decode(shortPayload, modern);
    assertThat(decoded.characterSet()).isZero();
    assertThat(decoded.authPluginName()).isNull();
    assertThat(decoded.connectAttributes()).isEmpty();
    shortPayload.release();

    for (int length = 1; length < golden.length; length++) {
      ByteBuf truncated = Unpooled.wrappedBuffer(golden, 0, length);
      try {
        ComChangeUser.decode(truncated, modern);
      } catch (MalformedPacketException expected) {
        // the documented failure; a cut between optional fields decodes as absent fields
      }
    }
  }

  private static <T> void roundTrip(
      T command, java.util.function.BiConsumer<T, ByteBuf> encoder, Function<ByteBuf, T> decoder) {
    ByteBuf payload = Unpooled.buffer();
    try {
      encoder.accept(command, payload);
      assertThat(decoder.apply(payload)).isEqualTo(command);
      assertThat(payload.isReadable()).isFalse();
    } finally {
      payload.release();
    }
  }

  private static byte[] encode(Consumer<ByteBuf> encoder) {
    ByteBuf payload = Unpooled.buffer();
    try {
      encoder.accept(payload);
      return ByteBufUtil.getBytes(payload);
    } finally {
      payload.release();
    }
  }
}
