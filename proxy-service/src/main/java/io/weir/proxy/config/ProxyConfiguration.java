package io.weir.proxy.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import io.weir.proxy.monitor.Monitors;
import io.weir.proxy.runtime.ProxyRuntime;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Loads the resources the proxy runs from, starts their monitors and opens their listeners. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxyProperties.class)
public class ProxyConfiguration {

  /**
   * The resources of {@code weir.proxy.config-file}, or none. An invalid file stops the start with
   * every problem listed by file, line, resource and field.
   */
  @Bean
  Configuration resources(ProxyProperties properties) {
    Path file = properties.configFile();
    if (file == null) {
      return Configuration.empty();
    }
    try {
      return StaticConfiguration.load(file);
    } catch (InvalidConfigurationException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
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
}
