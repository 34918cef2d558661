package io.weir.cdc.binlog;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The current version of each table, by name. A table gets a new version when a TABLE_MAP event's
 * column list ({@link TableMapSignature}) differs from the last one seen for its {@code db.table}:
 * ALTER TABLE, a table re-created under the same name with other columns, a RENAME onto a name last
 * seen with other columns. A name seen for the first time starts at version 1. Kept in memory: a
 * new process starts again at 1 (ADR 0012).
 */
final class TableVersions {

  private record Current(TableMapSignature signature, TableDefinition definition) {}

  private final Map<String, Current> byName = new HashMap<>();
  private final Set<String> schemasSent = new HashSet<>();

  /** The definition for {@code signature}, a new version if its columns changed. */
  TableDefinition definitionOf(TableMapSignature signature, TableDefinitionReader reader)
      throws SQLException {
    String name = key(signature.database(), signature.table());
    Current current = byName.get(name);
    if (current != null && current.signature().equals(signature)) {
      return current.definition();
    }
    int version = current == null ? 1 : current.definition().version() + 1;
    TableDefinition definition = reader.read(signature, version);
    byName.put(name, new Current(signature, definition));
    return definition;
  }

  /** Whether a schema record for this version was already delivered. */
  boolean schemaSent(TableDefinition definition) {
    return schemasSent.contains(versionKey(definition));
  }

  /** Records that the schema record for this version was delivered (its transaction was). */
  void markSchemaSent(TableDefinition definition) {
    schemasSent.add(versionKey(definition));
  }

  private static String versionKey(TableDefinition definition) {
    return key(definition.database(), definition.table()) + "\u0000" + definition.version();
  }

  private static String key(String database, String table) {
    // a NUL cannot occur in a name, a dot can
    return database + "\u0000" + table;
  }
}
