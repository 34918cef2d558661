package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionChanges;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What stops a {@link BinlogChangeSource} for good reaches the failure listener. */
@WithMariaDb(replicas = 0)
class BinlogChangeSourceIT {

  private static BinlogSettings settings(MariaDbTopology topology) {
    return BinlogSettings.of(
        topology.primary().host(),
        topology.primary().port(),
        Credentials.SERVICE.user(),
        Credentials.SERVICE.password());
  }

  @Test
  @DisplayName("a position whose binlogs were purged fails with an error naming the GTID")
  void purgedPosition(MariaDbTopology topology) throws Exception {
    topology
        .primary()
        .execute(
            "CREATE DATABASE IF NOT EXISTS purge_test",
            "CREATE TABLE IF NOT EXISTS purge_test.t (id INT PRIMARY KEY)",
            "INSERT INTO purge_test.t VALUES (1)");
    String old = topology.primaryGtidPosition();
    topology.primary().execute("INSERT INTO purge_test.t VALUES (2)");
    purgeAllButTheCurrentBinlog(topology);
    // an older position than the oldest remaining binlog starts with
    GtidPosition purged = GtidPosition.parse(old);
    CompletableFuture<Exception> failure = new CompletableFuture<>();
    try (BinlogChangeSource source = new BinlogChangeSource(settings(topology))) {
      source.start(purged, transaction -> {}, failure::complete);
      Exception cause = failure.get(30, TimeUnit.SECONDS);
      assertThat(cause).isInstanceOf(FatalReplicationException.class);
      assertThat(cause.getMessage()).contains(purged.toString()).contains("1236");
    }
  }

  /**
   * MariaDB keeps a binlog until InnoDB has checkpointed the transactions in it (PURGE then skips
   * it with a warning), so this rotates and purges until only the current binlog is left.
   */
  private static void purgeAllButTheCurrentBinlog(MariaDbTopology topology)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      topology.primary().execute("FLUSH BINARY LOGS");
      String newest = topology.primary().queryString("SHOW MASTER STATUS");
      topology.primary().execute("PURGE BINARY LOGS TO '" + newest + "'");
      if (newest != null && newest.equals(topology.primary().queryString("SHOW BINARY LOGS"))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("MariaDB kept binlogs older than " + newest);
      }
      Thread.sleep(200);
    }
  }

  @Test
  @DisplayName("a killed replication connection is re-established after the last GTID handed on")
  void reconnectsWithoutLossOrDuplicates(MariaDbTopology topology) throws Exception {
    topology
        .primary()
        .execute(
            "CREATE DATABASE IF NOT EXISTS reconnect_test",
            "CREATE TABLE IF NOT EXISTS reconnect_test.t (id INT PRIMARY KEY)");
    GtidPosition start = GtidPosition.parse(topology.primaryGtidPosition());
    List<TransactionChanges> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Exception> failure = new CompletableFuture<>();
    BinlogSettings settings = settings(topology).withRetries(5, Duration.ofMillis(100));
    try (BinlogChangeSource source = new BinlogChangeSource(settings)) {
      source.start(start, received::add, failure::complete);
      topology.primary().execute("INSERT INTO reconnect_test.t VALUES (1)");
      awaitRows(received, 1, failure);
      String dump =
          topology
              .primary()
              .queryString(
                  "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'");
      assertThat(dump).as("the source's binlog dump thread").isNotNull();
      topology.primary().execute("KILL " + dump);
      topology
          .primary()
          .execute(
              "INSERT INTO reconnect_test.t VALUES (2)", "INSERT INTO reconnect_test.t VALUES (3)");
      awaitRows(received, 3, failure);
    }
    assertThat(received.stream().map(TransactionChanges::gtid).distinct()).hasSize(received.size());
    assertThat(
            received.stream()
                .flatMap(transaction -> transaction.documents().stream())
                .filter(document -> document.kind() == ChangeDocument.Kind.ROW)
                .map(ChangeDocument::json))
        .hasSize(3)
        .allMatch(json -> json.contains("\"event_type\":\"insert\""))
        .anyMatch(json -> json.contains("\"id\":1,"))
        .anyMatch(json -> json.contains("\"id\":2,"))
        .anyMatch(json -> json.contains("\"id\":3,"));
  }

  @Test
  @DisplayName(
      "without binlog row metadata, names, signedness, charsets and members come from information_schema")
  void fallsBackToInformationSchema(MariaDbTopology topology) throws Exception {
    topology
        .primary()
        .execute(
            "CREATE DATABASE IF NOT EXISTS no_metadata_test",
            "CREATE TABLE IF NOT EXISTS no_metadata_test.t (id INT UNSIGNED PRIMARY KEY,"
                + " name VARCHAR(10) CHARACTER SET latin1, size ENUM('small', 'large'))");
    GtidPosition start = GtidPosition.parse(topology.primaryGtidPosition());
    List<TransactionChanges> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Exception> failure = new CompletableFuture<>();
    try (BinlogChangeSource source = new BinlogChangeSource(settings(topology))) {
      topology.primary().execute("SET GLOBAL binlog_row_metadata = NO_LOG");
      try {
        topology
            .primary()
            .execute("INSERT INTO no_metadata_test.t VALUES (4294967295, 'caf\u00e9', 'large')");
      } finally {
        topology.primary().execute("SET GLOBAL binlog_row_metadata = FULL");
      }
      source.start(start, received::add, failure::complete);
      awaitRows(received, 1, failure);
    }
    String row =
        received.stream()
            .flatMap(transaction -> transaction.documents().stream())
            .filter(document -> document.kind() == ChangeDocument.Kind.ROW)
            .findFirst()
            .orElseThrow()
            .json();
    assertThat(row).contains("\"id\":4294967295,\"name\":\"caf\u00e9\",\"size\":\"large\"");
  }

  private static void awaitRows(
      List<TransactionChanges> received, int rows, CompletableFuture<Exception> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received.stream().mapToInt(TransactionChanges::rowEvents).sum() < rows) {
      if (failure.isDone()) {
        throw new AssertionError("replication failed", failure.getNow(null));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + received + " arrived, not " + rows + " rows");
      }
      Thread.sleep(20);
    }
  }

  @Test
  @DisplayName("a primary logging partial row images is refused: rows would lack columns")
  void refusesPartialRowImages(MariaDbTopology topology) throws Exception {
    CompletableFuture<Exception> failure = new CompletableFuture<>();
    topology.primary().execute("SET GLOBAL binlog_row_image = MINIMAL");
    try (BinlogChangeSource source = new BinlogChangeSource(settings(topology))) {
      source.start(
          GtidPosition.parse(topology.primaryGtidPosition()), transaction -> {}, failure::complete);
      Exception cause = failure.get(30, TimeUnit.SECONDS);
      assertThat(cause)
          .isInstanceOf(FatalReplicationException.class)
          .hasMessageContaining("binlog_row_image is MINIMAL, not FULL");
    } finally {
      topology.primary().execute("SET GLOBAL binlog_row_image = FULL");
    }
  }

  @Test
  @DisplayName("a primary that refuses connections fails after the configured attempts")
  void connectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    BinlogSettings settings =
        BinlogSettings.of("127.0.0.1", port, "nobody", "nothing")
            .withRetries(2, Duration.ofMillis(50))
            .withTimeout(Duration.ofSeconds(2));
    CompletableFuture<Exception> failure = new CompletableFuture<>();
    List<TransactionChanges> received = new CopyOnWriteArrayList<>();
    try (BinlogChangeSource source = new BinlogChangeSource(settings)) {
      source.start(GtidPosition.empty(), received::add, failure::complete);
      Exception cause = failure.get(30, TimeUnit.SECONDS);
      assertThat(cause)
          .isInstanceOf(FatalReplicationException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("after 2 attempts");
    }
    assertThat(received).isEmpty();
  }
}
