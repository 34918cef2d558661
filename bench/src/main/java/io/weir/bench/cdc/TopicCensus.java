package io.weir.bench.cdc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a one-partition topic from its start to its current end and counts its records by kind, to
 * check after the measurements that a tool delivered every row change it was timed on, of the right
 * kinds (not merely as many records).
 */
final class TopicCensus {
  private TopicCensus() {}

  /**
   * @param kind the kind of a record's value (such as {@code backlog_rows insert}), null to skip it
   */
  static Map<String, Long> count(
      String bootstrapServers, String topic, Function<String, @Nullable String> kind) {
    Map<String, Long> counts = new TreeMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                8 << 20),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (consumer.position(partition) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + topic + " to its end " + end);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          String recordKind =
              record.offset() < end && record.value() != null ? kind.apply(record.value()) : null;
          if (recordKind != null) {
            counts.merge(recordKind, 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  /** Weir's documents: {@code <table> <event_type>}, or {@code schema} for a schema record. */
  static @Nullable String weirKind(String json) {
    if (json.startsWith("{\"namespace\"")) {
      return "schema";
    }
    return member(json, "\"table_name\":\"") + " " + member(json, "\"event_type\":\"");
  }

  /** Debezium's values without schemas: {@code op} ({@code c}, {@code u}, {@code d}). */
  static @Nullable String debeziumKind(String json) {
    return "op " + member(json, "\"op\":\"");
  }

  private static String member(String json, String prefix) {
    int start = json.lastIndexOf(prefix);
    if (start < 0) {
      return "?";
    }
    start += prefix.length();
    return json.substring(start, json.indexOf('"', start));
  }
}
