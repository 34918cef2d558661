package io.weir.proxy.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.control.config.Configuration;
import io.weir.control.status.InstanceProperties;
import io.weir.control.status.StatusPublication;
import io.weir.control.status.StatusTopicProperties;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ConfigurationSource;
import io.weir.proxy.monitor.Monitors;
import io.weir.proxy.runtime.ConfigurationChanges;
import io.weir.proxy.runtime.ProxyRuntime;
import io.weir.proxy.status.ProxyStatus;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;

/** Loads the resources the proxy runs from, starts their monitors and opens their listeners. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ProxyProperties.class,
  ConfigTopicProperties.class,
  StatusTopicProperties.class,
  InstanceProperties.class
})
public class ProxyConfiguration {

  /**
   * Where the resources come from: {@code weir.proxy.config-file}, or the {@code weir.config} topic
   * when {@code weir.config.bootstrap-servers} is set (seeded from the file when empty). An invalid
   * file or topic stops the start with every problem listed by resource and field.
   */
  @Bean(destroyMethod = "close")
  ConfigurationSource configurationSource(ProxyProperties properties, ConfigTopicProperties topic) {
    return ConfigurationSource.open(properties.configFile(), topic);
  }

  /** The resources the proxy starts with. */
  @Bean
  Configuration resources(ConfigurationSource source) {
    return source.initial();
  }

  @Bean(destroyMethod = "close")
  Monitors monitors(Configuration resources) {
    return Monitors.start(resources);
  }

  /** The listeners of the configuration, open once the context has started. */
  @Bean(destroyMethod = "close")
  ProxyRuntime proxyRuntime(
      Configuration resources,
      Monitors monitors,
      MeterRegistry registry,
      ProxyProperties properties) {
    return ProxyRuntime.start(resources, monitors, registry, properties.settings());
  }

  /** Later changes of the topic, applied to the running proxy. */
  @Bean
  ConfigurationChanges configurationChanges(
      ProxyRuntime runtime,
      Monitors monitors,
      Configuration resources,
      MeterRegistry registry,
      ConfigurationSource source) {
    ConfigurationChanges changes = new ConfigurationChanges(runtime, monitors, resources, registry);
    source.follow(changes::apply);
    return changes;
  }

  /**
   * This instance's live state, published to {@code weir.status} every {@code weir.status.interval}
   * when Kafka is configured, and removed from it when the proxy stops.
   */
  @Bean(destroyMethod = "close")
  StatusPublication statusPublication(
      ConfigTopicProperties topic,
      StatusTopicProperties status,
      InstanceProperties instance,
      ObjectProvider<BuildProperties> build,
      ObjectProvider<HealthEndpoint> health,
      Monitors monitors,
      ProxyRuntime runtime,
      ConfigurationSource source) {
    BuildProperties buildProperties = build.getIfAvailable();
    return new StatusPublication(
        "proxy-service",
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
        new ProxyStatus(monitors, runtime, source::topicPosition));
  }
}
