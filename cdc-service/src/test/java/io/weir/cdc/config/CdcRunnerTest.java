package io.weir.cdc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.cdc.delivery.KafkaCdcStream;
import io.weir.cdc.testing.TestingChangeSource;
import io.weir.cdc.testing.UnreachableKafkaCdcService;
import io.weir.control.config.Configuration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdcRunnerTest {

  @TempDir Path directory;

  @Test
  @DisplayName(
      "cooperative_replication=true without a Kubernetes Lease refuses the start, naming the"
          + " parameter and the property, before any connection")
  void unbuiltParameterIsRefused() throws Exception {
    CdcRunner runner =
        runner(
            UnreachableKafkaCdcService.configuration("      cooperative_replication: true\n"),
            true);

    assertThatThrownBy(runner::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("services/cdc: parameter 'cooperative_replication'")
        .hasMessageContaining("weir.cdc.lease.enabled=true");
  }

  @Test
  void withoutABinlogReaderAConfiguredServiceIsRefused() throws Exception {
    CdcRunner runner = runner(UnreachableKafkaCdcService.configuration(""), false);

    assertThatThrownBy(runner::start)
        .hasMessageContaining("no binlog reader is plugged into this cdc-service")
        .hasMessageContaining("[cdc]");
  }

  @Test
  void withoutServicesItStartsWithoutAReader() {
    CdcRunner runner = runner(Configuration.empty(), false);

    runner.start();
    assertThat(runner.isRunning()).isTrue();
    runner.stop();
    assertThat(runner.isRunning()).isFalse();
  }

  private CdcRunner runner(Configuration configuration, boolean withReader) {
    return new CdcRunner(
        configuration,
        new KafkaCdcStream.Options(
            directory,
            1 << 20,
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            100,
            Duration.ofSeconds(5)),
        withReader ? request -> new TestingChangeSource(new CopyOnWriteArrayList<>()) : null,
        new SimpleMeterRegistry(),
        InstantSource.system());
  }
}
