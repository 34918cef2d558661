package io.weir.wire.reply;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an OK packet's session state information, sent when {@code SESSION_TRACK} was
 * negotiated and the status has {@code SERVER_SESSION_STATE_CHANGED}.
 *
 * @see <a href="https://mariadb.com/kb/en/ok_packet/#session-change-type">Session change type</a>
 * @see <a href="https://mariadb.com/kb/en/clientserver-protocol/">MariaDB client/server
 *     protocol</a>
 */
public sealed interface SessionStateChange {
  /** Entry type of {@link SystemVariable}. */
  int SYSTEM_VARIABLES = 0;

  /** Entry type of {@link Schema}. */
  int SCHEMA = 1;

  /** Entry type of {@link StateChange}. */
  int STATE_CHANGE = 2;

  /** Entry type of {@link Gtids}. */
  int GTIDS = 3;

  /** Entry type of {@link TransactionCharacteristics}. */
  int TRANSACTION_CHARACTERISTICS = 4;

  /** Entry type of {@link TransactionState}. */
  int TRANSACTION_STATE = 5;

  /**
   * A tracked system variable changed (see {@code session_track_system_variables}); MariaDB reports
   * {@code last_gtid} this way.
   *
   * @param name the variable's name
   * @param value its new value
   */
  record SystemVariable(String name, String value) implements SessionStateChange {}

  /**
   * The default schema changed.
   *
   * @param name the new default schema
   */
  record Schema(String name) implements SessionStateChange {}

  /**
   * The session state changed in a way that makes the session not reusable as is (variables,
   * temporary tables, user variables, prepared statements...).
   *
   * @param changed whether the server said "1"
   */
  record StateChange(boolean changed) implements SessionStateChange {}

  /**
   * GTIDs, as MySQL's {@code session_track_gtids} sends them.
   *
   * @param gtids the GTID set
   */
  record Gtids(String gtids) implements SessionStateChange {}

  /**
   * The statements that would restart the current transaction with its characteristics.
   *
   * @param characteristics for example {@code START TRANSACTION READ ONLY;}
   */
  record TransactionCharacteristics(String characteristics) implements SessionStateChange {}

  /**
   * The transaction state as eight characters (see {@code session_track_transaction_info}).
   *
   * @param state for example {@code T_______}
   */
  record TransactionState(String state) implements SessionStateChange {}

  /**
   * An entry type this library does not know, kept raw.
   *
   * @param type the entry type
   * @param data the entry's data
   */
  record Unknown(int type, byte[] data) implements SessionStateChange {
    /** Copies the data so the record stays immutable. */
    public Unknown {
      data = data.clone();
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Unknown that && type == that.type && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
      return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Unknown[type=" + type + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
  }
}
