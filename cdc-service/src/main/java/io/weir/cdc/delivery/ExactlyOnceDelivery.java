package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code exactly_once}: each MariaDB transaction becomes one Kafka transaction holding its
 * documents and, on the {@link PositionTopic}, the position it ends at. Kafka commits both or
 * neither, so a {@code read_committed} consumer sees every event exactly once, across crashes: a
 * restart resumes from the committed position, and a transaction a crash left open is aborted by
 * the next producer with the same {@code transactional.id} (which also fences a stale instance).
 *
 * <p>The Kafka transaction begins with the first record of a MariaDB transaction's first piece and
 * is committed after its last piece; records are sent as the pieces come, so memory is bounded by
 * the in-flight limit (the reader waits while that many bytes are unacknowledged), not by the
 * transaction. One Kafka transaction is open at a time. A transaction with nothing to send (all
 * filtered out) is checkpointed locally only, and replayed harmlessly after a restart. A reader
 * that starts a transaction over (piece 0 again) gets its Kafka transaction aborted and begun anew.
 * Any failure aborts the Kafka transaction and stops delivery at the last committed position.
 */
public final class ExactlyOnceDelivery implements Delivery {
  private static final Logger log = LoggerFactory.getLogger(ExactlyOnceDelivery.class);

  // swapped whole when match, exclude or send_schema change; read once per transaction
  private volatile Settings settings;
  private final Producer<String, String> producer;
  private final DeliveryMetrics metrics;
  private final CheckpointTracker.Listener onCheckpoint;
  private final Consumer<Exception> onFailure;
  private volatile GtidPosition position;
  private volatile @Nullable Exception failure;
  private volatile boolean closed;
  private final InFlightBudget budget;
  // the transaction whose pieces are being received, and whether its Kafka transaction has begun;
  // only the reader's thread touches them
  private @Nullable OpenTransaction open;
  private boolean inKafkaTransaction;
  // the first record the producer refused in the open Kafka transaction, explained
  private final AtomicReference<@Nullable Exception> refused = new AtomicReference<>();

  private ExactlyOnceDelivery(
      Settings settings,
      Producer<String, String> producer,
      GtidPosition start,
      DeliveryMetrics metrics,
      CheckpointTracker.Listener onCheckpoint,
      Consumer<Exception> onFailure) {
    this.settings = settings;
    this.producer = producer;
    this.position = start;
    this.metrics = metrics;
    this.onCheckpoint = onCheckpoint;
    this.onFailure = onFailure;
    this.budget = new InFlightBudget(settings.inFlightLimit());
    metrics.inFlight(budget, InFlightBudget::used);
  }

  /**
   * Takes over the producer's {@code transactional.id} (aborting a transaction an earlier instance
   * left open) and returns a delivery that resumes after {@code start}.
   *
   * @param producer a transactional producer ({@code transactional.id} set), not yet initialised
   */
  public static ExactlyOnceDelivery start(
      Settings settings,
      Producer<String, String> producer,
      GtidPosition start,
      DeliveryMetrics metrics,
      CheckpointTracker.Listener onCheckpoint,
      Consumer<Exception> onFailure) {
    producer.initTransactions();
    return new ExactlyOnceDelivery(settings, producer, start, metrics, onCheckpoint, onFailure);
  }

  @Override
  public void accept(TransactionPiece piece) throws InterruptedException {
    if (closed || failure != null) {
      return;
    }
    OpenTransaction current = open;
    if (current != null && !current.gtid().equals(piece.gtid())) {
      failed(
          current.gtid(),
          new IllegalStateException(
              "the reader began "
                  + piece.gtid()
                  + " before the last piece of "
                  + current.gtid()
                  + "; its Kafka transaction is aborted and delivery stops"));
      return;
    }
    try {
      if (current != null && piece.index() == 0) {
        // the reader starts the transaction over: what was sent of it is thrown away with the
        // Kafka transaction, and it is sent whole again
        abortOpenKafkaTransaction();
        current = null;
      }
      if (current == null) {
        current = new OpenTransaction(piece.gtid(), settings, ResumePoint.at(position));
        open = current;
      }
      String gtid = piece.gtid().toString();
      for (OpenTransaction.Outgoing outgoing : current.take(piece)) {
        if (!inKafkaTransaction) {
          refused.set(null);
          producer.beginTransaction();
          inKafkaTransaction = true;
        }
        send(outgoing, gtid);
      }
      Instant committedAt = piece.committedAt();
      if (committedAt == null) {
        return;
      }
      GtidPosition next = position.with(piece.gtid());
      if (inKafkaTransaction) {
        producer.send(
            new ProducerRecord<>(
                PositionTopic.of(settings.topic()), settings.service(), next.toString()));
        // flushes every send; throws if any failed
        producer.commitTransaction();
        inKafkaTransaction = false;
      }
      open = null;
      position = next;
      metrics.checkpoint(next, committedAt);
      onCheckpoint.advanced(next, committedAt);
    } catch (KafkaException | IllegalStateException e) {
      failed(piece.gtid(), e);
    }
  }

  private void send(OpenTransaction.Outgoing outgoing, String gtid) throws InterruptedException {
    ChangeDocument document = outgoing.document();
    SentRecord sent = SentRecord.of(document);
    int bytes = sent.bytes();
    budget.acquire(bytes);
    var record = new ProducerRecord<>(settings.topic(), document.key(), document.json());
    RecordHeaders.write(record.headers(), gtid, outgoing.transactionRows());
    try {
      producer.send(
          record,
          (metadata, exception) -> {
            budget.release(bytes);
            if (exception == null) {
              metrics.acknowledged(sent);
            } else {
              // the commit (or the next send) throws; keep the explanation of what failed
              refused.compareAndSet(null, RefusedRecord.explain(exception, sent, Gtid.parse(gtid)));
            }
          });
    } catch (RuntimeException e) {
      budget.release(bytes);
      throw e;
    }
  }

  private void abortOpenKafkaTransaction() {
    if (inKafkaTransaction) {
      inKafkaTransaction = false;
      producer.abortTransaction();
    }
  }

  private void failed(Gtid gtid, Exception thrown) {
    Exception explained = refused.get();
    Exception cause = explained != null ? explained : thrown;
    if (explained != null && explained != thrown) {
      cause.addSuppressed(thrown);
    }
    metrics.producerError();
    failure = cause;
    open = null;
    try {
      abortOpenKafkaTransaction();
    } catch (RuntimeException e) {
      // fenced or closed: the next instance's initTransactions aborts it
      cause.addSuppressed(e);
    }
    if (!closed) {
      log.error(
          "services/{}: the Kafka transaction of {} failed; delivery stops at {}: {}",
          settings.service(),
          gtid,
          position,
          cause.getMessage(),
          cause);
      onFailure.accept(cause);
    }
  }

  @Override
  public void reselect(TableFilter filter, boolean sendSchema) {
    settings = settings.with(filter, sendSchema);
  }

  @Override
  public GtidPosition checkpoint() {
    return position;
  }

  /** The failure that stopped delivery, if any. */
  public @Nullable Exception failure() {
    return failure;
  }

  @Override
  public void close(Duration timeout) {
    closed = true;
    producer.close(timeout);
  }
}
