package io.weir.bench.proxy;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import io.weir.testkit.service.ServiceProcess;
import io.weir.testkit.tools.HaProxy;
import io.weir.testkit.tools.Sysbench;
import io.weir.testkit.tools.SysbenchResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a proxy costs: sysbench's {@code oltp_point_select} and {@code oltp_read_only} at 1, 8 and
 * 32 threads, directly against a MariaDB primary, through HAProxy in TCP mode, and through Weir's
 * {@code readconnroute} ({@code router_options=master}, proxy-service started from its jar as users
 * run it), side by side in one run: each configuration three times, interleaved, and the medians
 * printed, throughput as a ratio to direct and of Weir to HAProxy, p95 latency as what each proxy
 * adds to direct.
 *
 * <p>Run with {@code bench/run-proxy-overhead [seconds-per-run]}; the proxy's jar comes from the
 * system property {@code weir.proxy.jar}.
 */
public final class ProxyOverheadBenchmark {

  private static final List<String> WORKLOADS =
      List.of(
          System.getProperty("weir.bench.workloads", "oltp_point_select,oltp_read_only")
              .split(","));
  private static final List<Integer> THREADS =
      Arrays.stream(System.getProperty("weir.bench.threads", "1,8,32").split(","))
          .map(Integer::valueOf)
          .toList();
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final int REPETITIONS = Integer.getInteger("weir.bench.repetitions", 3);

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
      Path proxyJar = Path.of(System.getProperty("weir.proxy.jar", "missing-weir.proxy.jar"));
      int weirPort = FreePort.next();
      Path configuration =
          ProxyConfigurationFile.write(
              topology,
              List.of(ProxyListener.readConnRoute("bench", "master", weirPort)),
              directory.resolve("weir.yaml"));
      try (HaProxy haProxy =
              HaProxy.inFrontOf(primary.host(), primary.port(), directory.resolve("haproxy"));
          ServiceProcess weir =
              ServiceProcess.start(
                  "proxy-service",
                  proxyJar,
                  directory,
                  // the serial collector: no concurrent GC threads or G1 barriers competing with a
                  // latency-bound relay on two shared cores (the JVM's own choice on one core)
                  List.of(System.getProperty("weir.bench.proxy.gc", "-XX:+UseSerialGC")),
                  // one event loop: the proxy shares this machine's cores with MariaDB and
                  // sysbench, and a second loop costs more in context switches than it gains
                  // (bench/README.md has both figures)
                  List.of(
                      "--weir.proxy.config-file=" + configuration,
                      "--weir.proxy.event-loops="
                          + System.getProperty("weir.bench.proxy.event-loops", "1")))) {
        Sysbench throughHaProxy = direct.at("127.0.0.1", haProxy.port());
        Sysbench throughWeir = direct.at("127.0.0.1", weirPort);
        out.printf(
            "MariaDB %s, %d s per run, %d tables of %d rows, %d cores%n%n",
            topology.binaries().version(),
            perRun.toSeconds(),
            direct.tables(),
            direct.tableSize(),
            Runtime.getRuntime().availableProcessors());
        out.printf(
            "%-18s %7s %10s %17s %17s %12s %10s %12s %11s %9s%n",
            "workload",
            "threads",
            "direct tps",
            "haproxy tps",
            "weir tps",
            "weir/haproxy",
            "direct p95",
            "haproxy +p95",
            "weir +p95",
            "weir/hap");
        for (String workload : WORKLOADS) {
          direct.prepare(workload);
          // unmeasured: the JIT compiles Weir's data path, the server warms its buffer pool
          for (Sysbench target : List.of(direct, throughHaProxy, throughWeir)) {
            target.run(workload, 8, WARM_UP);
          }
          for (int threads : THREADS) {
            // interleaved repetitions, each figure their median: the machine's noise between
            // runs is larger than the differences measured
            List<SysbenchResult> baselines = new ArrayList<>();
            List<SysbenchResult> haproxies = new ArrayList<>();
            List<SysbenchResult> weirs = new ArrayList<>();
            for (int repetition = 0; repetition < REPETITIONS; repetition++) {
              baselines.add(direct.run(workload, threads, perRun));
              haproxies.add(throughHaProxy.run(workload, threads, perRun));
              weirs.add(throughWeir.run(workload, threads, perRun));
            }
            SysbenchResult baseline = median(baselines);
            SysbenchResult haproxied = median(haproxies);
            SysbenchResult weired = median(weirs);
            double basePercentile = baseline.latencyPercentileMillis();
            double haproxyAdded = haproxied.latencyPercentileMillis() - basePercentile;
            double weirAdded = weired.latencyPercentileMillis() - basePercentile;
            double directTps = baseline.transactionsPerSecond();
            out.printf(
                "%-18s %7d %10.0f %9.0f (%4.2fx) %9.0f (%4.2fx) %11.2fx %8.2fms %10.2fms %9.2fms"
                    + " %8.2fx%n",
                workload,
                threads,
                directTps,
                haproxied.transactionsPerSecond(),
                haproxied.transactionsPerSecond() / directTps,
                weired.transactionsPerSecond(),
                weired.transactionsPerSecond() / directTps,
                weired.transactionsPerSecond() / haproxied.transactionsPerSecond(),
                basePercentile,
                haproxyAdded,
                weirAdded,
                weirAdded / haproxyAdded);
            if (weired.ignoredErrors() > 0 || haproxied.ignoredErrors() > 0) {
              out.printf(
                  "  errors: haproxy %d, weir %d%n",
                  haproxied.ignoredErrors(), weired.ignoredErrors());
            }
          }
          direct.cleanup(workload);
        }
        out.println(
            "\n(x): throughput as a ratio to direct. weir/haproxy: Weir's throughput over HAProxy's."
                + " +p95: the p95 latency a proxy adds to direct; weir/hap: Weir's added p95 over"
                + " HAProxy's.");
      }
    }
  }

  /** The median throughput and the median p95 of {@code runs}, each taken on its own. */
  private static SysbenchResult median(List<SysbenchResult> runs) {
    double[] tps =
        runs.stream().mapToDouble(SysbenchResult::transactionsPerSecond).sorted().toArray();
    double[] qps = runs.stream().mapToDouble(SysbenchResult::queriesPerSecond).sorted().toArray();
    double[] p95 =
        runs.stream().mapToDouble(SysbenchResult::latencyPercentileMillis).sorted().toArray();
    long errors = runs.stream().mapToLong(SysbenchResult::ignoredErrors).sum();
    long reconnects = runs.stream().mapToLong(SysbenchResult::reconnects).sum();
    int middle = runs.size() / 2;
    return new SysbenchResult(tps[middle], qps[middle], p95[middle], errors, reconnects);
  }
}
