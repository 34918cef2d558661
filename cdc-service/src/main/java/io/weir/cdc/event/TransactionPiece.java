package io.weir.cdc.event;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A piece of one committed MariaDB transaction: some of its documents, in the order Kafka must
 * receive them. A reader hands a transaction on in pieces of a bounded number of bytes as its row
 * events arrive, so that no transaction has to fit in memory whole; the last piece carries the
 * commit time, and only after it may the transaction's GTID be checkpointed.
 *
 * <p>The documents of all pieces together are the transaction's: for each table version used for
 * the first time its schema record, then the row events numbered from 1, without gaps across
 * pieces. A transaction whose rows all fall outside {@code match}/{@code exclude} (or DDL) is one
 * last piece without documents, handed on so that its GTID can be checkpointed.
 *
 * @param gtid the transaction's GTID
 * @param index 0 for the transaction's first piece, then 1, 2...; a piece 0 for a transaction whose
 *     last piece has not come yet means the reader starts that transaction again (after a lost
 *     connection or on a new primary) and hands on again what it had handed on
 * @param documents its schema records and row events, in order
 * @param committedAt when the primary committed the transaction (the binlog event's timestamp) on
 *     the last piece; null on every other piece
 */
public record TransactionPiece(
    Gtid gtid, int index, List<ChangeDocument> documents, @Nullable Instant committedAt) {

  public TransactionPiece {
    if (index < 0) {
      throw new IllegalArgumentException("a piece index is 0 or more, not " + index);
    }
    documents = List.copyOf(documents);
  }

  /** A whole transaction handed on as one piece. */
  public static TransactionPiece whole(
      Gtid gtid, Instant committedAt, List<ChangeDocument> documents) {
    return new TransactionPiece(gtid, 0, documents, committedAt);
  }

  /** Whether this is the transaction's last piece (it carries the commit time). */
  public boolean last() {
    return committedAt != null;
  }

  /** The number of row events in this piece. */
  public int rowEvents() {
    return (int) documents.stream().filter(d -> d.kind() == ChangeDocument.Kind.ROW).count();
  }

  /** The bytes of its documents, as {@link ChangeDocument#bytes()} counts them. */
  public long bytes() {
    return documents.stream().mapToLong(ChangeDocument::bytes).sum();
  }
}
