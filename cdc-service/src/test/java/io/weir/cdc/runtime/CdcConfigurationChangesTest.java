package io.weir.cdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.cdc.config.CdcProperties;
import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.testing.TestingChangeSource;
import io.weir.control.config.Configuration;
import io.weir.control.config.StaticConfiguration;
import io.weir.control.topic.ConfigTopicProperties;
import io.weir.control.topic.ConfigurationSource;
import java.io.StringReader;
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
    Configuration withService = withService("      match: 'app[.]'\n");

    assertThat(changes.apply(withService))
        .singleElement()
        .asString()
        .startsWith("services/cdc: cannot start: ");
    assertThat(counted("not_applied")).isEqualTo(1);
    assertThat(runner.stream("cdc")).isEmpty();

    assertThat(changes.apply(withService("      match: 'other[.]'\n"))).hasSize(1);
    assertThat(counted("not_applied")).isEqualTo(2);
  }

  @Test
  @DisplayName("a service removed is applied; without kafkacdc changes nothing is counted")
  void removalIsApplied() throws Exception {
    changes.apply(withService(""));

    assertThat(changes.apply(Configuration.empty())).isEmpty();
    assertThat(counted("applied")).isEqualTo(1);
    assertThat(changes.apply(Configuration.empty())).isEmpty();
    assertThat(counted("applied")).isEqualTo(1);
  }

  @Test
  @DisplayName("once stopped, later configurations are not applied")
  void stoppedChangesApplyNothing() throws Exception {
    changes.stop();

    assertThat(changes.apply(withService(""))).isEmpty();
    assertThat(counted("not_applied")).isZero();
    assertThat(changes.isRunning()).isFalse();
  }

  private double counted(String result) {
    return registry.get("weir.config.changes").tag("result", result).counter().count();
  }

  private static Configuration withService(String extraParameters) throws Exception {
    return StaticConfiguration.parse(
        "weir.config",
        new StringReader(
            """
            servers:
              server1:
                parameters: {address: 127.0.0.1, port: 1}
            services:
              cdc:
                router: kafkacdc
                servers: [server1]
                parameters:
                  user: cdc
                  password: secret
                  bootstrap_servers: 127.0.0.1:1
                  topic: cdc
            """
                + extraParameters));
  }
}
