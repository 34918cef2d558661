package io.weir.admin.resource;

import io.weir.control.topic.ConfigTopic;
import io.weir.control.topic.ConfigTopicFollower;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ResourceKey;
import io.weir.control.topic.ResourceSet;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The resources as the admin API serves and changes them: the {@code weir.config} topic when Kafka
 * is configured (seeded from the static file when empty), else the static file, read-only.
 *
 * <p>A write returns only once Kafka acknowledged it and this instance has read it back, so a
 * client that reads after its write sees it.
 */
public final class ResourceStore implements AutoCloseable {

  private final @Nullable ConfigTopic writer;
  private final @Nullable ConfigTopicFollower follower;
  private final ResourceSet fromFile;
  private final Duration timeout;
  private final String description;

  private ResourceStore(
      @Nullable ConfigTopic writer,
      @Nullable ConfigTopicFollower follower,
      ResourceSet fromFile,
      Duration timeout,
      String description) {
    this.writer = writer;
    this.follower = follower;
    this.fromFile = fromFile;
    this.timeout = timeout;
    this.description = description;
  }

  /**
   * Opens the store.
   *
   * @param seed the static file's resources, or an empty set
   * @throws IllegalStateException when Kafka is configured but cannot be read within the timeout
   */
  public static ResourceStore open(ConfigTopicProperties topic, ResourceSet seed) {
    if (!topic.enabled()) {
      return new ResourceStore(null, null, seed, topic.timeout(), "the static file (read-only)");
    }
    ConfigTopicFollower follower = ConfigTopicFollower.startSeeded(topic, seed, set -> {});
    ConfigTopic writer = new ConfigTopic(topic.topic(), topic.clientProperties(), topic.timeout());
    return new ResourceStore(
        writer, follower, ResourceSet.empty(), topic.timeout(), "topic " + topic.topic());
  }

  /** The resources now. */
  public ResourceSet current() {
    return follower == null ? fromFile : follower.current();
  }

  /** Where the resources live, for messages. */
  public String description() {
    return description;
  }

  /**
   * Writes a resource's whole body, or deletes it when {@code body} is null.
   *
   * @return the record's offset in the topic
   * @throws StoreUnavailableException when there is no Kafka, or it did not acknowledge the write
   *     within the timeout; the change may then or may not have been stored
   */
  public long write(ResourceKey key, @Nullable String body) {
    if (writer == null || follower == null) {
      throw new StoreUnavailableException(
          "no Kafka is configured (weir.config.bootstrap-servers), so the configuration is"
              + " read-only");
    }
    long offset;
    try {
      offset = writer.write(key, body).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException(
          "Kafka did not store the change: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException(
          "Kafka did not acknowledge the change within " + timeout + "; it may be down", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted writing the change", e);
    }
    try {
      if (!follower.awaitRead(offset, timeout)) {
        throw new StoreUnavailableException(
            "Kafka stored the change at offset "
                + offset
                + " but this instance did not read it back within "
                + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted reading the change back", e);
    }
    return offset;
  }

  /**
   * Waits until this instance has read the record at {@code offset}, written by another instance,
   * so that a client that reads here after its write sees it.
   *
   * @return whether it was read within the timeout
   */
  public boolean awaitRead(long offset) {
    if (follower == null) {
      return true;
    }
    try {
      return follower.awaitRead(offset, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (follower != null) {
      follower.close();
    }
    if (writer != null) {
      writer.close();
    }
  }
}
