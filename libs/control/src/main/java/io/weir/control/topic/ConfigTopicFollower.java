package io.weir.control.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code weir.config} topic from its beginning and keeps following it, on a thread of its
 * own: the resources as the latest record of each key has them. Without a consumer group, every
 * instance of every service reads every record.
 *
 * <p>{@link #awaitCaughtUp} returns once everything written before the follower started has been
 * read, which is what a service builds its first configuration from. From then on, {@code changes}
 * receives the whole set after each batch of records that changed it.
 */
public final class ConfigTopicFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigTopicFollower.class);

  private final TopicPartition partition;
  private final KafkaConsumer<String, String> consumer;
  private final Consumer<ResourceSet> changes;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile ResourceSet current = ResourceSet.empty();
  private volatile boolean closed;
  // the offset of the next record to read; guarded by this, for awaitRead
  private long position;

  /**
   * Follows {@code topic}, creating it when missing and first writing {@code seed} into it when it
   * is empty, and returns once caught up: how every service starts on the topic.
   *
   * @param seed the resources an empty topic starts with (a static file's), or an empty set
   * @param changes as for the constructor
   * @throws IllegalStateException when Kafka cannot be reached or read within the timeout
   */
  public static ConfigTopicFollower startSeeded(
      ConfigTopicProperties topic, ResourceSet seed, Consumer<ResourceSet> changes) {
    try (ConfigTopic writer =
        new ConfigTopic(topic.topic(), topic.clientProperties(), topic.timeout())) {
      writer.ensureExists(topic.replicationFactor());
      if (!seed.isEmpty()) {
        try (ConfigTopicFollower once =
            new ConfigTopicFollower(topic.topic(), topic.clientProperties(), set -> {})) {
          if (once.caughtUpWithin(topic).isEmpty()) {
            log.info(
                "topic {} is empty: seeding it with {} resources",
                topic.topic(),
                seed.bodies().size());
            writer.writeAll(seed);
          }
        }
      }
    }
    ConfigTopicFollower follower =
        new ConfigTopicFollower(topic.topic(), topic.clientProperties(), changes);
    try {
      follower.caughtUpWithin(topic);
      return follower;
    } catch (RuntimeException e) {
      follower.close();
      throw e;
    }
  }

  private ResourceSet caughtUpWithin(ConfigTopicProperties topic) {
    try {
      return awaitCaughtUp(topic.timeout())
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "cannot read topic '"
                          + topic.topic()
                          + "' from "
                          + topic.bootstrapServers()
                          + " within "
                          + topic.timeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading topic '" + topic.topic() + "'", e);
    }
  }

  /**
   * Starts following.
   *
   * @param topic the topic
   * @param clientProperties Kafka client properties: at least {@code bootstrap.servers}
   * @param changes receives the whole set after each change, once caught up; on the follower's
   *     thread, so it must not block for long
   */
  public ConfigTopicFollower(
      String topic, Map<String, Object> clientProperties, Consumer<ResourceSet> changes) {
    this.partition = new TopicPartition(topic, 0);
    this.changes = changes;
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    this.thread = Thread.ofPlatform().daemon().name("weir-config-" + topic).start(this::follow);
  }

  /**
   * Waits until every record written before the follower started has been read.
   *
   * @return the resources then, or empty when that took longer than {@code timeout}
   */
  public Optional<ResourceSet> awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.of(current)
        : Optional.empty();
  }

  /** The resources as read so far. */
  public ResourceSet current() {
    return current;
  }

  private void follow() {
    long end = -1;
    while (!closed) {
      try {
        if (end < 0) {
          end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        ResourceSet before = current;
        ResourceSet set = before;
        for (ConsumerRecord<String, String> record : records) {
          Optional<ResourceKey> key = ResourceKey.parse(String.valueOf(record.key()));
          if (key.isEmpty()) {
            log.warn(
                "{} offset {}: key '{}' names no resource; skipped",
                partition,
                record.offset(),
                record.key());
            continue;
          }
          set = set.with(key.get(), record.value());
        }
        current = set;
        advanceTo(consumer.position(partition));
        boolean wasCaughtUp = caughtUp.getCount() == 0;
        if (!wasCaughtUp && consumer.position(partition) >= end) {
          caughtUp.countDown();
        } else if (wasCaughtUp && !set.equals(before)) {
          deliver(set);
        }
      } catch (WakeupException e) {
        // close() woke the poll
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("reading {} failed ({}); retrying", partition, e.toString());
          sleepQuietly();
        }
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }

  /**
   * Waits until the record at {@code offset} has been read, so that a writer sees its own write in
   * {@link #current()}.
   *
   * @return whether it was read within {@code timeout}
   */
  public synchronized boolean awaitRead(long offset, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (position <= offset) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private synchronized void advanceTo(long next) {
    if (next > position) {
      position = next;
      notifyAll();
    }
  }

  private void deliver(ResourceSet set) {
    try {
      changes.accept(set);
    } catch (RuntimeException e) {
      log.error("applying a change from {} failed", partition, e);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
