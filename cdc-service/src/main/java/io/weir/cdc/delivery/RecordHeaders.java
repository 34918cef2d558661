package io.weir.cdc.delivery;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Headers Weir adds to each record, beside MaxScale's document (which stays as it is): they let a
 * restart tell a transaction Kafka holds completely from one a crash cut short.
 */
final class RecordHeaders {

  /** The GTID of the record's transaction, {@code domain-server_id-sequence}. */
  static final String GTID = "weir.gtid";

  /**
   * How many row events the record's transaction sent (after {@code match}/{@code exclude}). Only
   * on records sent with the transaction's last piece, when the total is known: a record with
   * {@link #GTID} and without it belongs to a transaction whose end it does not show.
   */
  static final String TRANSACTION_ROWS = "weir.transaction.rows";

  private RecordHeaders() {}

  static void write(Headers headers, String gtid, OptionalInt transactionRows) {
    headers.add(GTID, gtid.getBytes(StandardCharsets.UTF_8));
    if (transactionRows.isPresent()) {
      headers.add(
          TRANSACTION_ROWS,
          Integer.toString(transactionRows.getAsInt()).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Whether Weir wrote the record (it has {@link #GTID}). */
  static boolean fromWeir(Headers headers) {
    return headers.lastHeader(GTID) != null;
  }

  static OptionalInt transactionRows(Headers headers) {
    Header header = headers.lastHeader(TRANSACTION_ROWS);
    if (header == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(
          Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8).strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
