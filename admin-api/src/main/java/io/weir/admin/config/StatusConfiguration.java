package io.weir.admin.config;

import io.weir.admin.status.LiveState;
import io.weir.admin.status.StatusView;
import io.weir.admin.status.SuiteEndpoint;
import io.weir.control.status.InstanceProperties;
import io.weir.control.status.StatusFollower;
import io.weir.control.status.StatusPublication;
import io.weir.control.status.StatusTopicProperties;
import io.weir.control.topic.ConfigTopicProperties;
import java.time.InstantSource;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code weir.status} topic: read for the live state the API serves, and written with this
 * instance's own status, both only when Kafka is configured ({@code
 * weir.config.bootstrap-servers}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StatusTopicProperties.class, InstanceProperties.class})
public class StatusConfiguration {

  /**
   * Every instance's latest document, followed from the beginning of the topic; nothing without
   * Kafka.
   */
  @Bean(destroyMethod = "close")
  StatusView statusView(ConfigTopicProperties kafka, StatusTopicProperties status) {
    if (!kafka.enabled()) {
      return new StatusView(Map::of, null, InstantSource.system(), status.interval(), () -> {});
    }
    StatusFollower follower =
        StatusFollower.start(
            status.topic(), kafka.clientProperties(), kafka.timeout(), kafka.replicationFactor());
    return new StatusView(
        follower::current, status.topic(), InstantSource.system(), status.interval(), follower);
  }

  @Bean
  LiveState liveState(StatusView view) {
    return new LiveState(view);
  }

  /** This instance in {@code weir.status}, as every service instance is. */
  @Bean(destroyMethod = "close")
  StatusPublication statusPublication(
      ConfigTopicProperties kafka,
      StatusTopicProperties status,
      InstanceProperties instance,
      ObjectProvider<BuildProperties> build,
      ObjectProvider<HealthEndpoint> health,
      AdminLease lease) {
    BuildProperties buildProperties = build.getIfAvailable();
    return new StatusPublication(
        SuiteEndpoint.SERVICE,
        kafka,
        status,
        instance,
        buildProperties == null || buildProperties.getVersion() == null
            ? "unknown"
            : buildProperties.getVersion(),
        InstantSource.system(),
        () -> {
          HealthEndpoint endpoint = health.getIfAvailable();
          return endpoint == null ? "UNKNOWN" : endpoint.health().getStatus().getCode();
        },
        () -> Map.of("writer", lease.ownership().owns()));
  }
}
