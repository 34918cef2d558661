package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
    List<TransactionPiece> received = new CopyOnWriteArrayList<>();
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
    assertThat(received.stream().map(TransactionPiece::gtid).distinct()).hasSize(received.size());
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
    List<TransactionPiece> received = new CopyOnWriteArrayList<>();
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

  @Test
  @DisplayName(
      "a transaction larger than a piece comes in pieces as its rows arrive; cut by a lost"
          + " connection, it is handed on again from piece 0 with the same documents")
  void largeTransactionComesInPiecesAndAgainAfterALostConnection(MariaDbTopology topology)
      throws Exception {
    topology
        .primary()
        .execute(
            "CREATE DATABASE IF NOT EXISTS pieces_test",
            "CREATE TABLE IF NOT EXISTS pieces_test.t (id INT PRIMARY KEY, t LONGTEXT)");
    GtidPosition start = GtidPosition.parse(topology.primaryGtidPosition());
    List<TransactionPiece> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Exception> failure = new CompletableFuture<>();
    CountDownLatch firstPiece = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    int pieceBytes = 256 * 1024;
    int rows = 40;
    BinlogSettings settings =
        settings(topology).withRetries(5, Duration.ofMillis(100)).withPieceBytes(pieceBytes);
    try (BinlogChangeSource source = new BinlogChangeSource(settings)) {
      source.start(
          start,
          piece -> {
            received.add(piece);
            if (received.size() == 1) {
              // hold the reader on the first piece: the primary cannot send the rest (40 MB) past
              // the sockets' buffers before its connection is killed
              firstPiece.countDown();
              release.await();
            }
          },
          failure::complete);
      topology
          .primary()
          .execute(
              "INSERT INTO pieces_test.t SELECT seq, REPEAT(CHAR(65 + seq % 26), 1000000)"
                  + " FROM pieces_test.seq_1_to_"
                  + rows);
      assertThat(firstPiece.await(60, TimeUnit.SECONDS)).as("the first piece").isTrue();
      String dump =
          topology
              .primary()
              .queryString(
                  "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'");
      topology.primary().execute("KILL " + dump);
      release.countDown();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.stream().noneMatch(TransactionPiece::last)) {
        if (failure.isDone()) {
          throw new AssertionError("replication failed", failure.getNow(null));
        }
        assertThat(System.nanoTime()).as("the last piece").isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    // pieces are described, not printed: their documents are megabytes
    List<String> pieces =
        received.stream()
            .map(
                piece ->
                    piece.gtid()
                        + "#"
                        + piece.index()
                        + (piece.last() ? " last " : " ")
                        + piece.bytes())
            .toList();
    assertThat(received.stream().map(TransactionPiece::gtid).distinct())
        .as(pieces.toString())
        .hasSize(1);
    List<Integer> indexes = received.stream().map(TransactionPiece::index).toList();
    int again = indexes.lastIndexOf(0);
    assertThat(again).as("piece 0 handed on again after the reconnection: " + pieces).isPositive();
    List<TransactionPiece> second = received.subList(again, received.size());
    assertThat(second.stream().map(TransactionPiece::index).toList())
        .as(pieces.toString())
        .isEqualTo(IntStream.range(0, second.size()).boxed().toList());
    // each row is 1 MB, so each piece but the last holds one row (and the first the schema record)
    assertThat(
            second.subList(0, second.size() - 1).stream()
                .allMatch(
                    piece ->
                        !piece.last()
                            && piece.bytes() >= pieceBytes
                            && piece.bytes() < pieceBytes + 1_100_000))
        .as("pieces before the last: " + pieces)
        .isTrue();
    assertThat(second.getLast().last()).as(pieces.toString()).isTrue();
    assertThat(
            second.stream()
                .flatMap(piece -> piece.documents().stream())
                .filter(document -> document.kind() == ChangeDocument.Kind.ROW)
                .map(ChangeDocument::eventNumber))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, rows).boxed().toList());
    Map<String, String> secondReading =
        second.stream()
            .flatMap(piece -> piece.documents().stream())
            .collect(Collectors.toMap(ChangeDocument::key, ChangeDocument::json, (a, b) -> a));
    for (TransactionPiece piece : received.subList(0, again)) {
      for (ChangeDocument document : piece.documents()) {
        assertThat(secondReading.get(document.key())).as(document.key()).isEqualTo(document.json());
      }
    }
  }

  private static void awaitRows(
      List<TransactionPiece> received, int rows, CompletableFuture<Exception> failure)
      throws InterruptedException {
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
    List<TransactionPiece> received = new CopyOnWriteArrayList<>();
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
