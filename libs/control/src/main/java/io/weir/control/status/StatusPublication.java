package io.weir.control.status;

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
 * Starts publishing a service instance's status once its HTTP port is known (the {@code
 * management_url} carries it), when Kafka is configured ({@code weir.config.bootstrap-servers});
 * without Kafka it does nothing. Closing it writes the instance's tombstone. Every service
 * (proxy-service, cdc-service, admin-api) registers one as a bean; admin-api also shows its
 * instance, version and start time in {@code /v1/weir} without Kafka.
 */
public final class StatusPublication
    implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

  private final String service;
  private final ConfigTopicProperties kafka;
  private final StatusTopicProperties status;
  private final InstanceProperties instance;
  private final String version;
  private final InstantSource clock;
  private final Instant startedAt;
  private final Supplier<String> health;
  private final Supplier<Map<String, Object>> state;
  private volatile @Nullable StatusTopic topic;

  /**
   * @param service the service's name in {@code weir.status} keys, e.g. {@code proxy-service}
   * @param version the service's version
   * @param health the instance's health (UP, DOWN, ...)
   * @param state the instance's live state
   */
  public StatusPublication(
      String service,
      ConfigTopicProperties kafka,
      StatusTopicProperties status,
      InstanceProperties instance,
      String version,
      InstantSource clock,
      Supplier<String> health,
      Supplier<Map<String, Object>> state) {
    this.service = service;
    this.kafka = kafka;
    this.status = status;
    this.instance = instance;
    this.version = version;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.health = health;
    this.state = state;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    // a separate management port announces itself too; the instance's API is the main server
    if (!kafka.enabled() || event.getApplicationContext().getServerNamespace() != null) {
      return;
    }
    InstanceIdentity identity =
        new InstanceIdentity(
            service,
            instance.resolvedId(),
            version,
            instance.resolvedManagementUrl(event.getWebServer().getPort()),
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

  /** This instance's id ({@code weir.instance.id}, or one derived from the host). */
  public String instance() {
    return instance.resolvedId();
  }

  /** The service's version. */
  public String version() {
    return version;
  }

  /** When this instance started (when this was made, with the application context). */
  public Instant startedAt() {
    return startedAt;
  }

  /** Who this instance is in {@code weir.status}, once it publishes. */
  public @Nullable InstanceIdentity identity() {
    StatusTopic publishing = topic;
    return publishing == null ? null : publishing.identity();
  }

  @Override
  public void close() {
    StatusTopic publishing = topic;
    if (publishing != null) {
      publishing.close();
    }
  }
}
