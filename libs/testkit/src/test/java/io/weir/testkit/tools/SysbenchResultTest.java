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

  @Test
  void takesThePercentileFromTheHistogramWhenTheReportHasOne() {
    // sysbench 1.0's --histogram=on layout: value, a bar, the count; 20 events in all
    String report =
        """
        Latency histogram (values are in milliseconds)
               value  ------------- distribution ------------- count
               0.052 |****                                     2
               0.053 |****************************************  15
               0.055 |****                                     2
               0.104 |**                                       1

        SQL statistics:
            transactions:                        20     (2.00 per sec.)
            queries:                             20     (2.00 per sec.)
            ignored errors:                      0      (0.00 per sec.)
            reconnects:                          0      (0.00 per sec.)
        Latency (ms):
                 95th percentile:                        0.06
        """;

    // the 19th of 20 events (95 %) falls in the 0.055 bucket
    assertThat(SysbenchResult.parse(report).latencyPercentileMillis()).isEqualTo(0.055);
    assertThat(SysbenchResult.histogramPercentile("no histogram", 95)).isEmpty();
  }
}
