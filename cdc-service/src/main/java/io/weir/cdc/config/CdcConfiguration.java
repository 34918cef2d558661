package io.weir.cdc.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.runtime.CdcConfigurationChanges;
import io.weir.cdc.source.ChangeSourceFactory;
import io.weir.cdc.status.CdcStatus;
import io.weir.control.status.InstanceProperties;
import io.weir.control.status.StatusPublication;
import io.weir.control.status.StatusTopicProperties;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ConfigurationSource;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds cdc-service: its resources from {@code weir.cdc.config-file}, or from the {@code
 * weir.config} topic when {@code weir.config.bootstrap-servers} is set (seeded from the file when
 * empty, then followed); the runner of their kafkacdc services; and its {@code weir.status}
 * publication. The binlog reader is any {@link ChangeSourceFactory} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  CdcProperties.class,
  ConfigTopicProperties.class,
  StatusTopicProperties.class,
  InstanceProperties.class
})
class CdcConfiguration {

  /**
   * Where the resources come from; an invalid file or topic stops the start naming every problem.
   */
  @Bean(destroyMethod = "close")
  ConfigurationSource cdcConfigurationSource(
      CdcProperties properties, ConfigTopicProperties topic) {
    return ConfigurationSource.open(properties.configFile(), topic);
  }

  @Bean
  io.weir.control.config.Configuration cdcResources(ConfigurationSource source) {
    return source.initial();
  }

  @Bean
  CdcRunner cdcRunner(
      io.weir.control.config.Configuration cdcResources,
      CdcProperties properties,
      ObjectProvider<ChangeSourceFactory> sources,
      MeterRegistry registry,
      CdcLeases cdcLeases) {
    return new CdcRunner(
        cdcResources,
        properties.streamOptions(),
        sources.getIfAvailable(),
        registry,
        InstantSource.system(),
        cdcLeases);
  }

  /** Later records of the topic, applied to the running services once the runner started them. */
  @Bean
  CdcConfigurationChanges cdcConfigurationChanges(
      CdcRunner cdcRunner,
      ConfigurationSource source,
      io.weir.control.config.Configuration cdcResources,
      MeterRegistry registry) {
    return new CdcConfigurationChanges(cdcRunner, source, cdcResources, registry);
  }

  /**
   * This instance's live state, published to {@code weir.status} every {@code weir.status.interval}
   * when Kafka is configured, and removed from it when the service stops.
   */
  @Bean(destroyMethod = "close")
  StatusPublication cdcStatusPublication(
      ConfigTopicProperties topic,
      StatusTopicProperties status,
      InstanceProperties instance,
      ObjectProvider<BuildProperties> build,
      ObjectProvider<HealthEndpoint> health,
      CdcRunner cdcRunner,
      MeterRegistry registry,
      ConfigurationSource source) {
    BuildProperties buildProperties = build.getIfAvailable();
    return new StatusPublication(
        "cdc-service",
        topic,
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
        new CdcStatus(cdcRunner, registry, source::topicPosition));
  }
}
