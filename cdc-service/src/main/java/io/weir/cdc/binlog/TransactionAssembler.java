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
import io.weir.cdc.event.TransactionChanges;
import java.io.Serializable;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
 * into one {@link TransactionChanges}: schema records where a table version is used for the first
 * time, then its rows numbered from 1. Rows of tables outside {@code match}/{@code exclude} are
 * left out; the transaction is still handed on. One instance per replication connection, except
 * {@link TableVersions}, which outlives connections.
 */
final class TransactionAssembler {

  /** A finished transaction and the table versions whose schema records it carries. */
  record Finished(TransactionChanges changes, List<TableDefinition> schemas) {}

  /** The GTID event flag of a transaction without COMMIT: one statement, usually DDL. */
  private static final int FL_STANDALONE = 1;

  private final Supplier<BinlogSettings> selection;
  // match, exclude and send_schema as they were when the transaction began
  private BinlogSettings settings;
  private final TableVersions versions;
  private final TableDefinitionReader reader;
  private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();

  private @Nullable Gtid gtid;
  private boolean standalone;
  private final List<ChangeDocument> documents = new ArrayList<>();
  private final List<TableDefinition> schemas = new ArrayList<>();
  private int eventNumber;

  /**
   * @param selection {@code match}, {@code exclude} and {@code send_schema}, read again at the
   *     start of each transaction, so that a change reaches the next transaction whole
   */
  TransactionAssembler(
      Supplier<BinlogSettings> selection, TableVersions versions, TableDefinitionReader reader) {
    this.selection = selection;
    this.settings = selection.get();
    this.versions = versions;
    this.reader = reader;
  }

  /** Takes the next event; answers the transaction it completes, if it completes one. */
  @Nullable Finished accept(Event event) throws SQLException {
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
      case XID -> {
        return finish(header);
      }
      case QUERY -> {
        QueryEventData data = event.getData();
        if (standalone || endsTransaction(data.getSql())) {
          return finish(header);
        }
      }
      default -> {
        // FORMAT_DESCRIPTION, ROTATE, GTID_LIST, BINLOG_CHECKPOINT, ANNOTATE_ROWS, HEARTBEAT...
      }
    }
    return null;
  }

  private void begin(Gtid next, MariadbGtidEventData data) {
    // a transaction still open here was cut short (a ROLLBACK we did not see); it is dropped
    gtid = next;
    settings = selection.get();
    standalone = (data.getFlags() & FL_STANDALONE) != 0;
    documents.clear();
    schemas.clear();
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
    if (!settings.includes(map.getDatabase(), map.getTable())) {
      return;
    }
    TableDefinition table = versions.definitionOf(TableMapSignature.of(map), reader);
    if (settings.sendSchema() && !versions.schemaSent(table) && !schemas.contains(table)) {
      schemas.add(table);
      documents.add(ChangeDocuments.schema(table, current));
    }
    eventNumber++;
    documents.add(
        ChangeDocuments.row(
            table, current, eventNumber, header.getTimestamp() / 1000, type, row, included));
  }

  private @Nullable Finished finish(EventHeader header) {
    Gtid current = gtid;
    gtid = null;
    if (current == null) {
      return null;
    }
    Finished finished =
        new Finished(
            new TransactionChanges(current, Instant.ofEpochMilli(header.getTimestamp()), documents),
            List.copyOf(schemas));
    documents.clear();
    schemas.clear();
    tableMapsOfTransactionDone();
    return finished;
  }

  private void tableMapsOfTransactionDone() {
    // table ids are valid until the next TABLE_MAP for the table; keeping them is harmless, but an
    // endless stream of new ids (tables re-created) would grow the map
    if (tableMaps.size() > 10_000) {
      tableMaps.clear();
    }
  }
}
