package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Explains a record Kafka refused. A record larger than the producer's {@code max.request.size}
 * ({@code weir.cdc.max-record-bytes}), its buffer, or the topic's {@code max.message.bytes} or
 * {@code segment.bytes} is never skipped: delivery stops at its checkpoint and the operator reads
 * which setting to raise and which record needs it.
 */
final class RefusedRecord {

  private RefusedRecord() {}

  /**
   * {@code cause}, or for a record too large an exception that names the record (table, GTID, event
   * number, size) and the settings that bound it.
   */
  static Exception explain(Exception cause, SentRecord document, Gtid gtid) {
    if (!tooLarge(cause)) {
      return cause;
    }
    String what =
        document.kind() == ChangeDocument.Kind.ROW
            ? "row event " + document.eventNumber()
            : "the schema record";
    return new IllegalStateException(
        what
            + " of transaction "
            + gtid
            + " on "
            + document.database()
            + "."
            + document.table()
            + " ("
            + document.bytes()
            + " bytes of key and document) is larger than Kafka accepts: raise"
            + " weir.cdc.max-record-bytes (the producer's max.request.size) and the topic's"
            + " max.message.bytes and segment.bytes (and the broker's socket.request.max.bytes)"
            + " above its size. The record is not skipped: the service stops at its checkpoint and"
            + " sends it again after a restart ("
            + cause.getMessage()
            + ")",
        cause);
  }

  private static boolean tooLarge(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
        return true;
      }
    }
    return false;
  }
}
