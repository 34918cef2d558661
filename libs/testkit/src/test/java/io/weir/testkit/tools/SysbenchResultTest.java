package io.weir.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SysbenchResultTest {

  @Test
  void readsSysbench10Report() throws IOException {
    // recorded from sysbench 1.0.20 (Debian 12) running oltp_point_select against MariaDB 11.4
    String report;
    try (InputStream in = getClass().getResourceAsStream("sysbench-1.0.20-run.txt")) {
      report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(SysbenchResult.parse(report))
        .isEqualTo(new SysbenchResult(41171.91, 41171.91, 0.09, 0, 0));
  }

  @Test
  void namesTheLineItCouldNotFind() {
    assertThatThrownBy(() -> SysbenchResult.parse("FATAL: unable to connect"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no transactions line")
        .hasMessageContaining("FATAL: unable to connect");
  }
}
