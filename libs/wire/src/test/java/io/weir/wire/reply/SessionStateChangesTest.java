package io.weir.wire.reply;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.weir.wire.capability.Capabilities;
import io.weir.wire.capability.Capability;
import io.weir.wire.capability.ServerStatus;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadWriter;
import io.weir.wire.packet.GenericResponse;
import io.weir.wire.packet.OkPacket;
import io.weir.wire.reply.SessionStateChange.Gtids;
import io.weir.wire.reply.SessionStateChange.Schema;
import io.weir.wire.reply.SessionStateChange.StateChange;
import io.weir.wire.reply.SessionStateChange.SystemVariable;
import io.weir.wire.reply.SessionStateChange.TransactionCharacteristics;
import io.weir.wire.reply.SessionStateChange.TransactionState;
import io.weir.wire.reply.SessionStateChange.Unknown;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionStateChangesTest {
  /** One SYSTEM_VARIABLES entry holding the given name/value pairs. */
  static byte[] systemVariables(String... namesAndValues) {
    return entry(
        SessionStateChange.SYSTEM_VARIABLES,
        data -> {
          for (String text : namesAndValues) {
            PayloadWriter.writeLengthEncodedString(data, text, UTF_8);
          }
        });
  }

  static byte[] entry(int type, Consumer<ByteBuf> dataWriter) {
    ByteBuf data = Unpooled.buffer();
    ByteBuf entry = Unpooled.buffer();
    try {
      dataWriter.accept(data);
      PayloadWriter.writeInt1(entry, type);
      PayloadWriter.writeLengthEncodedBytes(entry, ByteBufUtil.getBytes(data));
      return ByteBufUtil.getBytes(entry);
    } finally {
      data.release();
      entry.release();
    }
  }

  static byte[] concat(byte[]... parts) {
    return ReplyTrackerTest.concat(java.util.List.of(parts));
  }

  @Test
  @DisplayName("every entry type parses, several variables in one entry included")
  void everyEntryType() {
    byte[] bytes =
        concat(
            systemVariables("autocommit", "OFF", "last_gtid", "0-1-7"),
            entry(
                SessionStateChange.SCHEMA,
                d -> PayloadWriter.writeLengthEncodedString(d, "shop", UTF_8)),
            entry(
                SessionStateChange.STATE_CHANGE,
                d -> PayloadWriter.writeLengthEncodedString(d, "1", UTF_8)),
            entry(
                SessionStateChange.GTIDS,
                d -> {
                  PayloadWriter.writeInt1(d, 0);
                  PayloadWriter.writeLengthEncodedString(d, "uuid:1-5", UTF_8);
                }),
            entry(
                SessionStateChange.TRANSACTION_CHARACTERISTICS,
                d -> PayloadWriter.writeLengthEncodedString(d, "START TRANSACTION;", UTF_8)),
            entry(
                SessionStateChange.TRANSACTION_STATE,
                d -> PayloadWriter.writeLengthEncodedString(d, "T_______", UTF_8)),
            entry(9, d -> d.writeByte(1).writeByte(2)));
    ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
    SessionStateChanges changes = SessionStateChanges.parse(buffer);
    assertThat(buffer.isReadable()).isFalse();
    assertThat(changes.changes())
        .containsExactly(
            new SystemVariable("autocommit", "OFF"),
            new SystemVariable("last_gtid", "0-1-7"),
            new Schema("shop"),
            new StateChange(true),
            new Gtids("uuid:1-5"),
            new TransactionCharacteristics("START TRANSACTION;"),
            new TransactionState("T_______"),
            new Unknown(9, new byte[] {1, 2}));
    assertThat(changes.lastGtid()).contains("0-1-7");
    assertThat(changes.systemVariable("autocommit")).contains("OFF");
    assertThat(changes.systemVariable("sql_mode")).isEmpty();
    assertThat(changes.schema()).contains("shop");
    assertThat(changes.transactionState()).contains("T_______");
    assertThat(changes.stateChanged()).isTrue();
  }

  @Test
  @DisplayName("mariadbd 11.4's schema and bare state change entries parse")
  void mariadbGolden() {
    // captured by ReplyTrackerIT after COM_INIT_DB: SCHEMA "tracker", STATE_CHANGE "1" (bare)
    byte[] bytes = java.util.HexFormat.of().parseHex("010807747261636b6572020131");
    SessionStateChanges changes = SessionStateChanges.parse(Unpooled.wrappedBuffer(bytes));
    assertThat(changes.changes()).containsExactly(new Schema("tracker"), new StateChange(true));
  }

  @Test
  @DisplayName("empty input is EMPTY; later entries win; merge keeps order")
  void emptyAndMerge() {
    SessionStateChanges empty = SessionStateChanges.parse(Unpooled.EMPTY_BUFFER);
    assertThat(empty).isEqualTo(SessionStateChanges.EMPTY);
    assertThat(empty.lastGtid()).isEmpty();
    assertThat(empty.stateChanged()).isFalse();
    SessionStateChanges first =
        SessionStateChanges.parse(Unpooled.wrappedBuffer(systemVariables("last_gtid", "0-1-1")));
    SessionStateChanges second =
        SessionStateChanges.parse(Unpooled.wrappedBuffer(systemVariables("last_gtid", "0-1-2")));
    assertThat(first.merge(second).lastGtid()).contains("0-1-2");
    assertThat(first.merge(SessionStateChanges.EMPTY)).isEqualTo(first);
    assertThat(SessionStateChanges.EMPTY.merge(first)).isEqualTo(first);
  }

  @Test
  @DisplayName("every truncation is a MalformedPacketException")
  void truncations() {
    byte[] bytes =
        concat(
            systemVariables("last_gtid", "0-1-7"),
            entry(
                SessionStateChange.SCHEMA,
                d -> PayloadWriter.writeLengthEncodedString(d, "s", UTF_8)));
    for (int length = 1; length < bytes.length; length++) {
      ByteBuf truncated = Unpooled.wrappedBuffer(bytes, 0, length);
      if (length == systemVariables("last_gtid", "0-1-7").length) {
        assertThat(SessionStateChanges.parse(truncated).changes()).hasSize(1);
        continue;
      }
      assertThatThrownBy(() -> SessionStateChanges.parse(truncated))
          .isInstanceOf(MalformedPacketException.class);
    }
  }

  @Test
  @DisplayName("OkPacket.sessionState parses the raw bytes it keeps")
  void okPacketSessionState() {
    Capabilities capabilities =
        Capabilities.of(Capability.CLIENT_PROTOCOL_41, Capability.SESSION_TRACK);
    OkPacket sent =
        new OkPacket(
            GenericResponse.OK_HEADER,
            0,
            0,
            ServerStatus.SERVER_SESSION_STATE_CHANGED.mask(),
            0,
            "",
            systemVariables("last_gtid", "0-1-9"));
    ByteBuf payload = Unpooled.buffer();
    try {
      sent.encode(payload);
      OkPacket decoded = OkPacket.decode(payload, capabilities);
      assertThat(decoded.sessionState().lastGtid()).contains("0-1-9");
      assertThat(OkPacket.of(0, 0, 0, 0).sessionState()).isEqualTo(SessionStateChanges.EMPTY);
    } finally {
      payload.release();
    }
  }
}
