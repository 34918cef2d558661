package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers of one service started one after another (a restart, a failover) on the same data
 * directory go on numbering table versions where the last one stopped ({@link TableVersionFile}),
 * so a version never stands for two column lists of a table.
 */
@WithMariaDb(replicas = 0)
class TableVersionsSurviveRestartsIT {

  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  @Test
  @DisplayName(
      "a new reader keeps a table's version when its columns are the same, takes the next one"
          + " when they changed, and a reader without the directory starts at 1")
  void versionsContinueAcrossReaders(MariaDbTopology topology, @TempDir Path directory)
      throws Exception {
    var primary = topology.primary();
    primary.execute(
        "CREATE DATABASE IF NOT EXISTS versions_test",
        "CREATE TABLE versions_test.t (id INT PRIMARY KEY)");
    GtidPosition start = GtidPosition.parse(topology.primaryGtidPosition());
    primary.execute(
        "INSERT INTO versions_test.t VALUES (1)",
        "ALTER TABLE versions_test.t ADD COLUMN name VARCHAR(10)",
        "INSERT INTO versions_test.t VALUES (2, 'two')");
    GtidPosition afterAlter = GtidPosition.parse(topology.primaryGtidPosition());

    assertThat(schemaVersions(topology, directory, start, 2)).containsExactly(1, 2);
    assertThat(Files.readString(directory.resolve(TableVersionFile.NAME)))
        .contains("versions_test")
        .contains("=2\\:");

    primary.execute("INSERT INTO versions_test.t VALUES (3, 'three')");
    assertThat(schemaVersions(topology, directory, afterAlter, 1))
        .as("same columns after a restart: the same version")
        .containsExactly(2);

    primary.execute("ALTER TABLE versions_test.t DROP COLUMN name");
    GtidPosition afterDrop = GtidPosition.parse(topology.primaryGtidPosition());
    primary.execute("INSERT INTO versions_test.t VALUES (4)");
    assertThat(schemaVersions(topology, directory, afterDrop, 1))
        .as("the columns of version 1 again, after a restart: a new number, not 1")
        .containsExactly(3);

    try (BinlogChangeSource inMemory = new BinlogChangeSource(settings(topology))) {
      assertThat(read(inMemory, afterDrop, 1)).as("no data directory").containsExactly(1);
    }
  }

  /** The schema versions a new reader on {@code directory} sends after {@code position}. */
  private static List<Integer> schemaVersions(
      MariaDbTopology topology, Path directory, GtidPosition position, int rows) throws Exception {
    try (BinlogChangeSource source = new BinlogChangeSource(settings(topology), directory)) {
      return read(source, position, rows);
    }
  }

  private static List<Integer> read(BinlogChangeSource source, GtidPosition position, int rows)
      throws InterruptedException {
    List<TransactionPiece> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Exception> failure = new CompletableFuture<>();
    source.start(position, received::add, failure::complete);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received.stream().mapToInt(TransactionPiece::rowEvents).sum() < rows) {
      if (failure.isDone()) {
        throw new AssertionError("replication failed", failure.getNow(null));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + received + " arrived, not " + rows + " rows");
      }
      Thread.sleep(20);
    }
    return received.stream()
        .flatMap(transaction -> transaction.documents().stream())
        .filter(document -> document.kind() == ChangeDocument.Kind.SCHEMA)
        .filter(document -> document.table().equals("t"))
        .map(document -> version(document.json()))
        .toList();
  }

  private static int version(String json) {
    Matcher matcher = VERSION.matcher(json);
    assertThat(matcher.find()).as(json).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static BinlogSettings settings(MariaDbTopology topology) {
    return BinlogSettings.of(
        topology.primary().host(),
        topology.primary().port(),
        Credentials.SERVICE.user(),
        Credentials.SERVICE.password());
  }
}
