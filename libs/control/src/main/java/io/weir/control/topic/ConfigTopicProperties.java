package io.weir.control.topic;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service reads (and the admin API writes) the resources kept in Kafka ({@code
 * weir.config.*}), the same keys for every service.
 *
 * @param bootstrapServers the Kafka brokers, {@code host:port} separated by commas; unset, a
 *     service runs from its static file alone
 * @param topic the compacted topic of resources ({@code topic}, default {@code weir.config})
 * @param timeout how long reaching Kafka, reading the topic at start or seeding it may take ({@code
 *     timeout}, default 30s)
 * @param replicationFactor the copies of the topic when the proxy creates it ({@code
 *     replication-factor}, default 1)
 */
@ConfigurationProperties("weir.config")
public record ConfigTopicProperties(
    @Nullable String bootstrapServers,
    @DefaultValue("weir.config") String topic,
    @DefaultValue("30s") Duration timeout,
    @DefaultValue("1") short replicationFactor) {

  /** Whether Kafka is configured at all. */
  public boolean enabled() {
    return bootstrapServers != null && !bootstrapServers.isBlank();
  }

  /** The Kafka client properties: the brokers. */
  public Map<String, Object> clientProperties() {
    return bootstrapServers == null
        ? Map.of()
        : Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }
}
