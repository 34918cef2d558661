package io.weir.cdc.event;

/**
 * One record for Kafka: a schema record or a row event, as JSON in MaxScale kafkacdc's format.
 *
 * @param kind what it is
 * @param key the Kafka key: {@code domain-server_id-sequence:event_number} for a row event (as
 *     MaxScale), and for a schema record the same with event number 0 of the transaction whose row
 *     first used that table version
 * @param json the document
 * @param database the table's database
 * @param table the table's name
 * @param eventNumber 1-based within the transaction for a row event; 0 for a schema record
 */
public record ChangeDocument(
    Kind kind, String key, String json, String database, String table, int eventNumber) {

  /** What a document is. */
  public enum Kind {
    /** A table definition: {@code namespace MaxScaleChangeDataSchema.avro}, sent before rows. */
    SCHEMA,
    /** An insert, update_before, update_after or delete. */
    ROW
  }

  /** Its size in bytes as sent, for byte-bounded queues and metrics. */
  public int bytes() {
    return key.length() + json.length();
  }
}
