package io.weir.cdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.cdc.config.CdcProperties;
import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.testing.TestingChangeSource;
import io.weir.cdc.testing.UnreachableKafkaCdcService;
import io.weir.control.config.Configuration;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ConfigurationSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * What {@link CdcConfigurationChanges} reports and counts when a record adds or removes a kafkacdc
 * service. Streams that really run are {@code CdcFollowsConfigTopicIT}'s.
 */
class CdcConfigurationChangesTest {

  @TempDir Path directory;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private CdcRunner runner;
  private CdcConfigurationChanges changes;

  @BeforeEach
  void startWithoutServices() {
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
    runner =
        new CdcRunner(
            Configuration.empty(),
            properties.streamOptions(),
            request -> new TestingChangeSource(new CopyOnWriteArrayList<>()),
            registry,
            InstantSource.system());
    runner.start();
    ConfigurationSource source =
        ConfigurationSource.open(
            properties.configFile(),
            new ConfigTopicProperties(null, "weir.config", Duration.ofSeconds(5), (short) 1));
    changes = new CdcConfigurationChanges(runner, source, Configuration.empty(), registry);
    changes.start();
  }

  @Test
  @DisplayName(
      "a service added whose primary cannot be reached is reported by name, counted as not"
          + " applied, and tried again with the next record")
  void anAddedServiceThatCannotStartIsReported() throws Exception {
    Configuration withService = UnreachableKafkaCdcService.configuration("      match: 'app[.]'\n");

    assertThat(changes.apply(withService))
        .singleElement()
        .asString()
        .startsWith("services/cdc: cannot start: ");
    assertThat(counted("not_applied")).isEqualTo(1);
    assertThat(runner.stream("cdc")).isEmpty();

    assertThat(changes.apply(UnreachableKafkaCdcService.configuration("      match: 'other[.]'\n")))
        .hasSize(1);
    assertThat(counted("not_applied")).isEqualTo(2);
  }

  @Test
  @DisplayName("a service removed is applied; without kafkacdc changes nothing is counted")
  void removalIsApplied() throws Exception {
    changes.apply(UnreachableKafkaCdcService.configuration(""));

    assertThat(changes.apply(Configuration.empty())).isEmpty();
    assertThat(counted("applied")).isEqualTo(1);
    assertThat(changes.apply(Configuration.empty())).isEmpty();
    assertThat(counted("applied")).isEqualTo(1);
  }

  @Test
  @DisplayName("once stopped, later configurations are not applied")
  void stoppedChangesApplyNothing() throws Exception {
    changes.stop();

    assertThat(changes.apply(UnreachableKafkaCdcService.configuration(""))).isEmpty();
    assertThat(counted("not_applied")).isZero();
    assertThat(changes.isRunning()).isFalse();
  }

  private double counted(String result) {
    return registry.get("weir.config.changes").tag("result", result).counter().count();
  }
}
