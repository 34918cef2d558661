package io.weir.proxy.config;

import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import io.weir.control.topic.ConfigTopicFollower;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ResourceSet;
import io.weir.proxy.runtime.ConfigurationChanges;
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
 * Where the proxy's resources come from: the static file alone, or the {@code weir.config} topic,
 * which the file seeds when the topic is empty and which is followed for changes afterwards. When
 * both exist the topic wins.
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
   * Reads the resources the proxy starts with.
   *
   * @throws IllegalStateException naming every problem of an invalid file or topic, or when Kafka
   *     cannot be read within the timeout
   */
  public static ConfigurationSource open(ProxyProperties proxy, ConfigTopicProperties topic) {
    Path file = proxy.configFile();
    Configuration fromFile = file == null ? Configuration.empty() : load(file);
    if (!topic.enabled()) {
      return new ConfigurationSource(
          fromFile, file == null ? "no configuration" : file.toString(), null);
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

  /**
   * The topic the proxy follows, or empty when it runs from its file alone. A proxy that follows a
   * topic takes changes only from it, so that every instance stays the same.
   */
  public Optional<String> followedTopic() {
    return follower == null ? Optional.empty() : Optional.of(name);
  }

  /**
   * The offset of the next record of the followed topic to read (every record before it has been
   * read, and is applied as soon as it is), or empty for a static file.
   */
  public OptionalLong topicPosition() {
    return follower == null ? OptionalLong.empty() : OptionalLong.of(follower.position());
  }

  /** The resources to start with. */
  public Configuration initial() {
    return initial;
  }

  /**
   * Applies every later change of the topic to the running proxy through {@code changes}; nothing
   * for a static file. A change that does not validate is logged and skipped, whole.
   */
  public void follow(ConfigurationChanges changes) {
    if (follower == null) {
      return;
    }
    Consumer<ResourceSet> apply =
        set -> {
          try {
            changes.apply(set.toConfiguration(name));
          } catch (InvalidConfigurationException e) {
            log.error("a change of {} is not valid and was not applied: {}", name, e.getMessage());
          }
        };
    listener = apply;
    // a change read between the start and now
    apply.accept(follower.current());
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
