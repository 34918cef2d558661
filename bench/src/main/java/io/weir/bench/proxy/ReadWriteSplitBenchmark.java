package io.weir.bench.proxy;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import io.weir.testkit.service.ServiceProcess;
import io.weir.testkit.tools.HaProxy;
import io.weir.testkit.tools.Sysbench;
import io.weir.testkit.tools.SysbenchResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What readwritesplit buys: sysbench's {@code oltp_read_only} and {@code oltp_read_write} at 8 and
 * 32 threads against a primary with two replicas, through HAProxy in TCP mode in front of the
 * primary alone (everything to the primary, the baseline), through Weir's {@code readwritesplit}
 * over all three servers (proxy-service started from its jar as users run it), and directly against
 * the primary for reference, side by side in one run: each configuration three times, interleaved,
 * and the medians printed, with Weir's throughput over HAProxy's, the errors and reconnects of
 * each, and the share of Weir's {@code SELECT}s the replicas ran.
 *
 * <p>{@code oltp_read_only} runs with {@code --skip_trx=on} on every target: sysbench otherwise
 * wraps each of its transactions in {@code BEGIN}/{@code COMMIT}, which readwritesplit (like
 * MaxScale's) sends to the primary with everything inside, and the replicas would never see a read.
 * {@code oltp_read_write} keeps its transactions, so through Weir it too runs entirely on the
 * primary; it is printed to show what the split costs a workload it cannot help.
 *
 * <p>Run with {@code bench/run-readwritesplit [seconds-per-run]}; the proxy's jar comes from the
 * system property {@code weir.proxy.jar}.
 */
public final class ReadWriteSplitBenchmark {

  private static final String READ_ONLY = "oltp_read_only";
  private static final List<String> WORKLOADS =
      List.of(
          System.getProperty("weir.bench.workloads", READ_ONLY + ",oltp_read_write").split(","));
  private static final List<Integer> THREADS =
      Arrays.stream(System.getProperty("weir.bench.threads", "8,32").split(","))
          .map(Integer::valueOf)
          .toList();
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final int REPETITIONS = Integer.getInteger("weir.bench.repetitions", 3);
  // sysbench's default (auto: server-side prepared statements), as ProxyOverheadBenchmark runs it
  // through the test kit's Sysbench, so both benchmarks' direct and HAProxy figures compare;
  // "disable" measures the text protocol
  private static final String PREPARED_STATEMENTS =
      System.getProperty("weir.bench.ps-mode", "auto");
  private static final int TABLES = 4;
  private static final int TABLE_SIZE = 10_000;
  private static final String DATABASE = "sbtest";
  private static final long NO_PROXY = -1;

  private ReadWriteSplitBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration perRun = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    PrintStream out = System.out;
    Path directory = Files.createTempDirectory("weir-bench-rws-");
    try (MariaDbTopology topology =
        MariaDbTopology.start(TopologySpec.of(2).withServerOptions("--max-connections=500"))) {
      MariaDbServer primary = topology.primary();
      primary.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
      Sysbench setup =
          new Sysbench(
              primary.host(),
              primary.port(),
              Credentials.APPLICATION,
              DATABASE,
              TABLES,
              TABLE_SIZE,
              directory);
      // both workloads read and write the same sbtest tables (sysbench's oltp_common)
      setup.prepare("oltp_read_write");
      awaitReplicasHaveTables(topology);
      ServerCpuLimits limits =
          ServerCpuLimits.apply(
              topology,
              System.getProperty("weir.bench.server-cpus", "quota"),
              Double.parseDouble(System.getProperty("weir.bench.server-cpu-share", "0.5")));
      Path proxyJar = Path.of(System.getProperty("weir.proxy.jar", "missing-weir.proxy.jar"));
      int weirPort = FreePort.next();
      int relayPort = FreePort.next();
      Path configuration =
          ProxyConfigurationFile.write(
              topology,
              List.of(
                  ProxyListener.readWriteSplit("bench-rws", weirPort, serviceParameters()),
                  // Weir's relay to the primary without a router deciding per statement
                  ProxyListener.readConnRoute("bench-rcr", "master", relayPort)),
              directory.resolve("weir.yaml"));
      // another build of the proxy (-Dweir.bench.baseline.jar), whose readwritesplit runs
      // interleaved with this one's: a change's CPU per transaction compared run by run
      String baselineJar = System.getProperty("weir.bench.baseline.jar");
      int baselinePort = FreePort.next();
      Path baselineConfiguration =
          ProxyConfigurationFile.write(
              topology,
              List.of(ProxyListener.readWriteSplit("bench-rws", baselinePort, serviceParameters())),
              directory.resolve("weir-baseline.yaml"));
      try (HaProxy haProxy =
              HaProxy.inFrontOf(primary.host(), primary.port(), directory.resolve("haproxy"));
          ServiceProcess weir = startProxy("proxy-service", proxyJar, directory, configuration);
          ServiceProcess baseline =
              baselineJar == null
                  ? null
                  : startProxy(
                      "proxy-service-baseline",
                      Path.of(baselineJar),
                      directory,
                      baselineConfiguration)) {
        Target direct = new Target("direct", setup, NO_PROXY);
        Target throughHaProxy =
            new Target("haproxy", setup.at("127.0.0.1", haProxy.port()), NO_PROXY);
        Target throughWeir = new Target("weir", setup.at("127.0.0.1", weirPort), weir.pid());
        Target throughRelay = new Target("weir-rcr", setup.at("127.0.0.1", relayPort), weir.pid());
        Target throughBaseline =
            baseline == null
                ? null
                : new Target("baseline", setup.at("127.0.0.1", baselinePort), baseline.pid());
        List<Target> targets = new ArrayList<>(List.of(direct, throughHaProxy, throughWeir));
        if (throughBaseline != null) {
          targets.add(throughBaseline);
        }
        targets.add(throughRelay);
        out.printf(
            "MariaDB %s, primary + %d replicas, %d s per run, %d repetitions, %d tables of %d"
                + " rows, --db-ps-mode=%s, %d cores, servers %s%n%n",
            topology.binaries().version(),
            topology.replicas().size(),
            perRun.toSeconds(),
            REPETITIONS,
            TABLES,
            TABLE_SIZE,
            PREPARED_STATEMENTS,
            Runtime.getRuntime().availableProcessors(),
            limits.description());
        out.printf(
            "%-16s %7s %10s %11s %9s %13s %12s %11s %9s %16s %16s %16s %13s %13s%n",
            "workload",
            "threads",
            "direct tps",
            "haproxy tps",
            "weir tps",
            "weir-rcr tps",
            "weir/haproxy",
            "weir/direct",
            "weir/rcr",
            "errors d/h/w",
            "reconnects d/h/w",
            "weir on replicas",
            "weir cpu µs/tx",
            "rcr cpu µs/tx");
        out.printf(
            "%-16s %7s %10s %11s %9s %13s %12s %11s %9s %16s %16s %16s %13s %13s%n",
            "", "", "", "", "", "", "", "", "", "", "", "", "(user)", "(user)");
        List<String> notes = new ArrayList<>();
        for (String workload : WORKLOADS) {
          // unmeasured: the JIT compiles Weir's data path, the servers warm their buffer pools,
          // the monitor has long seen the replicas replicating
          for (Target target : targets) {
            target.run(topology, workload, 8, WARM_UP);
          }
          for (int threads : THREADS) {
            // the replicas apply what a previous read-write run wrote before reads go to them
            topology.awaitReplicasCaughtUp();
            // interleaved repetitions, each figure their median: the machine's noise between
            // runs is larger than the differences measured
            List<Measured> directRuns = new ArrayList<>();
            List<Measured> haProxyRuns = new ArrayList<>();
            List<Measured> weirRuns = new ArrayList<>();
            List<Measured> relayRuns = new ArrayList<>();
            List<Measured> baselineRuns = new ArrayList<>();
            for (int repetition = 0; repetition < REPETITIONS; repetition++) {
              directRuns.add(direct.run(topology, workload, threads, perRun));
              haProxyRuns.add(throughHaProxy.run(topology, workload, threads, perRun));
              weirRuns.add(throughWeir.run(topology, workload, threads, perRun));
              if (throughBaseline != null) {
                baselineRuns.add(throughBaseline.run(topology, workload, threads, perRun));
              }
              relayRuns.add(throughRelay.run(topology, workload, threads, perRun));
            }
            SysbenchResult directed = median(directRuns);
            SysbenchResult haproxied = median(haProxyRuns);
            SysbenchResult weired = median(weirRuns);
            SysbenchResult relayed = median(relayRuns);
            long replicaSelects = weirRuns.stream().mapToLong(Measured::replicaSelects).sum();
            long allSelects =
                replicaSelects + weirRuns.stream().mapToLong(Measured::primarySelects).sum();
            out.printf(
                "%-16s %7d %10.0f %11.0f %9.0f %13.0f %11.2fx %10.2fx %8.2fx %16s %16s %15.0f%%"
                    + " %13s %13s%n",
                workload,
                threads,
                directed.transactionsPerSecond(),
                haproxied.transactionsPerSecond(),
                weired.transactionsPerSecond(),
                relayed.transactionsPerSecond(),
                weired.transactionsPerSecond() / haproxied.transactionsPerSecond(),
                weired.transactionsPerSecond() / directed.transactionsPerSecond(),
                weired.transactionsPerSecond() / relayed.transactionsPerSecond(),
                directed.ignoredErrors()
                    + "/"
                    + haproxied.ignoredErrors()
                    + "/"
                    + weired.ignoredErrors(),
                directed.reconnects() + "/" + haproxied.reconnects() + "/" + weired.reconnects(),
                allSelects == 0 ? 0.0 : 100.0 * replicaSelects / allSelects,
                proxyCpuPerTransaction(weirRuns, perRun),
                proxyCpuPerTransaction(relayRuns, perRun));
            if (workload.equals(READ_ONLY)
                && (weired.ignoredErrors() > 0 || weired.reconnects() > 0)) {
              notes.add(
                  String.format(
                      "! %s at %d threads through Weir: %d errors and %d reconnects; a read-only"
                          + " workload must have none",
                      workload, threads, weired.ignoredErrors(), weired.reconnects()));
            }
            if (throughBaseline != null) {
              notes.add(
                  String.format(
                      "  %s at %d threads, readwritesplit of the baseline %s: %.0f tps, proxy CPU"
                          + " µs/tx %s; of this build: %.0f tps, %s",
                      workload,
                      threads,
                      baselineJar,
                      median(baselineRuns).transactionsPerSecond(),
                      proxyCpuPerTransaction(baselineRuns, perRun),
                      weired.transactionsPerSecond(),
                      proxyCpuPerTransaction(weirRuns, perRun)));
            }
            if (!workload.equals(READ_ONLY)) {
              notes.add(
                  String.format(
                      "  %s at %d threads, InnoDB deadlocks on the primary during the runs"
                          + " (sysbench's ignored errors are these): direct %d, haproxy %d,"
                          + " weir %d",
                      workload,
                      threads,
                      deadlocks(directRuns),
                      deadlocks(haProxyRuns),
                      deadlocks(weirRuns)));
            }
          }
        }
        setup.cleanup("oltp_read_write");
        out.println();
        notes.forEach(out::println);
        out.println(
            "\nweir/haproxy: Weir's readwritesplit over HAProxy's everything-to-the-primary (target"
                + " >= 1.0x). weir/rcr: readwritesplit over Weir's readconnroute to the primary,"
                + " the cost of routing per statement. errors and reconnects: sysbench's ignored errors and reconnects,"
                + " summed over the repetitions (direct/haproxy/weir). weir on replicas: the"
                + " share of the SELECTs the servers counted during Weir's runs that the replicas"
                + " ran. oltp_read_only runs with --skip_trx=on; oltp_read_write keeps its"
                + " transactions, which readwritesplit pins to the primary, reads and all.");
      }
    }
  }

  /**
   * Starts proxy-service from {@code jar} as ProxyOverheadBenchmark runs it (bench/README.md): the
   * serial collector and one event loop, on two cores shared with three servers and sysbench.
   */
  private static ServiceProcess startProxy(
      String name, Path jar, Path directory, Path configuration) {
    return ServiceProcess.start(
        name,
        jar,
        directory,
        List.of(System.getProperty("weir.bench.proxy.jvm-options", "-XX:+UseSerialGC").split(" ")),
        List.of(
            "--weir.proxy.config-file=" + configuration,
            "--weir.proxy.event-loops=" + System.getProperty("weir.bench.proxy.event-loops", "1")));
  }

  /**
   * The readwritesplit service's parameters: {@code -Dweir.bench.rws.parameters} as {@code
   * name=value} pairs separated by {@code ;}. By default a session reads from both replicas and
   * everything else is MaxScale's default ({@code master_accept_reads=false}).
   */
  private static String serviceParameters() {
    String pairs = System.getProperty("weir.bench.rws.parameters", "max_slave_connections=2");
    StringBuilder lines = new StringBuilder();
    for (String pair : pairs.split(";")) {
      String[] parts = pair.split("=", 2);
      lines.append("      ").append(parts[0].strip()).append(": ").append(parts[1].strip());
      lines.append('\n');
    }
    return lines.toString();
  }

  /**
   * Waits until every replica has applied the primary's binlog up to the prepared tables, then
   * checks each has every row: reads through Weir go there.
   */
  private static void awaitReplicasHaveTables(MariaDbTopology topology) {
    topology.awaitReplicasCaughtUp();
    for (MariaDbServer replica : topology.replicas()) {
      for (int table = 1; table <= TABLES; table++) {
        String rows = replica.queryString("SELECT COUNT(*) FROM " + DATABASE + ".sbtest" + table);
        if (!String.valueOf(TABLE_SIZE).equals(rows)) {
          throw new IllegalStateException(
              replica.name() + " has " + rows + " rows in sbtest" + table + ", not " + TABLE_SIZE);
        }
      }
    }
  }

  /** The median throughput, queries and p95 of {@code measured}, each taken on its own. */
  private static SysbenchResult median(List<Measured> measured) {
    List<SysbenchResult> runs = measured.stream().map(Measured::result).toList();
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

  /**
   * The proxy process's CPU time per transaction over {@code runs} in microseconds, all its
   * threads, user and system time together and the user time alone: throughput on the shared 2-core
   * machine is too noisy to judge a change to the proxy's per-statement path by, its CPU time per
   * transaction much less so. Most of the system time is the kernel's TCP work for each packet sent
   * (waking the receiver included), which the proxy cannot avoid; the user time is the proxy's own
   * code. Transactions are sysbench's rate times the run's length.
   */
  private static String proxyCpuPerTransaction(List<Measured> runs, Duration perRun) {
    double transactions =
        runs.stream().mapToDouble(run -> run.result().transactionsPerSecond()).sum()
            * perRun.toSeconds();
    if (transactions == 0) {
      return "-";
    }
    double total = runs.stream().mapToLong(run -> run.proxyCpu().total()).sum();
    double user = runs.stream().mapToLong(run -> run.proxyCpu().user()).sum();
    return String.format(
        "%.0f (%.0f)",
        total * ProxyCpu.MICROS_PER_TICK / transactions,
        user * ProxyCpu.MICROS_PER_TICK / transactions);
  }

  /**
   * CPU time of a process in clock ticks, from {@code /proc/<pid>/stat} (Linux, whose USER_HZ is
   * 100 on every common configuration).
   */
  private record ProxyCpu(long user, long system) {
    static final ProxyCpu NONE = new ProxyCpu(0, 0);
    static final double MICROS_PER_TICK = 10_000;

    static ProxyCpu of(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces: state is
        // field 3, utime 14, stime 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new ProxyCpu(Long.parseLong(fields[11]), Long.parseLong(fields[12]));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    long total() {
      return user + system;
    }

    ProxyCpu minus(ProxyCpu before) {
      return new ProxyCpu(user - before.user, system - before.system);
    }
  }

  private static long deadlocks(List<Measured> runs) {
    return runs.stream().mapToLong(Measured::primaryDeadlocks).sum();
  }

  private static long globalStatus(MariaDbServer server, String variable) {
    return Long.parseLong(
        String.valueOf(
            server.queryString(
                "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME"
                    + " = '"
                    + variable
                    + "'")));
  }

  /**
   * One sysbench run and what the servers counted meanwhile.
   *
   * @param primarySelects {@code Com_select} on the primary
   * @param replicaSelects {@code Com_select} summed over the replicas
   * @param primaryDeadlocks {@code Innodb_deadlocks} on the primary
   * @param proxyCpu the CPU time the proxy process used during the run, none without a proxy
   */
  private record Measured(
      SysbenchResult result,
      long primarySelects,
      long replicaSelects,
      long primaryDeadlocks,
      ProxyCpu proxyCpu) {}

  /**
   * An endpoint sysbench runs against. The test kit's {@link Sysbench} takes no extra options, and
   * {@code oltp_read_only} needs {@code --skip_trx=on} here (see the class comment), so the command
   * line is built the same way with them added.
   *
   * @param proxyPid the Weir process whose CPU time is measured, or {@link #NO_PROXY}
   */
  private record Target(String name, Sysbench sysbench, long proxyPid) {

    private static final Duration SLACK = Duration.ofSeconds(60);

    Measured run(MariaDbTopology topology, String workload, int threads, Duration duration) {
      MariaDbServer primary = topology.primary();
      long primarySelects = globalStatus(primary, "COM_SELECT");
      long replicaSelects = replicaSelects(topology);
      long deadlocks = globalStatus(primary, "INNODB_DEADLOCKS");
      ProxyCpu proxyCpu = proxyCpu();
      SysbenchResult result = execute(workload, threads, duration);
      ProxyCpu proxyCpuUsed = proxyCpu().minus(proxyCpu);
      return new Measured(
          result,
          globalStatus(primary, "COM_SELECT") - primarySelects,
          replicaSelects(topology) - replicaSelects,
          globalStatus(primary, "INNODB_DEADLOCKS") - deadlocks,
          proxyCpuUsed);
    }

    private ProxyCpu proxyCpu() {
      return proxyPid == NO_PROXY ? ProxyCpu.NONE : ProxyCpu.of(proxyPid);
    }

    private static long replicaSelects(MariaDbTopology topology) {
      return topology.replicas().stream()
          .mapToLong(replica -> globalStatus(replica, "COM_SELECT"))
          .sum();
    }

    private SysbenchResult execute(String workload, int threads, Duration duration) {
      List<String> arguments =
          new ArrayList<>(
              List.of(
                  "/usr/bin/sysbench",
                  workload,
                  "--db-driver=mysql",
                  "--mysql-host=" + sysbench.host(),
                  "--mysql-port=" + sysbench.port(),
                  "--mysql-user=" + sysbench.credentials().user(),
                  "--mysql-password=" + sysbench.credentials().password(),
                  "--mysql-db=" + sysbench.database(),
                  "--tables=" + sysbench.tables(),
                  "--table-size=" + sysbench.tableSize(),
                  "--db-ps-mode=" + PREPARED_STATEMENTS,
                  "--threads=" + threads,
                  "--time=" + Math.max(1, duration.toSeconds()),
                  "--percentile=95",
                  "--histogram=on",
                  "--report-interval=0"));
      if (workload.equals(READ_ONLY)) {
        arguments.add("--skip_trx=on");
      }
      arguments.add("run");
      Path directory = sysbench.workDirectory();
      try {
        Path log = Files.createTempFile(directory, "sysbench-" + name + "-", ".log");
        try (ChildProcess process =
            ChildProcess.start("sysbench", arguments, directory, log, Map.of())) {
          if (!process.awaitExit(duration.plus(SLACK))) {
            throw new IllegalStateException(
                "sysbench "
                    + workload
                    + " through "
                    + name
                    + " did not finish:\n"
                    + process.logTail(30));
          }
          if (process.exitStatus().orElse(-1) != 0) {
            throw new IllegalStateException(
                "sysbench "
                    + workload
                    + " through "
                    + name
                    + " failed with exit status "
                    + process.exitStatus().orElse(-1)
                    + ":\n"
                    + process.logTail(30));
          }
          return SysbenchResult.parse(Files.readString(log));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
