package io.weir.control.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Writes resources to the {@code weir.config} topic (a {@link CompactedTopic}): one compacted
 * partition, so every reader sees every change in the order it was accepted. A write completes only
 * once every in-sync replica has it ({@code acks=all}, idempotent), so a change acknowledged to a
 * user is not lost when a broker or the writer dies.
 */
public final class ConfigTopic implements AutoCloseable {

  /** The topic's default name. */
  public static final String DEFAULT_NAME = "weir.config";

  private final CompactedTopic topic;

  /**
   * @param name the topic
   * @param clientProperties Kafka client properties: at least {@code bootstrap.servers}, plus any
   *     TLS or SASL settings
   * @param timeout how long a write or the topic's creation may take before it fails
   */
  public ConfigTopic(String name, Map<String, Object> clientProperties, Duration timeout) {
    this.topic = new CompactedTopic(name, clientProperties, timeout);
  }

  /** The topic's name. */
  public String name() {
    return topic.name();
  }

  /**
   * Creates the topic, compacted with one partition, unless it exists.
   *
   * @param replicationFactor the brokers that hold a copy; 1 for a single broker
   * @throws IllegalStateException when Kafka cannot be reached within the timeout
   */
  public void ensureExists(short replicationFactor) {
    topic.ensureExists(replicationFactor);
  }

  /**
   * Writes a resource's whole body, or its tombstone when {@code body} is null.
   *
   * @return completes with the record's offset once Kafka acknowledged it, or exceptionally when it
   *     did not within the timeout
   */
  public CompletableFuture<Long> write(ResourceKey key, @Nullable String body) {
    return write(key.text(), body);
  }

  /**
   * Writes the record of {@code key}, or its tombstone when {@code body} is null: for compacted
   * topics of the same shape whose keys are not resources, such as the admin API's accounts.
   *
   * @return completes with the record's offset once Kafka acknowledged it, or exceptionally when it
   *     did not within the timeout
   */
  public CompletableFuture<Long> write(String key, @Nullable String body) {
    return topic.write(key, body);
  }

  /** Writes every resource of {@code resources} and waits for all of them to be acknowledged. */
  public void writeAll(ResourceSet resources) {
    List<CompletableFuture<Long>> writes =
        resources.bodies().entrySet().stream()
            .map(entry -> write(entry.getKey(), entry.getValue()))
            .toList();
    try {
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
          .get(topic.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot write to topic '" + name() + "': " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not acknowledge the writes to '" + name() + "' within " + topic.timeout(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing to '" + name() + "'", e);
    }
  }

  /** Properties a reader of the same topic uses: the writer's connection settings. */
  public Map<String, Object> clientProperties() {
    return topic.clientProperties();
  }

  @Override
  public void close() {
    topic.close();
  }
}
