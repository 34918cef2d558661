package io.weir.bench.cdc;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The row changes written before either tool starts, and what each tool must then deliver.
 *
 * @param inserts rows inserted
 * @param updates rows updated (each a before and an after image)
 * @param deletes rows deleted
 * @param transactions transactions committed
 * @param writeNanos how long writing took
 */
record Backlog(long inserts, long updates, long deletes, long transactions, long writeNanos) {

  /** Of every 2,000 row changes: 1,200 inserts, then 500 updates and 300 deletes of them. */
  private static final int INSERTS = 1_200;

  private static final int UPDATES = 500;
  private static final int DELETES = 300;

  /**
   * Writes at least {@code rowChanges} row changes to {@code app.backlog_rows} in rounds of two
   * transactions: one INSERT of 1,200 rows; then an UPDATE of 500 of them and a DELETE of 300
   * others, together.
   */
  static Backlog write(MariaDbServer primary, long rowChanges) throws SQLException {
    long rounds = (rowChanges + INSERTS + UPDATES + DELETES - 1) / (INSERTS + UPDATES + DELETES);
    long inserts = 0;
    long updates = 0;
    long deletes = 0;
    long started = System.nanoTime();
    try (Connection connection = primary.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      for (long round = 0; round < rounds; round++) {
        long base = round * INSERTS;
        inserts +=
            statement.executeUpdate(
                BenchTables.insert(BenchTables.BACKLOG, base + 1, base + INSERTS));
        connection.commit();
        updates +=
            statement.executeUpdate(
                BenchTables.update(BenchTables.BACKLOG, base + 1, base + UPDATES));
        deletes +=
            statement.executeUpdate(
                BenchTables.delete(
                    BenchTables.BACKLOG, base + INSERTS - DELETES + 1, base + INSERTS));
        connection.commit();
      }
    }
    return new Backlog(inserts, updates, deletes, rounds * 2, System.nanoTime() - started);
  }

  long rowChanges() {
    return inserts + updates + deletes;
  }

  /** Weir's records: an UPDATE row is an {@code update_before} and an {@code update_after}. */
  long weirRowRecords() {
    return inserts + 2 * updates + deletes;
  }

  /** Debezium's records: one per row change (tombstones are off). */
  long debeziumRecords() {
    return rowChanges();
  }
}
