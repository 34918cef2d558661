package io.weir.admin.config;

import io.weir.admin.api.WriteForwarder;
import io.weir.admin.resource.AuditLog;
import io.weir.admin.resource.ResourceChanges;
import io.weir.admin.resource.ResourceStore;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ResourceSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the resource store the API serves and changes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AdminProperties.class, ConfigTopicProperties.class})
public class AdminConfiguration {

  /**
   * The {@code weir.config} topic when Kafka is configured, seeded from {@code
   * weir.admin.config-file} when empty; else that file, read-only. An invalid file stops the start
   * with every problem named.
   */
  @Bean(destroyMethod = "close")
  ResourceStore resourceStore(AdminProperties admin, ConfigTopicProperties topic) {
    Path file = admin.configFile();
    ResourceSet seed = ResourceSet.empty();
    if (file != null) {
      try {
        StaticConfiguration.load(file);
        seed = ResourceSet.fromStaticDocument(Files.readString(file));
      } catch (InvalidConfigurationException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return ResourceStore.open(topic, seed);
  }

  /**
   * Who writes: with {@code weir.admin.lease.enabled}, the instance holding the Kubernetes Lease;
   * otherwise this one.
   *
   * @throws IllegalStateException when the Lease is enabled without {@code identity}
   */
  @Bean(destroyMethod = "close")
  AdminLease adminLease(AdminProperties admin) {
    return AdminLease.open(admin.lease());
  }

  /**
   * Forwards writes to the Lease holder; over {@code https} with the trust of {@code
   * weir.admin.lease.ssl-bundle} when set.
   */
  @Bean
  WriteForwarder writeForwarder(
      AdminLease lease,
      ResourceStore store,
      ConfigTopicProperties topic,
      AdminProperties admin,
      SslBundles bundles) {
    String bundle = admin.lease().sslBundle();
    return new WriteForwarder(
        lease.ownership(),
        store,
        topic.timeout(),
        bundle == null ? null : bundles.getBundle(bundle).createSslContext());
  }

  /** One audit log for every kind of change, so lines of one file never interleave. */
  @Bean
  AuditLog auditLog(AdminProperties admin) {
    return new AuditLog(admin.auditFile(), InstantSource.system());
  }

  @Bean
  ResourceChanges resourceChanges(ResourceStore store, AuditLog audit) {
    return new ResourceChanges(store, audit);
  }
}
