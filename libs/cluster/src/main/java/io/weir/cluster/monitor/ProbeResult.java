package io.weir.cluster.monitor;

import io.weir.cluster.server.ReplicaConnection;
import java.util.List;

/** What one poll of one server found. */
public sealed interface ProbeResult {

  /**
   * The server answered.
   *
   * @param serverId {@code @@server_id}
   * @param version {@code @@version}
   * @param readOnly {@code @@read_only}
   * @param gtidBinlogPosition {@code @@gtid_binlog_pos}
   * @param gtidCurrentPosition {@code @@gtid_current_pos}
   * @param replicaConnections the rows of {@code SHOW ALL SLAVES STATUS}
   */
  record Reached(
      long serverId,
      String version,
      boolean readOnly,
      String gtidBinlogPosition,
      String gtidCurrentPosition,
      List<ReplicaConnection> replicaConnections)
      implements ProbeResult {

    public Reached {
      replicaConnections = List.copyOf(replicaConnections);
    }
  }

  /** The server refused the monitor's credentials (error 1045): it runs, but cannot be judged. */
  record AuthenticationFailed(String error) implements ProbeResult {}

  /** The server could not be reached or did not answer in time. */
  record Unreachable(String error) implements ProbeResult {}
}
