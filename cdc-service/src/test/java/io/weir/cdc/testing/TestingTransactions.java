package io.weir.cdc.testing;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.TransactionPiece;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test code: transactions as the binlog reader would hand them on, with documents in MaxScale
 * kafkacdc's shape (a schema record, then row events numbered from 1).
 */
public final class TestingTransactions {

  private static final Instant COMMITTED_AT = Instant.ofEpochSecond(1_700_000_000);

  private TestingTransactions() {}

  /**
   * A transaction of {@code rows} inserts into {@code database.table}, after its schema record, as
   * one piece.
   */
  public static TransactionPiece inserts(Gtid gtid, String database, String table, int rows) {
    List<ChangeDocument> documents = new ArrayList<>();
    documents.add(
        new ChangeDocument(
            ChangeDocument.Kind.SCHEMA,
            key(gtid, 0),
            "{\"namespace\":\"MaxScaleChangeDataSchema.avro\",\"type\":\"record\","
                + "\"name\":\"ChangeRecord\",\"database\":\""
                + database
                + "\",\"table\":\""
                + table
                + "\",\"version\":1,\"gtid\":\""
                + gtid
                + "\",\"fields\":[]}",
            database,
            table,
            0));
    for (int event = 1; event <= rows; event++) {
      documents.add(row(gtid, database, table, event, ""));
    }
    return TransactionPiece.whole(gtid, COMMITTED_AT, documents);
  }

  /**
   * The same transaction as {@link #inserts} in pieces of {@code rowsPerPiece} row events (the
   * schema record in the first), as a reader hands a large one on.
   */
  public static List<TransactionPiece> insertsInPieces(
      Gtid gtid, String database, String table, int rows, int rowsPerPiece) {
    List<ChangeDocument> documents = inserts(gtid, database, table, rows).documents();
    List<TransactionPiece> pieces = new ArrayList<>();
    int from = 0;
    while (from < documents.size()) {
      int to = Math.min(documents.size(), from == 0 ? rowsPerPiece + 1 : from + rowsPerPiece);
      boolean last = to == documents.size();
      pieces.add(
          new TransactionPiece(
              gtid, pieces.size(), documents.subList(from, to), last ? COMMITTED_AT : null));
      from = to;
    }
    return pieces;
  }

  /** A row event whose document carries {@code padding} (to make it large). */
  public static ChangeDocument row(
      Gtid gtid, String database, String table, int event, String padding) {
    return new ChangeDocument(
        ChangeDocument.Kind.ROW,
        key(gtid, event),
        "{\"domain\":"
            + gtid.domain()
            + ",\"server_id\":"
            + gtid.serverId()
            + ",\"sequence\":"
            + gtid.sequence()
            + ",\"event_number\":"
            + event
            + ",\"timestamp\":1700000000,\"event_type\":\"insert\",\"id\":"
            + event
            + ",\"note\":\""
            + padding
            + "\",\"table_name\":\""
            + table
            + "\",\"table_schema\":\""
            + database
            + "\"}",
        database,
        table,
        event);
  }

  /** MaxScale's key: {@code domain-server_id-sequence:event_number}. */
  public static String key(Gtid gtid, int event) {
    return gtid + ":" + event;
  }
}
