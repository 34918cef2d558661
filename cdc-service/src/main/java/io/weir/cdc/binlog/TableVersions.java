package io.weir.cdc.binlog;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current version of each table, by name. A table gets a new version when a TABLE_MAP event's
 * column list ({@link TableMapSignature}) differs from the last one seen for its {@code db.table}:
 * ALTER TABLE, a table re-created under the same name with other columns, a RENAME onto a name last
 * seen with other columns. A name never seen starts at version 1.
 *
 * <p>With a {@link TableVersionFile}, a name this reader has not seen yet continues from the
 * version saved by an earlier reader of the service: the same version when the columns are the
 * same, the next one when they differ. A version number therefore never stands for two column lists
 * of one table across restarts and failovers. A crash between a DDL and the checkpoint of the
 * transactions before it replays those with the old columns, which then get a new number too:
 * numbers may skip, never repeat (ADR 0012).
 */
final class TableVersions {
  private static final Logger log = LoggerFactory.getLogger(TableVersions.class);

  private record Current(TableMapSignature signature, TableDefinition definition) {}

  private final Map<String, Current> byName = new HashMap<>();
  private final Set<String> schemasSent = new HashSet<>();
  private final @Nullable TableVersionFile file;
  private final Map<String, TableVersionFile.Stored> saved;

  /** Versions in memory only: a new reader starts at 1. */
  TableVersions() {
    this.file = null;
    this.saved = new HashMap<>();
  }

  /**
   * Versions continued from, and saved to, {@code file}.
   *
   * @throws IllegalStateException when the file cannot be read, naming it
   */
  TableVersions(TableVersionFile file) {
    this.file = file;
    this.saved = file.load();
  }

  /** The definition for {@code signature}, a new version if its columns changed. */
  TableDefinition definitionOf(TableMapSignature signature, TableDefinitionReader reader)
      throws SQLException {
    String name = key(signature.database(), signature.table());
    Current current = byName.get(name);
    if (current != null && current.signature().equals(signature)) {
      return current.definition();
    }
    String fingerprint = file == null ? "" : signature.fingerprint();
    TableVersionFile.Stored before = saved.get(name);
    int version;
    if (current != null) {
      version = current.definition().version() + 1;
    } else if (before != null) {
      version = before.fingerprint().equals(fingerprint) ? before.version() : before.version() + 1;
    } else {
      version = 1;
    }
    TableDefinition definition = reader.read(signature, version);
    byName.put(name, new Current(signature, definition));
    if (file != null && (before == null || before.version() != version)) {
      saved.put(name, new TableVersionFile.Stored(version, fingerprint));
      try {
        file.save(saved);
      } catch (RuntimeException e) {
        // the stream goes on; a later reader may number this table's versions again
        log.warn("cannot save table versions: {}", e.getMessage());
      }
    }
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
