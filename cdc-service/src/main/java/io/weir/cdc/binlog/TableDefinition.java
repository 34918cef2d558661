package io.weir.cdc.binlog;

import java.util.List;

/**
 * A table's columns at one version.
 *
 * @param database the database it is in
 * @param table its name
 * @param version 1 for the first column list seen for this name, incremented on each change
 * @param columns its columns in table order
 */
record TableDefinition(String database, String table, int version, List<ColumnDefinition> columns) {

  TableDefinition {
    columns = List.copyOf(columns);
  }

  /** {@code db.table}, what {@code match} and {@code exclude} are matched against. */
  String qualifiedName() {
    return database + "." + table;
  }
}
