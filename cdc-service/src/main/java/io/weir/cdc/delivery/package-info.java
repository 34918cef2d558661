/**
 * Delivery of a kafkacdc service's transactions to Kafka and the checkpoints that make restarts
 * lose nothing: {@link io.weir.cdc.delivery.KafkaDelivery} produces each transaction's documents in
 * order and advances the position only when Kafka acknowledged every record of a transaction and of
 * all before it; {@link io.weir.cdc.delivery.KafkaPosition} finds where to resume from the topic
 * itself; {@link io.weir.cdc.delivery.StateFile} keeps the same position locally; {@link
 * io.weir.cdc.delivery.KafkaCdcStream} runs one service from check to shutdown.
 */
@NullMarked
package io.weir.cdc.delivery;

import org.jspecify.annotations.NullMarked;
