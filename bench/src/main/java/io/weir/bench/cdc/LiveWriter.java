package io.weir.bench.cdc;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Inserts into {@code app.live_rows} at a fixed rate, a transaction of {@code rowsPerCommit} rows
 * every {@code rowsPerCommit} milliseconds (1,000 rows a second), and notes for every row id the
 * wall-clock time (ms) at which its commit returned: the start of its end-to-end lag. A commit that
 * falls behind its schedule is followed by the next at once, so the rate holds on average.
 *
 * <p>The baseline: right after each commit the writer also sends the transaction's row ids ({@code
 * {"id":N}} per row) with a plain producer to a topic of its own, so the same lag measured for a
 * record that skips the binlog and any CDC tool shows what the machine and the broker alone cost at
 * that moment.
 */
final class LiveWriter {
  private final MariaDbServer primary;
  private final int rowsPerCommit;
  private final Producer<String, String> baseline;
  private final String baselineTopic;

  LiveWriter(
      MariaDbServer primary,
      int rowsPerCommit,
      Producer<String, String> baseline,
      String baselineTopic) {
    this.primary = primary;
    this.rowsPerCommit = rowsPerCommit;
    this.baseline = baseline;
    this.baselineTopic = baselineTopic;
  }

  /** What one run wrote: ids {@code firstId..} in order, with their commit times. */
  record Written(long firstId, long[] commitMillis, long measuredFromId) {
    long lastId() {
      return firstId + commitMillis.length - 1;
    }

    long commitMillis(long id) {
      return commitMillis[(int) (id - firstId)];
    }
  }

  /**
   * Writes for {@code warmUp} plus {@code measured}, starting at id {@code firstId}; the rows
   * committed after the warm-up are the measured ones.
   */
  Written run(long firstId, Duration warmUp, Duration measured) throws SQLException {
    long intervalNanos = Duration.ofMillis(rowsPerCommit).toNanos();
    int commits = (int) ((warmUp.toMillis() + measured.toMillis()) / rowsPerCommit);
    int warmUpCommits = (int) (warmUp.toMillis() / rowsPerCommit);
    long[] commitMillis = new long[commits * rowsPerCommit];
    try (Connection connection = primary.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      for (int commit = 0; commit < commits; commit++) {
        long due = start + commit * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long first = firstId + (long) commit * rowsPerCommit;
        statement.executeUpdate(
            BenchTables.insert(BenchTables.LIVE, first, first + rowsPerCommit - 1));
        connection.commit();
        long committed = System.currentTimeMillis();
        for (int row = 0; row < rowsPerCommit; row++) {
          commitMillis[commit * rowsPerCommit + row] = committed;
          baseline.send(new ProducerRecord<>(baselineTopic, "{\"id\":" + (first + row) + "}"));
        }
      }
    } finally {
      baseline.flush();
    }
    return new Written(firstId, commitMillis, firstId + (long) warmUpCommits * rowsPerCommit);
  }
}
