package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeDocument;

/**
 * What the producer's callback needs to know of a record it sent: for metrics and for a refusal's
 * message. Not the document itself, which would keep a large one (a 100 MB row) on the heap until
 * Kafka acknowledged it, beside the producer's own copy.
 *
 * @param kind schema record or row event
 * @param database the table's database
 * @param table the table's name
 * @param eventNumber its {@code event_number} (0 for a schema record)
 * @param bytes key and document, as {@link ChangeDocument#bytes()} counts them
 */
record SentRecord(
    ChangeDocument.Kind kind, String database, String table, int eventNumber, int bytes) {

  static SentRecord of(ChangeDocument document) {
    return new SentRecord(
        document.kind(),
        document.database(),
        document.table(),
        document.eventNumber(),
        document.bytes());
  }
}
