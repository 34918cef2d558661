package io.weir.cdc.binlog;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import java.io.Serializable;
import java.util.BitSet;

/**
 * Writes MaxScale kafkacdc's two documents: the schema record of a table version and a row event.
 * Member order follows MaxScale's examples.
 */
final class ChangeDocuments {

  /** The row event types, MaxScale's {@code EVENT_TYPES} symbols. */
  enum EventType {
    INSERT("insert"),
    UPDATE_BEFORE("update_before"),
    UPDATE_AFTER("update_after"),
    DELETE("delete");

    final String symbol;

    EventType(String symbol) {
      this.symbol = symbol;
    }
  }

  private static final String FIXED_FIELDS =
      "{\"name\":\"domain\",\"type\":\"int\"},"
          + "{\"name\":\"server_id\",\"type\":\"int\"},"
          + "{\"name\":\"sequence\",\"type\":\"int\"},"
          + "{\"name\":\"event_number\",\"type\":\"int\"},"
          + "{\"name\":\"timestamp\",\"type\":\"int\"},"
          + "{\"name\":\"event_type\",\"type\":{\"type\":\"enum\",\"name\":\"EVENT_TYPES\","
          + "\"symbols\":[\"insert\",\"update_before\",\"update_after\",\"delete\"]}}";

  private ChangeDocuments() {}

  /** The schema record of {@code table}'s version, keyed with event number 0 of {@code gtid}. */
  static ChangeDocument schema(TableDefinition table, Gtid gtid) {
    StringBuilder fields = new StringBuilder("[").append(FIXED_FIELDS);
    for (ColumnDefinition column : table.columns()) {
      fields
          .append(',')
          .append(
              new JsonObjectWriter()
                  .string("name", column.name())
                  .raw("type", "[\"null\"," + JsonObjectWriter.quoted(column.avroType()) + "]")
                  .string("real_type", column.realType())
                  .number("length", column.length())
                  .bool("unsigned", column.unsigned())
                  .finish());
    }
    fields.append(']');
    String json =
        new JsonObjectWriter()
            .string("namespace", "MaxScaleChangeDataSchema.avro")
            .string("type", "record")
            .string("name", "ChangeRecord")
            .string("table", table.table())
            .string("database", table.database())
            .number("version", table.version())
            .string("gtid", gtid.toString())
            .raw("fields", fields.toString())
            .finish();
    return new ChangeDocument(
        ChangeDocument.Kind.SCHEMA, gtid + ":0", json, table.database(), table.table(), 0);
  }

  /**
   * A row event. {@code included} says which columns the row image holds ({@code row} has one cell
   * per included column); with {@code binlog_row_image=FULL} that is all of them.
   */
  static ChangeDocument row(
      TableDefinition table,
      Gtid gtid,
      int eventNumber,
      long timestampSeconds,
      EventType type,
      Serializable[] row,
      BitSet included) {
    JsonObjectWriter json =
        new JsonObjectWriter()
            .number("domain", gtid.domain())
            .raw("server_id", Long.toUnsignedString(gtid.serverId()))
            .raw("sequence", Long.toUnsignedString(gtid.sequence()))
            .number("event_number", eventNumber)
            .number("timestamp", timestampSeconds)
            .string("event_type", type.symbol);
    int cell = 0;
    for (int i = 0; i < table.columns().size(); i++) {
      if (!included.get(i)) {
        continue;
      }
      ColumnDefinition column = table.columns().get(i);
      json.raw(column.name(), ValueSpelling.json(row[cell++], column));
    }
    json.string("table_name", table.table()).string("table_schema", table.database());
    return new ChangeDocument(
        ChangeDocument.Kind.ROW,
        gtid + ":" + eventNumber,
        json.finish(),
        table.database(),
        table.table(),
        eventNumber);
  }
}
