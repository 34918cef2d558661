package io.weir.cdc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class CdcPropertiesTest {

  @Test
  void defaults() {
    CdcProperties properties = bind(Map.of());

    assertThat(properties.configFile()).isNull();
    assertThat(properties.dataDirectory()).isEqualTo(Path.of("data"));
    assertThat(properties.inFlightLimit()).isEqualTo(DataSize.ofMegabytes(16));
    assertThat(properties.deliveryTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.shutdownTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(properties.positionScanRecords()).isEqualTo(1000);
    assertThat(properties.kafkaTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.transactionPieceBytes()).isEqualTo(DataSize.ofMegabytes(4));
    assertThat(properties.maxRecordBytes()).isEqualTo(DataSize.ofMegabytes(1));
    assertThat(properties.streamOptions().maxRecordBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void kebabCaseKeysBind() {
    CdcProperties properties =
        bind(
            Map.of(
                "weir.cdc.config-file", "/etc/weir/cdc.yaml",
                "weir.cdc.data-directory", "/var/lib/weir",
                "weir.cdc.in-flight-limit", "1MB",
                "weir.cdc.transaction-piece-bytes", "64KB",
                "weir.cdc.max-record-bytes", "200MB"));

    assertThat(properties.configFile()).isEqualTo(Path.of("/etc/weir/cdc.yaml"));
    assertThat(properties.dataDirectory()).isEqualTo(Path.of("/var/lib/weir"));
    assertThat(properties.streamOptions().inFlightLimit()).isEqualTo(1024 * 1024);
    assertThat(properties.transactionPieceBytes()).isEqualTo(DataSize.ofKilobytes(64));
    assertThat(properties.streamOptions().maxRecordBytes()).isEqualTo(200L * 1024 * 1024);
  }

  private static CdcProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("weir.cdc", CdcProperties.class);
  }
}
