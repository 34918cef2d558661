package io.weir.control.topic;

import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a service's resources come from: its static file alone, or the {@code weir.config} topic
 * when {@code weir.config.bootstrap-servers} is set, which the file seeds when the topic is empty
 * and which is followed for changes afterwards. When both exist the topic wins. A service that
 * follows the topic takes changes only from it, so that every instance stays the same.
 * proxy-service and cdc-service each open one.
 */
public final class ConfigurationSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigurationSource.class);

  private final Configuration initial;
  private final String name;
  private final @Nullable ConfigTopicFollower follower;
  private volatile Consumer<ResourceSet> listener = set -> {};

  private ConfigurationSource(
      Configuration initial, String name, @Nullable ConfigTopicFollower follower) {
    this.initial = initial;
    this.name = name;
    this.follower = follower;
  }

  /**
   * Reads the resources the service starts with.
   *
   * @param file the service's static file ({@code weir.proxy.config-file}, {@code
   *     weir.cdc.config-file}), or null for none
   * @throws IllegalStateException naming every problem of an invalid file or topic, or when Kafka
   *     cannot be read within the timeout
   */
  public static ConfigurationSource open(@Nullable Path file, ConfigTopicProperties topic) {
    if (!topic.enabled()) {
      return new ConfigurationSource(
          file == null ? Configuration.empty() : load(file),
          file == null ? "no configuration" : file.toString(),
          null);
    }
    ResourceSet seed =
        file == null ? ResourceSet.empty() : ResourceSet.fromStaticDocument(read(file));
    return new ConfigurationSource(topic, seed);
  }

  /** Follows the topic, seeded when empty, and reads the resources it holds now. */
  private ConfigurationSource(ConfigTopicProperties topic, ResourceSet seed) {
    this.name = "topic " + topic.topic();
    // changes reach whatever listener is set by then; until follow(), none
    this.follower = ConfigTopicFollower.startSeeded(topic, seed, set -> listener.accept(set));
    try {
      ResourceSet resources = follower.current();
      this.initial = resources.toConfiguration(name);
      log.info("{}: {} resources", name, resources.bodies().size());
    } catch (InvalidConfigurationException e) {
      follower.close();
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The followed topic ({@code topic weir.config}), or empty when running from the file alone. */
  public Optional<String> followedTopic() {
    return follower == null ? Optional.empty() : Optional.of(name);
  }

  /**
   * The offset of the next record of the followed topic to read (every record before it has been
   * read, and is handed on as soon as it is), or empty for a static file.
   */
  public OptionalLong topicPosition() {
    return follower == null ? OptionalLong.empty() : OptionalLong.of(follower.position());
  }

  /** The resources to start with. */
  public Configuration initial() {
    return initial;
  }

  /**
   * Hands every later configuration of the topic to {@code changes}, starting with the one read now
   * (a change may have come since the start); nothing for a static file. A configuration that does
   * not validate is logged and skipped, whole. Runs on the follower's thread.
   */
  public void follow(Consumer<Configuration> changes) {
    if (follower == null) {
      return;
    }
    Consumer<ResourceSet> apply =
        set -> {
          try {
            changes.accept(set.toConfiguration(name));
          } catch (InvalidConfigurationException e) {
            log.error("a change of {} is not valid and was not applied: {}", name, e.getMessage());
          }
        };
    listener = apply;
    apply.accept(follower.current());
  }

  /** Stops handing on changes (they are still read). */
  public void unfollow() {
    listener = set -> {};
  }

  private static Configuration load(Path file) {
    try {
      return StaticConfiguration.load(file);
    } catch (InvalidConfigurationException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    if (follower != null) {
      follower.close();
    }
  }
}
