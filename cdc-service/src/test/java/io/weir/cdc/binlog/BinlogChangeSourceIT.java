package io.weir.cdc.binlog;

import static org.assertj.core.api.Assertions.assertThat;

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
