package io.weir.cdc.delivery;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Which transactions Kafka has fully acknowledged. Transactions are registered in commit order;
 * their records are added as their pieces are sent, and a transaction is sealed when its last piece
 * was sent. Acknowledgements come back in any order (records of one transaction go to several
 * partitions). The position advances past a transaction only once all of its records and every
 * earlier transaction's are acknowledged, so a restart from it loses nothing. After a failed record
 * the position never moves again: what follows the failure must be sent again from the last
 * checkpoint.
 */
public final class CheckpointTracker {

  /** Hears each advance of the position. Called with the tracker's lock held: keep it short. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param position the new checkpoint
     * @param committedAt when the primary committed the transaction that completed it
     */
    void advanced(GtidPosition position, Instant committedAt);
  }

  /**
   * One registered transaction: how many of its records Kafka has not acknowledged yet, and whether
   * its last piece was sent (sealed, with its commit time).
   */
  public static final class Pending {
    private final Gtid gtid;
    private @Nullable Instant committedAt;
    private int unacknowledged;

    private Pending(Gtid gtid) {
      this.gtid = gtid;
    }

    private boolean done() {
      return committedAt != null && unacknowledged <= 0;
    }

    public Gtid gtid() {
      return gtid;
    }
  }

  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Listener listener;
  private GtidPosition position;
  private @Nullable Exception failure;

  /**
   * @param start the position replication started after
   */
  public CheckpointTracker(GtidPosition start, Listener listener) {
    this.position = start;
    this.listener = listener;
  }

  /** Registers a whole transaction in commit order; one without records completes at once. */
  public synchronized Pending register(Gtid gtid, Instant committedAt, int records) {
    Pending transaction = begin(gtid);
    added(transaction, records);
    seal(transaction, committedAt);
    return transaction;
  }

  /** Registers the next transaction in commit order, before its first piece is sent. */
  public synchronized Pending begin(Gtid gtid) {
    Pending transaction = new Pending(gtid);
    pending.addLast(transaction);
    return transaction;
  }

  /** {@code records} more records of {@code transaction} are about to be sent. */
  public synchronized void added(Pending transaction, int records) {
    transaction.unacknowledged += records;
  }

  /**
   * The last piece of {@code transaction} was sent: once its records are acknowledged it may be
   * checkpointed.
   */
  public synchronized void seal(Pending transaction, Instant committedAt) {
    transaction.committedAt = committedAt;
    advance();
  }

  /** Kafka acknowledged one record of {@code transaction}. */
  public synchronized void acknowledged(Pending transaction) {
    transaction.unacknowledged--;
    advance();
  }

  /** A record of {@code transaction} is lost: the position stays where it is from now on. */
  public synchronized void failed(Pending transaction, Exception cause) {
    if (failure == null) {
      failure = cause;
    }
  }

  /** The checkpoint: every transaction up to it is in Kafka. */
  public synchronized GtidPosition position() {
    return position;
  }

  /** Transactions registered and not yet checkpointed. */
  public synchronized int pendingTransactions() {
    return pending.size();
  }

  /** The first failure, if a record was lost. */
  public synchronized @Nullable Exception failure() {
    return failure;
  }

  private void advance() {
    if (failure != null) {
      return;
    }
    Pending done = null;
    while (!pending.isEmpty() && pending.peekFirst().done()) {
      done = pending.removeFirst();
      position = position.with(done.gtid);
    }
    if (done != null && done.committedAt != null) {
      listener.advanced(position, done.committedAt);
    }
  }
}
