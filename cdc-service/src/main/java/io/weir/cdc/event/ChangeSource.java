package io.weir.cdc.event;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads committed transactions from a MariaDB primary's binlog, as a replica, and hands each one on
 * in commit order, as {@link TransactionPiece}s of bounded size.
 *
 * <p>The sink's contract:
 *
 * <ul>
 *   <li>a transaction's pieces come in order (index 0, 1, 2...), the last one carrying the commit
 *       time; the next transaction's first piece comes only after it. MariaDB writes a
 *       transaction's events to the binlog at commit, so a piece before the last is already part of
 *       a committed transaction; streaming it early is safe;
 *   <li>the reader may start the transaction it is in again from its piece 0 (a lost connection is
 *       re-established from the last GTID whose last piece was handed on; a new primary after a
 *       failover); the documents it had handed on then come again, with the same keys and event
 *       numbers, and the sink drops what it already has;
 *   <li>a transaction whose last piece never comes (the source closed or failed) must not be
 *       checkpointed: the next start reads it again.
 * </ul>
 */
public interface ChangeSource extends AutoCloseable {

  /**
   * Starts replicating after {@code position} (from the oldest binlog when it is empty) on a thread
   * of its own, and returns.
   *
   * @param sink receives each transaction's pieces; it may block, which holds replication back
   *     (that is how delivery bounds memory)
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

  /**
   * Stops replicating; the rest of a transaction being read is not handed on (the sink must not
   * checkpoint it; it will be read again).
   */
  @Override
  void close();

  /** Where transactions go, piece by piece. */
  @FunctionalInterface
  interface TransactionSink {
    void accept(TransactionPiece piece) throws InterruptedException;
  }

  /** Where a fatal failure goes. */
  @FunctionalInterface
  interface FailureListener {
    void failed(Exception cause);
  }
}
