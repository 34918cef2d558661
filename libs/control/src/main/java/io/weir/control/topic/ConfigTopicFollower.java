package io.weir.control.topic;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code weir.config} topic from its beginning and keeps following it, on a thread of its
 * own (a {@link TopicFollower} of resources): the resources as the latest record of each key has
 * them. Without a consumer group, every instance of every service reads every record.
 *
 * <p>{@link #awaitCaughtUp} returns once everything written before the follower started has been
 * read, which is what a service builds its first configuration from. From then on, {@code changes}
 * receives the whole set after each batch of records that changed it.
 */
public final class ConfigTopicFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigTopicFollower.class);

  private final TopicFollower<ResourceSet> follower;

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
    this.follower =
        new TopicFollower<>(
            topic,
            clientProperties,
            "weir-config-" + topic,
            ResourceSet.empty(),
            ConfigTopicFollower::apply,
            changes);
  }

  /**
   * Waits until every record written before the follower started has been read.
   *
   * @return the resources then, or empty when that took longer than {@code timeout}
   */
  public Optional<ResourceSet> awaitCaughtUp(Duration timeout) throws InterruptedException {
    return follower.awaitCaughtUp(timeout);
  }

  /** The resources as read so far. */
  public ResourceSet current() {
    return follower.current();
  }

  private static ResourceSet apply(
      ResourceSet set, ConsumerRecord<String, @Nullable String> record, TopicPartition partition) {
    Optional<ResourceKey> key = ResourceKey.parse(String.valueOf(record.key()));
    if (key.isEmpty()) {
      log.warn(
          "{} offset {}: key '{}' names no resource; skipped",
          partition,
          record.offset(),
          record.key());
      return set;
    }
    return set.with(key.get(), record.value());
  }

  /**
   * Waits until the record at {@code offset} has been read, so that a writer sees its own write in
   * {@link #current()}.
   *
   * @return whether it was read within {@code timeout}
   */
  public boolean awaitRead(long offset, Duration timeout) throws InterruptedException {
    return follower.awaitRead(offset, timeout);
  }

  /**
   * The offset of the next record to read: every record before it has been read, and handed to
   * {@code changes} once caught up.
   */
  public long position() {
    return follower.position();
  }

  @Override
  public void close() {
    follower.close();
  }
}
