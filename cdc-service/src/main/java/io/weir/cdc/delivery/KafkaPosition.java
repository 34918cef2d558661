package io.weir.cdc.delivery;

import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads where to resume from the topic itself (MaxScale's {@code read_gtid_from_kafka}): the last
 * {@code recordsPerPartition} records of every partition, without a consumer group, handed to
 * {@link TopicPositions}. Records that are not row events (schema records, foreign documents) are
 * passed over.
 */
public final class KafkaPosition {

  /** MaxScale's key of a document: {@code domain-server_id-sequence:event_number}. */
  private static final Pattern ROW_KEY =
      Pattern.compile("(\\d{1,20})-(\\d{1,20})-(\\d{1,20}):(\\d{1,9})");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private KafkaPosition() {}

  /**
   * The resume point the topic shows; empty when the topic does not exist or holds no row event.
   *
   * @param clientProperties bootstrap servers and security settings of the service
   * @throws IllegalStateException when Kafka does not answer within {@code timeout}
   */
  public static ResumePoint read(
      Map<String, Object> clientProperties,
      String topic,
      int recordsPerPartition,
      Duration timeout) {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "weir-cdc-position-" + topic);
    try (var consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, timeout);
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "cannot read the position from topic "
                + topic
                + ": Kafka did not answer within "
                + timeout,
            e);
      }
      if (infos == null || infos.isEmpty()) {
        return ResumePoint.at(GtidPosition.empty());
      }
      List<TopicPartition> partitions =
          infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, List<DeliveredEvent>> events = new HashMap<>();
      Map<TopicPartition, Boolean> truncated = new HashMap<>();
      List<TopicPartition> unread = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        long begin = beginnings.get(partition);
        long end = ends.get(partition);
        long start = Math.max(begin, end - recordsPerPartition);
        consumer.seek(partition, start);
        truncated.put(partition, start > begin);
        events.put(partition, new ArrayList<>());
        if (start < end) {
          unread.add(partition);
        }
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!unread.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cannot read the position from topic "
                  + topic
                  + ": partitions "
                  + unread
                  + " were not read to their end within "
                  + timeout);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < ends.get(partition)) {
            rowEvent(record).ifPresent(events.get(partition)::add);
          }
        }
        unread.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
      }
      List<PartitionTail> tails = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        tails.add(
            new PartitionTail(
                partition.partition(), truncated.get(partition), events.get(partition)));
      }
      return TopicPositions.resumePoint(tails);
    }
  }

  /**
   * The row event a record holds, if it is one. Its key ({@code domain-server_id-sequence:n}, n > 0
   * for a row event) says which, so a large document (a 100 MB row) is not parsed; a record whose
   * key is not of that shape is read from its document.
   */
  static Optional<DeliveredEvent> rowEvent(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return Optional.empty();
    }
    Matcher key = record.key() == null ? null : ROW_KEY.matcher(record.key());
    if (key != null && key.matches()) {
      try {
        int eventNumber = Integer.parseInt(key.group(4));
        if (eventNumber == 0) {
          return Optional.empty(); // a schema record
        }
        return Optional.of(
            new DeliveredEvent(
                new Gtid(
                    Long.parseUnsignedLong(key.group(1)),
                    Long.parseUnsignedLong(key.group(2)),
                    Long.parseUnsignedLong(key.group(3))),
                eventNumber,
                RecordHeaders.transactionRows(record.headers()),
                RecordHeaders.fromWeir(record.headers())));
      } catch (NumberFormatException e) {
        // beyond 64 bits: not a key of ours; the document decides
      }
    }
    try {
      JsonNode document = JSON.readTree(record.value());
      if (!document.isObject()
          || !document.has("domain")
          || !document.has("server_id")
          || !document.has("sequence")
          || !document.has("event_number")) {
        return Optional.empty();
      }
      return Optional.of(
          new DeliveredEvent(
              new Gtid(
                  document.get("domain").asLong(),
                  document.get("server_id").asLong(),
                  document.get("sequence").asLong()),
              document.get("event_number").asInt(),
              RecordHeaders.transactionRows(record.headers()),
              RecordHeaders.fromWeir(record.headers())));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }
}
