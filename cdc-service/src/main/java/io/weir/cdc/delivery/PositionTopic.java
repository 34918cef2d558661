package io.weir.cdc.delivery;

import io.weir.cdc.event.GtidPosition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * With {@code exactly_once}: the compacted topic {@code <topic>.position} (one partition) whose
 * record keyed by the service's id holds its position, written in the same Kafka transaction as the
 * documents of the MariaDB transaction it ends with. Read {@code read_committed}, it is exactly the
 * position of the last committed documents.
 */
public final class PositionTopic {

  private PositionTopic() {}

  /** The position topic of {@code topic}. */
  public static String of(String topic) {
    return topic + ".position";
  }

  /**
   * Creates the position topic, compacted, with the brokers' replication factor, unless it exists.
   */
  public static void ensureExists(
      Map<String, Object> clientProperties, String topic, Duration timeout) {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    properties.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    try (Admin admin = Admin.create(properties)) {
      if (admin
          .listTopics()
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(of(topic))) {
        return;
      }
      NewTopic position =
          new NewTopic(of(topic), Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(position)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + of(topic) + ": " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka to create topic " + of(topic) + " within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + of(topic), e);
    }
  }

  /**
   * The last committed position of {@code service}; empty when the topic or the key has none.
   *
   * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
   */
  public static Optional<GtidPosition> read(
      Map<String, Object> clientProperties, String topic, String service, Duration timeout) {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    try (var consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(of(topic), timeout);
      if (infos == null || infos.isEmpty()) {
        return Optional.empty();
      }
      List<TopicPartition> partitions =
          infos.stream().map(info -> new TopicPartition(of(topic), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // read_committed: the end is the last stable offset, after which nothing is committed yet
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      String last = null;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cannot read topic " + of(topic) + " to its end within " + timeout);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (service.equals(record.key())) {
            last = record.value();
          }
        }
      }
      return last == null || last.isBlank()
          ? Optional.empty()
          : Optional.of(GtidPosition.parse(last));
    }
  }
}
