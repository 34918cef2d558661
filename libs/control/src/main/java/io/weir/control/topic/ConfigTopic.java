package io.weir.control.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes resources to the {@code weir.config} topic: one compacted partition, so every reader sees
 * every change in the order it was accepted. A write completes only once every in-sync replica has
 * it ({@code acks=all}, idempotent), so a change acknowledged to a user is not lost when a broker
 * or the writer dies.
 */
public final class ConfigTopic implements AutoCloseable {

  /** The topic's default name. */
  public static final String DEFAULT_NAME = "weir.config";

  private final String name;
  private final Map<String, Object> clientProperties;
  private final Duration timeout;
  private final KafkaProducer<String, String> producer;

  /**
   * @param name the topic
   * @param clientProperties Kafka client properties: at least {@code bootstrap.servers}, plus any
   *     TLS or SASL settings
   * @param timeout how long a write or the topic's creation may take before it fails
   */
  public ConfigTopic(String name, Map<String, Object> clientProperties, Duration timeout) {
    this.name = name;
    this.clientProperties = Map.copyOf(clientProperties);
    this.timeout = timeout;
    Properties producerProperties = new Properties();
    producerProperties.putAll(clientProperties);
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    producerProperties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    producerProperties.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer =
        new KafkaProducer<>(producerProperties, new StringSerializer(), new StringSerializer());
  }

  /** The topic's name. */
  public String name() {
    return name;
  }

  /**
   * Creates the topic, compacted with one partition, unless it exists.
   *
   * @param replicationFactor the brokers that hold a copy; 1 for a single broker
   * @throws IllegalStateException when Kafka cannot be reached within the timeout
   */
  public void ensureExists(short replicationFactor) {
    Properties adminProperties = new Properties();
    adminProperties.putAll(clientProperties);
    adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    // Kafka refuses an API timeout below the request timeout, 30 s by default
    adminProperties.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    try (Admin admin = Admin.create(adminProperties)) {
      if (admin
          .listTopics()
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(name)) {
        return;
      }
      NewTopic topic =
          new NewTopic(name, 1, replicationFactor)
              .configs(
                  Map.of(
                      TopicConfig.CLEANUP_POLICY_CONFIG,
                      TopicConfig.CLEANUP_POLICY_COMPACT,
                      TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                      Integer.toString(Math.max(1, replicationFactor - 1))));
      admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic '" + name + "': " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka to create topic '" + name + "' within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic '" + name + "'", e);
    }
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
    CompletableFuture<Long> written = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(name, 0, key, body),
          (metadata, failure) -> {
            if (failure != null) {
              written.completeExceptionally(failure);
            } else {
              written.complete(metadata.offset());
            }
          });
    } catch (RuntimeException e) {
      written.completeExceptionally(e);
    }
    return written;
  }

  /** Writes every resource of {@code resources} and waits for all of them to be acknowledged. */
  public void writeAll(ResourceSet resources) {
    List<CompletableFuture<Long>> writes =
        resources.bodies().entrySet().stream()
            .map(entry -> write(entry.getKey(), entry.getValue()))
            .toList();
    try {
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot write to topic '" + name + "': " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not acknowledge the writes to '" + name + "' within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing to '" + name + "'", e);
    }
  }

  /** Properties a reader of the same topic uses: the writer's connection settings. */
  public Map<String, Object> clientProperties() {
    return clientProperties;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
