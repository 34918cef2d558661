package io.weir.cdc.event;

/**
 * Reads committed transactions from a MariaDB primary's binlog, as a replica, and hands each one on
 * whole, in commit order.
 */
public interface ChangeSource extends AutoCloseable {

  /**
   * Starts replicating after {@code position} (from the oldest binlog when it is empty) on a thread
   * of its own, and returns.
   *
   * @param sink receives each transaction; it may block, which holds replication back (that is how
   *     delivery bounds memory)
   * @param failures receives what stops replication for good (a purged position, settings that
   *     would lose data, a lost connection that cannot be re-established); replication has stopped
   *     when it is called
   */
  void start(GtidPosition position, TransactionSink sink, FailureListener failures);

  /** Stops replicating; a transaction being read is dropped (it will be read again). */
  @Override
  void close();

  /** Where transactions go. */
  @FunctionalInterface
  interface TransactionSink {
    void accept(TransactionChanges transaction) throws InterruptedException;
  }

  /** Where a fatal failure goes. */
  @FunctionalInterface
  interface FailureListener {
    void failed(Exception cause);
  }
}
