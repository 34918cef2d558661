package io.weir.control.status;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code weir.status} topic ({@code weir.status.*}). Kafka itself (brokers, client properties,
 * timeout, replication factor) is {@code weir.config.*}'s: both topics live on the same brokers.
 *
 * @param topic the compacted topic of live state ({@code topic}, default {@code weir.status})
 * @param interval how often an instance publishes its state ({@code interval}, default 2s); a
 *     reader takes an instance whose last document is older than three of its intervals as stale
 */
@ConfigurationProperties("weir.status")
public record StatusTopicProperties(
    @DefaultValue(StatusTopic.DEFAULT_NAME) String topic, @DefaultValue("2s") Duration interval) {

  public StatusTopicProperties {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("weir.status.interval must be positive, not " + interval);
    }
  }
}
