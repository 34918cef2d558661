package io.weir.proxy.config;

import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import io.weir.proxy.monitor.Monitors;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Loads the resources the proxy runs from and starts their monitors. */
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
}
