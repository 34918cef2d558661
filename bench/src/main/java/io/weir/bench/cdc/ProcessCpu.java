package io.weir.bench.cdc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process used since it started (user plus system, all threads), from /proc. */
final class ProcessCpu {
  /** USER_HZ: /proc reports clock ticks of 1/100 s on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** Seconds of CPU, or NaN where /proc is not readable. */
  static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command, which is in parentheses and may hold spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
