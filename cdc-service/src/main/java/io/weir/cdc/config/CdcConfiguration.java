package io.weir.cdc.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.source.ChangeSourceFactory;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import java.nio.file.Path;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds cdc-service: its resources from {@code weir.cdc.config-file} (none without one) and the
 * runner of their kafkacdc services. The binlog reader is any {@link ChangeSourceFactory} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CdcProperties.class)
class CdcConfiguration {

  @Bean
  io.weir.control.config.Configuration cdcResources(CdcProperties properties) {
    Path file = properties.configFile();
    if (file == null) {
      return io.weir.control.config.Configuration.empty();
    }
    try {
      return StaticConfiguration.load(file);
    } catch (InvalidConfigurationException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
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
}
