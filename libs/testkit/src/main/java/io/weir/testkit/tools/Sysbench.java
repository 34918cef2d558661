package io.weir.testkit.tools;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs Debian's {@code sysbench} (1.0) OLTP workloads against a MariaDB endpoint: a server
 * directly, HAProxy or Weir. Used by system tests (zero errors) and by benchmarks (throughput and
 * latency).
 *
 * @param host the endpoint's host
 * @param port the endpoint's port
 * @param credentials the account sysbench logs in with
 * @param database the schema holding the {@code sbtest} tables
 * @param tables how many {@code sbtest} tables
 * @param tableSize rows per table
 * @param workDirectory where sysbench's output files go
 */
public record Sysbench(
    String host,
    int port,
    Credentials credentials,
    String database,
    int tables,
    int tableSize,
    Path workDirectory) {

  private static final Duration SLACK = Duration.ofSeconds(60);

  /** This setup pointed at another endpoint, e.g. a proxy in front of the same server. */
  public Sysbench at(String otherHost, int otherPort) {
    return new Sysbench(
        otherHost, otherPort, credentials, database, tables, tableSize, workDirectory);
  }

  /** Creates and fills the tables {@code workload} needs (e.g. {@code oltp_read_write}). */
  public void prepare(String workload) {
    execute(workload, "prepare", List.of(), Duration.ofMinutes(5));
  }

  /** Drops the tables. */
  public void cleanup(String workload) {
    execute(workload, "cleanup", List.of(), Duration.ofMinutes(2));
  }

  /**
   * Runs {@code workload} with {@code threads} client threads for {@code duration} and returns its
   * report, with the 95th latency percentile.
   *
   * @throws IllegalStateException with sysbench's output if it fails (sysbench stops at the first
   *     SQL error it is not told to ignore)
   */
  public SysbenchResult run(String workload, int threads, Duration duration) {
    String report =
        execute(
            workload,
            "run",
            List.of(
                "--threads=" + threads,
                "--time=" + Math.max(1, duration.toSeconds()),
                "--percentile=95",
                // three decimals of latency where the percentile line has two
                "--histogram=on",
                "--report-interval=0"),
            duration.plus(SLACK));
    return SysbenchResult.parse(report);
  }

  private String execute(String workload, String command, List<String> options, Duration timeout) {
    List<String> arguments = new ArrayList<>();
    arguments.add(SystemTool.locate("sysbench", "sysbench").toString());
    arguments.add(workload);
    arguments.add("--db-driver=mysql");
    arguments.add("--mysql-host=" + host);
    arguments.add("--mysql-port=" + port);
    arguments.add("--mysql-user=" + credentials.user());
    arguments.add("--mysql-password=" + credentials.password());
    arguments.add("--mysql-db=" + database);
    arguments.add("--tables=" + tables);
    arguments.add("--table-size=" + tableSize);
    arguments.addAll(options);
    arguments.add(command);
    try {
      Files.createDirectories(workDirectory);
      Path log = Files.createTempFile(workDirectory, "sysbench-" + command + "-", ".log");
      try (ChildProcess sysbench =
          ChildProcess.start("sysbench", arguments, workDirectory, log, Map.of())) {
        if (!sysbench.awaitExit(timeout)) {
          throw new IllegalStateException(
              "sysbench "
                  + workload
                  + " "
                  + command
                  + " did not finish in "
                  + timeout
                  + ":\n"
                  + sysbench.logTail(30));
        }
        String output = Files.readString(log);
        if (sysbench.exitStatus().orElse(-1) != 0) {
          throw new IllegalStateException(
              "sysbench "
                  + workload
                  + " "
                  + command
                  + " against "
                  + host
                  + ":"
                  + port
                  + " failed with exit status "
                  + sysbench.exitStatus().orElse(-1)
                  + ":\n"
                  + sysbench.logTail(30));
        }
        return output;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Sysbench[" + host + ":" + port + ", " + credentials + ", " + database + "]";
  }
}
