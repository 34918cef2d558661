package io.weir.proxy.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the proxy reads its resources from when they are kept in Kafka ({@code weir.config.*}).
 *
 * @param bootstrapServers the Kafka brokers, {@code host:port} separated by commas; unset, the
 *     proxy runs from its static file alone
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
    @DefaultValue("1") short replicationFactor) {}
