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

  /** How many row events the record's transaction sent (after {@code match}/{@code exclude}). */
  static final String TRANSACTION_ROWS = "weir.transaction.rows";

  private RecordHeaders() {}

  static void write(Headers headers, String gtid, int transactionRows) {
    headers.add(GTID, gtid.getBytes(StandardCharsets.UTF_8));
    headers.add(
        TRANSACTION_ROWS, Integer.toString(transactionRows).getBytes(StandardCharsets.UTF_8));
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
