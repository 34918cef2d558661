package io.weir.cdc.event;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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

  /**
   * Takes a new {@code match}, {@code exclude} and {@code send_schema} (changed while the service
   * runs) from the next transaction it begins on. Delivery applies them again, so a reader that
   * makes every document may ignore this; one that filters itself must take it, or a widened {@code
   * match} would not show.
   */
  default void reselect(@Nullable Pattern match, @Nullable Pattern exclude, boolean sendSchema) {}

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
