package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a kafkacdc service's transactions to its topic, piece by piece as the reader hands them on:
 * each transaction's documents in order, with their keys (so a key's records stay in one
 * partition), and Weir's headers that let a restart tell a complete transaction from a cut one. The
 * {@link CheckpointTracker} advances the position only when the last piece of a transaction was
 * sent and every record of it and of all before it is acknowledged.
 *
 * <p>The reader's thread calls {@link #accept}; it blocks while the bytes handed to the producer
 * and not yet acknowledged reach the in-flight bound, which holds replication back when Kafka is
 * slow or away. A record Kafka finally refuses (after the producer's retries, up to its delivery
 * timeout) stops delivery for good: the checkpoint stays before it, {@code onFailure} hears it, and
 * later transactions are dropped (the next start sends them again from the checkpoint).
 */
public final class KafkaDelivery implements Delivery, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaDelivery.class);

  // swapped whole when match, exclude or send_schema change; read once per transaction
  private volatile Settings settings;
  private final Producer<String, String> producer;
  private final ResumePoint resume;
  private final CheckpointTracker tracker;
  private final InFlightBudget budget;
  private final DeliveryMetrics metrics;
  private final Consumer<Exception> onFailure;
  private volatile boolean closed;
  // the transaction whose pieces are being received; only the reader's thread touches it
  private @Nullable Open open;

  /** A transaction being received and its place in the checkpoint order. */
  private record Open(OpenTransaction transaction, CheckpointTracker.Pending pending) {}

  /**
   * @param resume where replication starts, and the events already in the topic to skip
   * @param onCheckpoint hears every advance of the checkpoint (after the metrics)
   * @param onFailure hears the first record Kafka refused
   */
  public KafkaDelivery(
      Settings settings,
      Producer<String, String> producer,
      ResumePoint resume,
      DeliveryMetrics metrics,
      CheckpointTracker.Listener onCheckpoint,
      Consumer<Exception> onFailure) {
    this.settings = settings;
    this.producer = producer;
    this.resume = resume;
    this.metrics = metrics;
    this.onFailure = onFailure;
    this.budget = new InFlightBudget(settings.inFlightLimit());
    metrics.inFlight(budget, InFlightBudget::used);
    this.tracker =
        new CheckpointTracker(
            resume.position(),
            (position, committedAt) -> {
              metrics.checkpoint(position, committedAt);
              onCheckpoint.advanced(position, committedAt);
            });
  }

  @Override
  public void accept(TransactionPiece piece) throws InterruptedException {
    if (closed || tracker.failure() != null) {
      // the checkpoint stays before the failure; these are sent again after a restart
      return;
    }
    Open current = open;
    if (current != null && !current.transaction.gtid().equals(piece.gtid())) {
      // the reader broke off a transaction whose pieces went out in part: it must not be
      // checkpointed, and nothing after it may be either
      failed(
          current.pending,
          new IllegalStateException(
              "the reader began "
                  + piece.gtid()
                  + " before the last piece of "
                  + current.transaction.gtid()
                  + "; delivery stops so that the unfinished transaction is read again"));
      return;
    }
    if (current == null) {
      current =
          new Open(
              new OpenTransaction(piece.gtid(), settings, resume), tracker.begin(piece.gtid()));
      open = current;
    }
    String gtid = piece.gtid().toString();
    for (OpenTransaction.Outgoing outgoing : current.transaction.take(piece)) {
      if (closed || tracker.failure() != null) {
        // each further send would wait out max.block.ms again for nothing
        return;
      }
      send(outgoing, gtid, current.pending);
    }
    Instant committedAt = piece.committedAt();
    if (committedAt != null) {
      open = null;
      tracker.seal(current.pending, committedAt);
    }
  }

  private void send(
      OpenTransaction.Outgoing outgoing, String gtid, CheckpointTracker.Pending pending)
      throws InterruptedException {
    ChangeDocument document = outgoing.document();
    SentRecord sent = SentRecord.of(document);
    int bytes = sent.bytes();
    budget.acquire(bytes);
    tracker.added(pending, 1);
    var record = new ProducerRecord<>(settings.topic(), document.key(), document.json());
    RecordHeaders.write(record.headers(), gtid, outgoing.transactionRows());
    try {
      producer.send(
          record,
          (metadata, exception) -> {
            budget.release(bytes);
            if (exception == null) {
              metrics.acknowledged(sent);
              tracker.acknowledged(pending);
            } else {
              failed(pending, RefusedRecord.explain(exception, sent, pending.gtid()));
            }
          });
    } catch (RuntimeException e) {
      // refused before it was queued: brokers away longer than max.block.ms, or closed
      budget.release(bytes);
      failed(pending, RefusedRecord.explain(e, sent, pending.gtid()));
    }
  }

  private void failed(CheckpointTracker.Pending pending, Exception cause) {
    metrics.producerError();
    boolean first = tracker.failure() == null;
    tracker.failed(pending, cause);
    if (first && !closed) {
      log.error(
          "services/{}: Kafka refused a record of {}; delivery stops at {}: {}",
          settings.service(),
          pending.gtid(),
          tracker.position(),
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
    return tracker.position();
  }

  /** The first record Kafka refused, if any. */
  public @Nullable Exception failure() {
    return tracker.failure();
  }

  /** Bytes handed to the producer and not acknowledged yet. */
  public long inFlightBytes() {
    return budget.used();
  }

  /**
   * Waits up to {@code timeout} for Kafka to acknowledge what is in flight, then closes the
   * producer; whatever is still unacknowledged is not checkpointed.
   */
  @Override
  public void close(Duration timeout) {
    closed = true;
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
