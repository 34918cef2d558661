package io.weir.cdc.binlog;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Each table's newest version and the fingerprint of its columns, kept in {@code
 * table_versions.properties} in the service's data directory (beside {@code current_gtid.txt}), so
 * that a reader started again (a restart, a failover, a changed {@code timeout}) goes on numbering
 * where the last one stopped instead of at 1. Rewritten whole, through a temporary file and an
 * atomic rename, each time a table gets a new version (a DDL: rare).
 */
final class TableVersionFile {

  /** A table's newest version and what its columns looked like then. */
  record Stored(int version, String fingerprint) {}

  static final String NAME = "table_versions.properties";

  private final Path file;

  private TableVersionFile(Path file) {
    this.file = file;
  }

  /** The file in {@code directory} (created when the first version is saved). */
  static TableVersionFile in(Path directory) {
    return new TableVersionFile(directory.resolve(NAME));
  }

  /**
   * The versions saved last, keyed {@code db.table} as {@link TableVersions} keys them; none when
   * the file does not exist.
   *
   * @throws UncheckedIOException when it exists and cannot be read
   * @throws IllegalStateException naming the file when an entry is not {@code version:fingerprint}
   */
  Map<String, Stored> load() {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return new HashMap<>();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Stored> stored = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      String value = properties.getProperty(name);
      int colon = value.indexOf(':');
      try {
        stored.put(
            name,
            new Stored(Integer.parseInt(value.substring(0, colon)), value.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            file
                + ": '"
                + value
                + "' is not version:fingerprint; delete the file to number"
                + " table versions from 1 again",
            e);
      }
    }
    return stored;
  }

  /** Replaces the file's content with {@code versions}. */
  void save(Map<String, Stored> versions) {
    Properties properties = new Properties();
    versions.forEach(
        (name, stored) ->
            properties.setProperty(name, stored.version() + ":" + stored.fingerprint()));
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(NAME + ".tmp");
      try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        properties.store(
            writer, "newest version of each table: version:fingerprint of its columns");
      }
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
