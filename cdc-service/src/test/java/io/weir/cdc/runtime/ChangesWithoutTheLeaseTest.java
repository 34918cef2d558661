package io.weir.cdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.cdc.config.CdcLeases;
import io.weir.cdc.config.CdcProperties;
import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.testing.TestingChangeSource;
import io.weir.cdc.testing.UnreachableKafkaCdcService;
import io.weir.control.config.Configuration;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ConfigurationSource;
import io.weir.testkit.kubernetes.KubernetesApi;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A {@code cooperative_replication} service on an instance that does not hold its Lease (another
 * identity holds it on the mock API server for an hour): a changed parameter is kept for when the
 * Lease comes, and never starts a stream of its own beside the holder's.
 */
class ChangesWithoutTheLeaseTest {

  @TempDir Path directory;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private KubernetesApi kubernetes;
  private CdcRunner runner;
  private CdcConfigurationChanges changes;

  @BeforeEach
  void startAsANonHolder() throws Exception {
    kubernetes = KubernetesApi.start();
    kubernetes
        .client()
        .leases()
        .inNamespace(KubernetesApi.NAMESPACE)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(CdcLeases.leaseName("cdc"))
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("the-other-instance")
                .withLeaseDurationSeconds(3600)
                .withAcquireTime(ZonedDateTime.now())
                .withRenewTime(ZonedDateTime.now())
                .endSpec()
                .build())
        .create();
    CdcProperties properties =
        new CdcProperties(
            null,
            directory,
            DataSize.ofMegabytes(1),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            100,
            Duration.ofSeconds(5),
            DataSize.ofMegabytes(4),
            DataSize.ofMegabytes(1));
    Configuration started = withCooperativeService("      match: 'app[.]'\n");
    runner =
        new CdcRunner(
            started,
            properties.streamOptions(),
            request -> new TestingChangeSource(new CopyOnWriteArrayList<>()),
            registry,
            InstantSource.system(),
            CdcLeases.on(
                kubernetes.client(),
                KubernetesApi.NAMESPACE,
                "this-instance",
                Duration.ofSeconds(3)));
    runner.start();
    ConfigurationSource source =
        ConfigurationSource.open(
            properties.configFile(),
            new ConfigTopicProperties(null, "weir.config", Duration.ofSeconds(5), (short) 1));
    changes = new CdcConfigurationChanges(runner, source, started, registry);
    changes.start();
  }

  @AfterEach
  void stop() {
    changes.stop();
    runner.stop();
    kubernetes.close();
  }

  @Test
  @DisplayName(
      "match and timeout changed on an instance without the Lease are applied to its Lease watch,"
          + " and no stream starts here")
  void aChangeDoesNotStartAStreamBesideTheHolder() throws Exception {
    assertThat(runner.runs("cdc")).isTrue();

    assertThat(changes.apply(withCooperativeService("      match: 'other[.]'\n      timeout: 7\n")))
        .isEmpty();

    assertThat(runner.stream("cdc")).as("replicating here").isEmpty();
    assertThat(runner.streams()).as("streams outside the Lease").isEmpty();
    assertThat(registry.get("weir.config.changes").tag("result", "applied").counter().count())
        .isEqualTo(1);
  }

  private static Configuration withCooperativeService(String extraParameters) throws Exception {
    return UnreachableKafkaCdcService.configuration(
        "      cooperative_replication: true\n" + extraParameters);
  }
}
