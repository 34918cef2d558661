package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionChanges;
import java.time.Duration;
import java.util.List;
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
 * <p>One transaction is in flight at a time, so memory is bounded by the largest MariaDB
 * transaction; a transaction with nothing to send (all filtered out) is checkpointed locally only,
 * and replayed harmlessly after a restart. Any failure aborts the Kafka transaction and stops
 * delivery at the last committed position.
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
  public void accept(TransactionChanges transaction) {
    if (closed || failure != null) {
      return;
    }
    List<ChangeDocument> documents = settings.wanted(transaction);
    GtidPosition next = position.with(transaction.gtid());
    if (!documents.isEmpty()) {
      int rows = (int) documents.stream().filter(d -> d.kind() == ChangeDocument.Kind.ROW).count();
      String gtid = transaction.gtid().toString();
      try {
        producer.beginTransaction();
        for (ChangeDocument document : documents) {
          var record = new ProducerRecord<>(settings.topic(), document.key(), document.json());
          RecordHeaders.write(record.headers(), gtid, rows);
          producer.send(record);
        }
        producer.send(
            new ProducerRecord<>(
                PositionTopic.of(settings.topic()), settings.service(), next.toString()));
        // flushes every send; throws if any failed
        producer.commitTransaction();
      } catch (KafkaException | IllegalStateException e) {
        failed(transaction, e);
        return;
      }
      documents.forEach(metrics::acknowledged);
    }
    position = next;
    metrics.checkpoint(next, transaction.committedAt());
    onCheckpoint.advanced(next, transaction.committedAt());
  }

  private void failed(TransactionChanges transaction, Exception cause) {
    metrics.producerError();
    failure = cause;
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      // fenced or closed: the next instance's initTransactions aborts it
      cause.addSuppressed(e);
    }
    if (!closed) {
      log.error(
          "services/{}: the Kafka transaction of {} failed; delivery stops at {}",
          settings.service(),
          transaction.gtid(),
          position,
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
