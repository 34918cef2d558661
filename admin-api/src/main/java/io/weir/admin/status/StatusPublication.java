package io.weir.admin.status;

import io.weir.control.status.InstanceIdentity;
import io.weir.control.status.StatusTopic;
import io.weir.control.status.StatusTopicProperties;
import io.weir.control.topic.CompactedTopic;
import io.weir.control.topic.ConfigTopicProperties;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Who this admin API instance is, and its own document in {@code weir.status}: published once its
 * HTTP port is known (the {@code management_url} carries it) when Kafka is configured, removed with
 * a tombstone when it stops, so that {@code /v1/weir} on any instance lists every admin API
 * instance as it lists the other services'.
 */
public final class StatusPublication
    implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

  /** The service's name in {@code weir.status} keys. */
  public static final String SERVICE = "admin-api";

  private final ConfigTopicProperties kafka;
  private final StatusTopicProperties status;
  private final String instance;
  private final String version;
  private final Instant startedAt;
  private final ManagementUrl managementUrl;
  private final InstantSource clock;
  private final Supplier<String> health;
  private final Supplier<Map<String, Object>> state;
  private volatile @Nullable StatusTopic topic;

  /** The base URL of this instance's API, once its port is known. */
  @FunctionalInterface
  public interface ManagementUrl {
    String forPort(int port);
  }

  /**
   * @param instance this instance's id
   * @param version the API's version
   * @param health this instance's health (UP, DOWN, ...)
   * @param state what else the document carries
   */
  public StatusPublication(
      ConfigTopicProperties kafka,
      StatusTopicProperties status,
      String instance,
      String version,
      ManagementUrl managementUrl,
      InstantSource clock,
      Supplier<String> health,
      Supplier<Map<String, Object>> state) {
    this.kafka = kafka;
    this.status = status;
    this.instance = instance;
    this.version = version;
    this.managementUrl = managementUrl;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.health = health;
    this.state = state;
  }

  /** This instance's id. */
  public String instance() {
    return instance;
  }

  /** The API's version. */
  public String version() {
    return version;
  }

  /** When this instance started. */
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    // a separate management port announces itself too; the instance's API is the main server
    if (!kafka.enabled() || event.getApplicationContext().getServerNamespace() != null) {
      return;
    }
    InstanceIdentity identity =
        new InstanceIdentity(
            SERVICE,
            instance,
            version,
            managementUrl.forPort(event.getWebServer().getPort()),
            startedAt);
    topic =
        new StatusTopic(
                new CompactedTopic(status.topic(), kafka.clientProperties(), kafka.timeout()),
                identity,
                status.interval(),
                clock,
                health,
                state)
            .start(kafka.replicationFactor());
  }

  @Override
  public void close() {
    StatusTopic publishing = topic;
    if (publishing != null) {
      publishing.close();
    }
  }
}
