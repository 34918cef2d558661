package io.weir.wire.reply;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.wire.codec.MalformedPacketException;
import io.weir.wire.codec.PayloadReader;
import io.weir.wire.reply.SessionStateChange.Gtids;
import io.weir.wire.reply.SessionStateChange.Schema;
import io.weir.wire.reply.SessionStateChange.StateChange;
import io.weir.wire.reply.SessionStateChange.SystemVariable;
import io.weir.wire.reply.SessionStateChange.TransactionCharacteristics;
import io.weir.wire.reply.SessionStateChange.TransactionState;
import io.weir.wire.reply.SessionStateChange.Unknown;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session state changes of one or more OK packets, in the order the server sent them.
 *
 * @param changes the entries; a later entry overrides an earlier one of the same kind
 * @see <a href="https://mariadb.com/kb/en/ok_packet/#session-change-type">Session change type</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public record SessionStateChanges(List<SessionStateChange> changes) {
  /** No change. */
  public static final SessionStateChanges EMPTY = new SessionStateChanges(List.of());

  /** The system variable MariaDB reports the GTID of the last transaction in. */
  public static final String LAST_GTID = "last_gtid";

  /** Copies the list so the record stays immutable. */
  public SessionStateChanges {
    changes = List.copyOf(changes);
  }

  /**
   * Parses the session state information of an OK packet (the bytes inside its {@code
   * string<lenenc>}, as {@link io.weir.wire.packet.OkPacket#sessionStateChanges()} keeps them): a
   * sequence of entries, each a type byte and its data as a {@code string<lenenc>}. Inside the
   * data, names and values are {@code string<lenenc>}; a state change's "1" or "0" and the
   * transaction entries' text are read bare or as one {@code string<lenenc>}, as servers differ.
   * Reads every readable byte. A system variables entry may hold several name/value pairs; each
   * becomes one {@link SystemVariable}.
   *
   * @throws MalformedPacketException if an entry or a field inside it is truncated
   */
  public static SessionStateChanges parse(ByteBuf sessionStateInfo) {
    List<SessionStateChange> changes = new ArrayList<>();
    while (sessionStateInfo.isReadable()) {
      int type = PayloadReader.readInt1(sessionStateInfo);
      byte[] data = PayloadReader.readLengthEncodedBytes(sessionStateInfo);
      ByteBuf entry = Unpooled.wrappedBuffer(data);
      switch (type) {
        case SessionStateChange.SYSTEM_VARIABLES -> {
          do {
            String name = PayloadReader.readLengthEncodedString(entry, UTF_8);
            String value = PayloadReader.readLengthEncodedString(entry, UTF_8);
            changes.add(new SystemVariable(name, value));
          } while (entry.isReadable());
        }
        case SessionStateChange.SCHEMA ->
            changes.add(new Schema(PayloadReader.readLengthEncodedString(entry, UTF_8)));
        case SessionStateChange.STATE_CHANGE ->
            changes.add(new StateChange("1".equals(text(data))));
        case SessionStateChange.GTIDS -> {
          PayloadReader.readInt1(entry); // the encoding specification, 0 for a GTID set
          changes.add(new Gtids(PayloadReader.readLengthEncodedString(entry, UTF_8)));
        }
        case SessionStateChange.TRANSACTION_CHARACTERISTICS ->
            changes.add(new TransactionCharacteristics(text(data)));
        case SessionStateChange.TRANSACTION_STATE -> changes.add(new TransactionState(text(data)));
        default -> changes.add(new Unknown(type, data));
      }
    }
    return new SessionStateChanges(changes);
  }

  /**
   * The text of an entry whose data is a single string: servers send it bare (MariaDB's state
   * change is the one byte {@code 1}) or as a {@code string<lenenc>} filling the data exactly.
   */
  private static String text(byte[] data) {
    ByteBuf entry = Unpooled.wrappedBuffer(data);
    if (data.length > 0 && (data[0] & 0xFF) < 0xFB && (data[0] & 0xFF) == data.length - 1) {
      entry.skipBytes(1);
    }
    return entry.toString(UTF_8);
  }

  /** These changes followed by {@code later}'s. */
  public SessionStateChanges merge(SessionStateChanges later) {
    if (later.changes.isEmpty()) {
      return this;
    }
    if (changes.isEmpty()) {
      return later;
    }
    List<SessionStateChange> merged = new ArrayList<>(changes);
    merged.addAll(later.changes);
    return new SessionStateChanges(merged);
  }

  /** The last value of the system variable {@code last_gtid}, MariaDB's GTID of the last commit. */
  public Optional<String> lastGtid() {
    return systemVariable(LAST_GTID);
  }

  /** The last value reported for the system variable {@code name}. */
  public Optional<String> systemVariable(String name) {
    String value = null;
    for (SessionStateChange change : changes) {
      if (change instanceof SystemVariable variable && variable.name().equalsIgnoreCase(name)) {
        value = variable.value();
      }
    }
    return Optional.ofNullable(value);
  }

  /** The last default schema reported. */
  public Optional<String> schema() {
    String value = null;
    for (SessionStateChange change : changes) {
      if (change instanceof Schema schema) {
        value = schema.name();
      }
    }
    return Optional.ofNullable(value);
  }

  /** The last transaction state reported. */
  public Optional<String> transactionState() {
    String value = null;
    for (SessionStateChange change : changes) {
      if (change instanceof TransactionState state) {
        value = state.state();
      }
    }
    return Optional.ofNullable(value);
  }

  /** Whether any {@link StateChange} entry said the session state changed. */
  public boolean stateChanged() {
    return changes.stream()
        .anyMatch(change -> change instanceof StateChange stateChange && stateChange.changed());
  }
}
