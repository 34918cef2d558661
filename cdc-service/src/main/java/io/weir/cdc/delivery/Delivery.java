package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.ChangeSource;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionChanges;
import java.time.Duration;
import java.util.List;

/**
 * Where a kafkacdc service's transactions go: at least once ({@link KafkaDelivery}) or, with {@code
 * exactly_once}, one Kafka transaction per MariaDB transaction ({@link ExactlyOnceDelivery}).
 */
public sealed interface Delivery extends ChangeSource.TransactionSink
    permits KafkaDelivery, ExactlyOnceDelivery {

  /** What a delivery sends and where. */
  record Settings(
      String service, String topic, TableFilter filter, boolean sendSchema, long inFlightLimit) {

    /** The documents of {@code transaction} this service sends: filtered, schema records or not. */
    List<ChangeDocument> wanted(TransactionChanges transaction) {
      return transaction.documents().stream()
          .filter(document -> filter.accepts(document.database(), document.table()))
          .filter(document -> sendSchema || document.kind() != ChangeDocument.Kind.SCHEMA)
          .toList();
    }

    /** These settings with another {@code match}/{@code exclude} and {@code send_schema}. */
    Settings with(TableFilter filter, boolean sendSchema) {
      return new Settings(service, topic, filter, sendSchema, inFlightLimit);
    }
  }

  /**
   * Applies a new {@code match}/{@code exclude} and {@code send_schema} from the next transaction
   * handed to {@link #accept} on.
   */
  void reselect(TableFilter filter, boolean sendSchema);

  /** The checkpoint: every transaction up to it is in Kafka. */
  GtidPosition checkpoint();

  /** Waits up to {@code timeout} for what is in flight, then closes the producer. */
  void close(Duration timeout);
}
