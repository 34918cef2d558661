package io.weir.cdc.delivery;

import io.weir.cdc.event.ChangeSource;
import io.weir.cdc.event.GtidPosition;
import java.time.Duration;

/**
 * Where a kafkacdc service's transactions go, piece by piece ({@link
 * io.weir.cdc.event.TransactionPiece}): at least once ({@link KafkaDelivery}) or, with {@code
 * exactly_once}, one Kafka transaction per MariaDB transaction, across all its pieces ({@link
 * ExactlyOnceDelivery}). Both hold the reader back while {@link Settings#inFlightLimit()} bytes
 * wait for Kafka's acknowledgement, and checkpoint a transaction only after its last piece.
 */
public sealed interface Delivery extends ChangeSource.TransactionSink
    permits KafkaDelivery, ExactlyOnceDelivery {

  /** What a delivery sends and where. */
  record Settings(
      String service, String topic, TableFilter filter, boolean sendSchema, long inFlightLimit) {

    /** These settings with another {@code match}/{@code exclude} and {@code send_schema}. */
    Settings with(TableFilter filter, boolean sendSchema) {
      return new Settings(service, topic, filter, sendSchema, inFlightLimit);
    }
  }

  /**
   * Applies a new {@code match}/{@code exclude} and {@code send_schema} from the next transaction
   * handed to {@link #accept} on (a transaction being received keeps those of its first piece).
   */
  void reselect(TableFilter filter, boolean sendSchema);

  /** The checkpoint: every transaction up to it is in Kafka. */
  GtidPosition checkpoint();

  /** Waits up to {@code timeout} for what is in flight, then closes the producer. */
  void close(Duration timeout);
}
