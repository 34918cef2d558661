package io.weir.cdc.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kubernetes Leases of {@code cooperative_replication} services ({@code weir.cdc.lease.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CdcLeaseProperties.class)
class CdcLeaseConfiguration {

  @Bean
  CdcLeases cdcLeases(CdcLeaseProperties properties) {
    return CdcLeases.open(properties);
  }
}
