package io.weir.proxy.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.control.config.Configuration;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.proxy.monitor.Monitors;
import io.weir.proxy.runtime.ConfigurationChanges;
import io.weir.proxy.runtime.ProxyRuntime;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Loads the resources the proxy runs from, starts their monitors and opens their listeners. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProxyProperties.class, ConfigTopicProperties.class})
public class ProxyConfiguration {

  /**
   * Where the resources come from: {@code weir.proxy.config-file}, or the {@code weir.config} topic
   * when {@code weir.config.bootstrap-servers} is set (seeded from the file when empty). An invalid
   * file or topic stops the start with every problem listed by resource and field.
   */
  @Bean(destroyMethod = "close")
  ConfigurationSource configurationSource(ProxyProperties properties, ConfigTopicProperties topic) {
    return ConfigurationSource.open(properties, topic);
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
    source.follow(changes);
    return changes;
  }
}
