package io.weir.cdc.binlog;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeader;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.TransactionPiece;
import java.io.Serializable;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Groups binlog events from a MariaDB GTID event to the end of its transaction (an XID event, a
 * {@code COMMIT} or {@code ROLLBACK} query, or the single query of a standalone GTID such as DDL)
 * into {@link TransactionPiece}s: schema records where a table version is used for the first time,
 * then its rows numbered from 1. A piece is handed on as soon as its documents reach {@link
 * BinlogSettings#pieceBytes()}, and the last one at the commit event, so a transaction of millions
 * of rows never sits in memory whole. Rows of tables outside {@code match}/{@code exclude} are left
 * out; the transaction is still handed on. One instance per replication connection, except {@link
 * TableVersions}, which outlives connections.
 */
final class TransactionAssembler {

  /**
   * A piece ready to be handed on and, on the last piece, the table versions whose schema records
   * the transaction carried (marked as sent once the last piece is handed on).
   */
  record Piece(TransactionPiece piece, List<TableDefinition> schemas) {}

  /**
   * A transaction some of whose pieces were handed on when its connection ended, and the {@code
   * match}/{@code exclude}/{@code send_schema} it was read with: read again, it must be read with
   * the same ones, so its documents get the same event numbers.
   */
  record Interrupted(Gtid gtid, BinlogSettings settings) {}

  /** The GTID event flag of a transaction without COMMIT: one statement, usually DDL. */
  private static final int FL_STANDALONE = 1;

  private final Supplier<BinlogSettings> selection;
  private final @Nullable Interrupted interrupted;
  // match, exclude and send_schema as they were when the transaction began
  private BinlogSettings settings;
  private final TableVersions versions;
  private final TableDefinitionReader reader;
  private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();

  private @Nullable Gtid gtid;
  private boolean standalone;
  private final List<ChangeDocument> documents = new ArrayList<>();
  private long documentBytes;
  private int piecesHandedOn;
  private final List<TableDefinition> schemas = new ArrayList<>();

  /**
   * The table the last rows came from, resolved once for all rows of its TABLE_MAP event: whether
   * {@code match}/{@code exclude} take it (a regex on {@code db.table}) and its version (a
   * signature of every column) cost far more than a row's document, and are the same for every row
   * of that event. Forgotten when a transaction begins or ends, since the selection may change
   * between transactions.
   *
   * @param table its definition, or null when the selection leaves it out
   * @param schemaDue whether its schema record still has to be sent in this transaction
   */
  private record ResolvedTable(
      TableMapEventData map, @Nullable TableDefinition table, boolean schemaDue) {}

  private @Nullable ResolvedTable resolved;
  private int eventNumber;
  private final List<Piece> ready = new ArrayList<>();

  /**
   * @param selection {@code match}, {@code exclude} and {@code send_schema}, read again at the
   *     start of each transaction, so that a change reaches the next transaction whole
   * @param interrupted the transaction the previous connection was in the middle of, if any: when
   *     it comes again it is read with the settings it was first read with
   */
  TransactionAssembler(
      Supplier<BinlogSettings> selection,
      TableVersions versions,
      TableDefinitionReader reader,
      @Nullable Interrupted interrupted) {
    this.selection = selection;
    this.interrupted = interrupted;
    this.settings = selection.get();
    this.versions = versions;
    this.reader = reader;
  }

  /**
   * The transaction being read if some of its pieces were handed on already, for the next
   * connection's assembler.
   */
  @Nullable Interrupted interrupted() {
    Gtid current = gtid;
    return current != null && piecesHandedOn > 0 ? new Interrupted(current, settings) : null;
  }

  /**
   * Takes the next event; answers the pieces it makes ready, in order: none, a piece that reached
   * {@link BinlogSettings#pieceBytes()}, or the transaction's last piece.
   */
  List<Piece> accept(Event event) throws SQLException {
    ready.clear();
    handle(event);
    return ready.isEmpty() ? List.of() : List.copyOf(ready);
  }

  private void handle(Event event) throws SQLException {
    EventHeader header = event.getHeader();
    switch (header.getEventType()) {
      case MARIADB_GTID -> {
        MariadbGtidEventData data = event.getData();
        begin(new Gtid(data.getDomainId(), header.getServerId(), data.getSequence()), data);
      }
      case TABLE_MAP -> {
        TableMapEventData data = event.getData();
        tableMaps.put(data.getTableId(), data);
      }
      case WRITE_ROWS, EXT_WRITE_ROWS -> {
        WriteRowsEventData data = event.getData();
        for (Serializable[] row : data.getRows()) {
          addRow(
              data.getTableId(),
              header,
              ChangeDocuments.EventType.INSERT,
              row,
              data.getIncludedColumns());
        }
      }
      case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
        UpdateRowsEventData data = event.getData();
        for (Map.Entry<Serializable[], Serializable[]> row : data.getRows()) {
          addRow(
              data.getTableId(),
              header,
              ChangeDocuments.EventType.UPDATE_BEFORE,
              row.getKey(),
              data.getIncludedColumnsBeforeUpdate());
          addRow(
              data.getTableId(),
              header,
              ChangeDocuments.EventType.UPDATE_AFTER,
              row.getValue(),
              data.getIncludedColumns());
        }
      }
      case DELETE_ROWS, EXT_DELETE_ROWS -> {
        DeleteRowsEventData data = event.getData();
        for (Serializable[] row : data.getRows()) {
          addRow(
              data.getTableId(),
              header,
              ChangeDocuments.EventType.DELETE,
              row,
              data.getIncludedColumns());
        }
      }
      case XID -> finish(header);
      case QUERY -> {
        QueryEventData data = event.getData();
        if (standalone || endsTransaction(data.getSql())) {
          finish(header);
        }
      }
      default -> {
        // FORMAT_DESCRIPTION, ROTATE, GTID_LIST, BINLOG_CHECKPOINT, ANNOTATE_ROWS, HEARTBEAT...
      }
    }
  }

  private void begin(Gtid next, MariadbGtidEventData data) {
    // a transaction still open here was cut short (a ROLLBACK we did not see); it is dropped, and
    // the sink, seeing the next transaction's piece 0, learns that its pieces will not continue
    gtid = next;
    Interrupted again = interrupted;
    settings = again != null && again.gtid().equals(next) ? again.settings() : selection.get();
    standalone = (data.getFlags() & FL_STANDALONE) != 0;
    documents.clear();
    documentBytes = 0;
    piecesHandedOn = 0;
    schemas.clear();
    resolved = null;
    eventNumber = 0;
  }

  private static boolean endsTransaction(String sql) {
    String statement = sql.strip().toUpperCase(Locale.ROOT);
    return statement.equals("COMMIT")
        || statement.equals("ROLLBACK")
        || statement.startsWith("XA COMMIT")
        || statement.startsWith("XA ROLLBACK");
  }

  private void addRow(
      long tableId,
      EventHeader header,
      ChangeDocuments.EventType type,
      Serializable[] row,
      BitSet included)
      throws SQLException {
    Gtid current = gtid;
    if (current == null) {
      return; // rows before the first GTID event of a connection cannot be placed
    }
    TableMapEventData map = tableMaps.get(tableId);
    if (map == null) {
      throw new IllegalStateException(
          "a rows event for table id " + tableId + " came without its TABLE_MAP event");
    }
    ResolvedTable last = resolved;
    if (last == null || last.map() != map) {
      last = resolve(map);
    }
    TableDefinition table = last.table();
    if (table == null) {
      resolved = last;
      return;
    }
    if (last.schemaDue()) {
      schemas.add(table);
      add(ChangeDocuments.schema(table, current));
      last = new ResolvedTable(map, table, false);
    }
    resolved = last;
    eventNumber++;
    add(
        ChangeDocuments.row(
            table, current, eventNumber, header.getTimestamp() / 1000, type, row, included));
    // the cells are in the document now; the event stays referenced until the sink has taken its
    // pieces, and a 100 MB cell should not be held twice meanwhile
    Arrays.fill(row, null);
    if (documentBytes >= settings.pieceBytes()) {
      ready.add(
          new Piece(new TransactionPiece(current, piecesHandedOn++, documents, null), List.of()));
      documents.clear();
      documentBytes = 0;
    }
  }

  private ResolvedTable resolve(TableMapEventData map) throws SQLException {
    if (!settings.includes(map.getDatabase(), map.getTable())) {
      return new ResolvedTable(map, null, false);
    }
    TableDefinition table = versions.definitionOf(TableMapSignature.of(map), reader);
    boolean schemaDue =
        settings.sendSchema() && !versions.schemaSent(table) && !schemas.contains(table);
    return new ResolvedTable(map, table, schemaDue);
  }

  private void add(ChangeDocument document) {
    documents.add(document);
    documentBytes += document.bytes();
  }

  private void finish(EventHeader header) {
    Gtid current = gtid;
    gtid = null;
    if (current == null) {
      return;
    }
    ready.add(
        new Piece(
            new TransactionPiece(
                current, piecesHandedOn, documents, Instant.ofEpochMilli(header.getTimestamp())),
            List.copyOf(schemas)));
    documents.clear();
    documentBytes = 0;
    piecesHandedOn = 0;
    schemas.clear();
    resolved = null;
    tableMapsOfTransactionDone();
  }

  private void tableMapsOfTransactionDone() {
    // table ids are valid until the next TABLE_MAP for the table; keeping them is harmless, but an
    // endless stream of new ids (tables re-created) would grow the map
    if (tableMaps.size() > 10_000) {
      tableMaps.clear();
    }
  }
}
