package io.weir.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithMariaDb(replicas = 2)
class SysbenchIT {

  @Test
  void runsOltpDirectlyAndThroughHaProxyWithoutErrors(
      MariaDbTopology topology, @TempDir Path directory) {
    MariaDbServer primary = topology.primary();
    primary.execute("CREATE DATABASE IF NOT EXISTS sysbench_it");
    Sysbench direct =
        new Sysbench(
            primary.host(),
            primary.port(),
            Credentials.APPLICATION,
            "sysbench_it",
            1,
            1000,
            directory);
    direct.prepare("oltp_read_write");
    // one thread: with more, InnoDB deadlocks between sysbench's own transactions are expected
    // and sysbench counts them as ignored errors
    try (HaProxy haProxy =
        HaProxy.inFrontOf(primary.host(), primary.port(), directory.resolve("haproxy"))) {
      SysbenchResult straight = direct.run("oltp_read_write", 1, Duration.ofSeconds(2));
      SysbenchResult proxied =
          direct.at("127.0.0.1", haProxy.port()).run("oltp_read_write", 1, Duration.ofSeconds(2));

      for (SysbenchResult result : new SysbenchResult[] {straight, proxied}) {
        assertThat(result.transactionsPerSecond()).isPositive();
        assertThat(result.ignoredErrors()).isZero();
        assertThat(result.reconnects()).isZero();
      }
    } finally {
      direct.cleanup("oltp_read_write");
    }
  }

  @Test
  void failedRunReportsSysbenchsOwnWords(MariaDbTopology topology, @TempDir Path directory) {
    MariaDbServer primary = topology.primary();
    Sysbench wrongPassword =
        new Sysbench(
            primary.host(),
            primary.port(),
            new Credentials("app", "wrong"),
            "app",
            1,
            10,
            directory);

    assertThatThrownBy(() -> wrongPassword.run("oltp_point_select", 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Access denied");
  }
}
