package io.weir.bench.proxy;

import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gives each database server of a benchmark a capacity of its own, as if it ran on its own host.
 *
 * <p>On one machine whose cores the servers, sysbench and the proxies all share, a read moved from
 * the primary to a replica only moves CPU work from one process to another: what readwritesplit is
 * for, adding the replicas' capacity to the primary's, cannot show, and what is measured is only
 * the proxies' own CPU. Capping every {@code mariadbd} at a share of a core (a cgroup CPU quota;
 * {@code quota}, the default) makes the servers the scarce resource, as they are in production, and
 * gives each the same capacity. {@code pinned} puts the primary on CPU 0 and the replicas on CPU 1;
 * {@code shared} changes nothing. The caps apply to every target of the run alike.
 */
final class ServerCpuLimits {
  private static final Path CGROUP_V1_CPU = Path.of("/sys/fs/cgroup/cpu");

  private final String description;
  private final List<Path> groups;

  private ServerCpuLimits(String description, List<Path> groups) {
    this.description = description;
    this.groups = groups;
    // the servers are killed when the topology closes; their emptied groups go with the JVM
    Runtime.getRuntime().addShutdownHook(new Thread(this::removeGroups));
  }

  /** Applies {@code mode} ({@code quota}, {@code pinned} or {@code shared}) to every server. */
  static ServerCpuLimits apply(MariaDbTopology topology, String mode, double share)
      throws IOException, InterruptedException {
    List<MariaDbServer> servers = topology.servers();
    switch (mode) {
      case "quota" -> {
        if (!Files.isWritable(CGROUP_V1_CPU.resolve("cgroup.procs"))) {
          return new ServerCpuLimits(
              "on shared cores (no writable cgroup v1 cpu controller for quotas)", List.of());
        }
        List<Path> groups = new ArrayList<>();
        long period = 100_000;
        for (MariaDbServer server : servers) {
          Path group =
              CGROUP_V1_CPU.resolve(
                  "weir-bench-" + ProcessHandle.current().pid() + "-" + server.name());
          Files.createDirectories(group);
          Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(period));
          Files.writeString(
              group.resolve("cpu.cfs_quota_us"), Long.toString((long) (period * share)));
          Files.writeString(group.resolve("cgroup.procs"), Long.toString(server.pid()));
          groups.add(group);
        }
        return new ServerCpuLimits(
            String.format(Locale.ROOT, "capped at %.2f of a core each (cgroup CPU quota)", share),
            groups);
      }
      case "pinned" -> {
        pin(topology.primary(), 0);
        for (MariaDbServer replica : topology.replicas()) {
          pin(replica, 1);
        }
        return new ServerCpuLimits("pinned: primary on CPU 0, replicas on CPU 1", List.of());
      }
      case "shared" -> {
        return new ServerCpuLimits("on shared cores", List.of());
      }
      default ->
          throw new IllegalArgumentException(
              "weir.bench.server-cpus: '" + mode + "' is not one of quota, pinned, shared");
    }
  }

  String description() {
    return description;
  }

  private static void pin(MariaDbServer server, int cpu) throws IOException, InterruptedException {
    Process taskset =
        new ProcessBuilder(
                "taskset",
                "--all-tasks",
                "--cpu-list",
                "--pid",
                Integer.toString(cpu),
                Long.toString(server.pid()))
            .redirectErrorStream(true)
            .start();
    String output = new String(taskset.getInputStream().readAllBytes());
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException("taskset failed for " + server.name() + ": " + output);
    }
  }

  private void removeGroups() {
    for (Path group : groups) {
      try {
        Files.deleteIfExists(group);
      } catch (IOException e) {
        System.err.println("cannot remove " + group + ": " + e.getMessage());
      } catch (UncheckedIOException e) {
        System.err.println("cannot remove " + group + ": " + e.getMessage());
      }
    }
  }
}
