package io.weir.bench.proxy;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import io.weir.testkit.tools.HaProxy;
import io.weir.testkit.tools.Sysbench;
import io.weir.testkit.tools.SysbenchResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a proxy costs: sysbench's {@code oltp_point_select} and {@code oltp_read_only} at 1, 8 and
 * 32 threads, directly against a MariaDB primary and through HAProxy in TCP mode, side by side in
 * one run, each printed as a ratio to direct. Weir's readconnroute joins the table once the proxy
 * forwards statements.
 *
 * <p>Run with {@code bench/run-proxy-overhead [seconds-per-run]}.
 */
public final class ProxyOverheadBenchmark {

  private static final List<String> WORKLOADS = List.of("oltp_point_select", "oltp_read_only");
  private static final List<Integer> THREADS = List.of(1, 8, 32);

  private ProxyOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration perRun = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    PrintStream out = System.out;
    Path directory = Files.createTempDirectory("weir-bench-");
    try (MariaDbTopology topology =
        MariaDbTopology.start(TopologySpec.of(0).withServerOptions("--max-connections=500"))) {
      MariaDbServer primary = topology.primary();
      primary.execute("CREATE DATABASE IF NOT EXISTS sbtest");
      Sysbench direct =
          new Sysbench(
              primary.host(),
              primary.port(),
              Credentials.APPLICATION,
              "sbtest",
              4,
              10_000,
              directory);
      try (HaProxy haProxy =
          HaProxy.inFrontOf(primary.host(), primary.port(), directory.resolve("haproxy"))) {
        Sysbench throughHaProxy = direct.at("127.0.0.1", haProxy.port());
        out.printf(
            "MariaDB %s, %d s per run, %d tables of %d rows%n%n",
            topology.binaries().version(), perRun.toSeconds(), direct.tables(), direct.tableSize());
        out.printf(
            "%-18s %7s %12s %12s %8s %10s %10s %10s%n",
            "workload",
            "threads",
            "direct tps",
            "haproxy tps",
            "ratio",
            "direct p95",
            "haproxy p95",
            "added p95");
        for (String workload : WORKLOADS) {
          direct.prepare(workload);
          for (int threads : THREADS) {
            SysbenchResult baseline = direct.run(workload, threads, perRun);
            SysbenchResult proxied = throughHaProxy.run(workload, threads, perRun);
            out.printf(
                "%-18s %7d %12.0f %12.0f %7.2fx %8.2fms %8.2fms %8.2fms%n",
                workload,
                threads,
                baseline.transactionsPerSecond(),
                proxied.transactionsPerSecond(),
                proxied.transactionsPerSecond() / baseline.transactionsPerSecond(),
                baseline.latencyPercentileMillis(),
                proxied.latencyPercentileMillis(),
                proxied.latencyPercentileMillis() - baseline.latencyPercentileMillis());
          }
          direct.cleanup(workload);
        }
        out.println(
            "\nWeir readconnroute: not measured yet; the proxy does not forward statements yet.");
      }
    }
  }
}
