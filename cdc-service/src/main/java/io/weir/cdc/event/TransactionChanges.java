package io.weir.cdc.event;

import java.time.Instant;
import java.util.List;

/**
 * Everything one committed MariaDB transaction produced, in the order Kafka must receive it: for
 * each table version used for the first time its schema record, then the row events numbered from
 * 1. A transaction whose rows all fall outside {@code match}/{@code exclude} has no documents but
 * is still handed on, so that its GTID can be checkpointed.
 *
 * @param gtid the transaction's GTID
 * @param committedAt when the primary committed it (the binlog event's timestamp)
 * @param documents its schema records and row events, in order
 */
public record TransactionChanges(Gtid gtid, Instant committedAt, List<ChangeDocument> documents) {

  public TransactionChanges {
    documents = List.copyOf(documents);
  }

  /** The number of row events, the highest {@code event_number}. */
  public int rowEvents() {
    return (int) documents.stream().filter(d -> d.kind() == ChangeDocument.Kind.ROW).count();
  }
}
