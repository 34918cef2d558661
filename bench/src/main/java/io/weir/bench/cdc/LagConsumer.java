package io.weir.bench.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Follows a tool's topic from its current end and notes, for every inserted live row, the broker's
 * append time of its record ({@code message.timestamp.type=LogAppendTime}).
 */
final class LagConsumer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Long, Long> appendMillis = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile @Nullable RuntimeException failure;

  /**
   * @param insertedId the live row's id when a document is an insert into {@code app.live_rows},
   *     else null
   */
  LagConsumer(
      String bootstrapServers, String topic, Function<JsonNode, @Nullable Long> insertedId) {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10),
            new StringDeserializer(),
            new StringDeserializer());
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToEnd(List.of(partition));
    consumer.position(partition);
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("lag-" + topic)
            .start(
                () -> {
                  try (consumer) {
                    while (!closed) {
                      for (ConsumerRecord<String, String> record :
                          consumer.poll(Duration.ofMillis(100))) {
                        note(record, insertedId);
                      }
                    }
                  } catch (RuntimeException e) {
                    failure = e;
                  }
                });
  }

  private void note(ConsumerRecord<String, String> record, Function<JsonNode, @Nullable Long> id) {
    if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
      throw new IllegalStateException(
          record.topic() + " is not a LogAppendTime topic: " + record.timestampType());
    }
    if (record.value() == null) {
      return;
    }
    try {
      Long inserted = id.apply(JSON.readTree(record.value()));
      if (inserted != null) {
        appendMillis.putIfAbsent(inserted, record.timestamp());
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("not JSON at offset " + record.offset(), e);
    }
  }

  /** Waits until every id {@code first..last} arrived, or {@code timeout} passed. */
  void awaitIds(long first, long last, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      RuntimeException failed = failure;
      if (failed != null) {
        throw failed;
      }
      if (appendMillis.containsKey(last) && countIn(first, last) == last - first + 1) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private long countIn(long first, long last) {
    long count = 0;
    for (long id = first; id <= last; id++) {
      if (appendMillis.containsKey(id)) {
        count++;
      }
    }
    return count;
  }

  /** The broker's append time of the record that inserted {@code id}, or null. */
  @Nullable Long appendMillis(long id) {
    return appendMillis.get(id);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join(Duration.ofSeconds(10));
  }
}
