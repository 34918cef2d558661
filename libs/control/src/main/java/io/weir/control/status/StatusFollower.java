package io.weir.control.status;

import io.weir.control.topic.CompactedTopic;
import io.weir.control.topic.TopicFollower;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the whole {@code weir.status} topic from its beginning and keeps following it, without a
 * consumer group: the latest document of every instance that has not written its tombstone. Records
 * whose key is not {@code service/instance} or whose value is not a JSON object are logged and
 * skipped.
 */
public final class StatusFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusFollower.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TopicFollower<Map<StatusKey, InstanceStatus>> follower;

  /**
   * Starts following {@code topic}.
   *
   * @param clientProperties Kafka client properties: at least {@code bootstrap.servers}
   */
  public StatusFollower(String topic, Map<String, Object> clientProperties) {
    this.follower =
        new TopicFollower<>(
            topic,
            clientProperties,
            "weir-status-" + topic,
            Map.of(),
            StatusFollower::apply,
            documents -> {});
  }

  /**
   * Creates the topic when missing (a reader may start before any publisher) and follows it.
   *
   * @param replicationFactor the topic's copies when it is created
   */
  public static StatusFollower start(
      String topic,
      Map<String, Object> clientProperties,
      Duration timeout,
      short replicationFactor) {
    try (CompactedTopic writer = new CompactedTopic(topic, clientProperties, timeout)) {
      writer.ensureExists(replicationFactor);
    }
    return new StatusFollower(topic, clientProperties);
  }

  /**
   * Waits until every record written before the follower started has been read.
   *
   * @return the instances then, or empty when that took longer than {@code timeout}
   */
  public Optional<Map<StatusKey, InstanceStatus>> awaitCaughtUp(Duration timeout)
      throws InterruptedException {
    return follower.awaitCaughtUp(timeout);
  }

  /** Every instance's latest document as read so far, ordered by service and instance. */
  public Map<StatusKey, InstanceStatus> current() {
    return follower.current();
  }

  private static Map<StatusKey, InstanceStatus> apply(
      Map<StatusKey, InstanceStatus> documents,
      ConsumerRecord<String, @Nullable String> record,
      TopicPartition partition) {
    Optional<StatusKey> key = StatusKey.parse(String.valueOf(record.key()));
    if (key.isEmpty()) {
      log.warn(
          "{} offset {}: key '{}' is not service/instance; skipped",
          partition,
          record.offset(),
          record.key());
      return documents;
    }
    Map<StatusKey, InstanceStatus> next = new TreeMap<>(documents);
    String value = record.value();
    if (value == null) {
      next.remove(key.get());
    } else {
      JsonNode document;
      try {
        document = JSON.readTree(value);
      } catch (JacksonException e) {
        log.warn("{} offset {}: {} is not JSON; skipped", partition, record.offset(), key.get());
        return documents;
      }
      if (!document.isObject()) {
        log.warn(
            "{} offset {}: {} is not a JSON object; skipped",
            partition,
            record.offset(),
            key.get());
        return documents;
      }
      next.put(key.get(), new InstanceStatus(key.get(), document));
    }
    return Collections.unmodifiableMap(next);
  }

  @Override
  public void close() {
    follower.close();
  }
}
