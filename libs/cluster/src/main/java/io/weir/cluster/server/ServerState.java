package io.weir.cluster.server;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything a monitor learnt about one server in one round, immutable.
 *
 * @param endpoint the server as configured
 * @param status its status bits
 * @param serverId {@code @@server_id}, 0 while unknown
 * @param version {@code @@version}, empty while unknown
 * @param readOnly {@code @@read_only}
 * @param gtidBinlogPosition {@code @@gtid_binlog_pos}: what it wrote to its binlog
 * @param gtidCurrentPosition {@code @@gtid_current_pos}: what it applied or wrote
 * @param replicaConnections its replication connections
 * @param replicationLag seconds behind its source when it is a replica, null otherwise or unknown
 * @param lastError why the last poll failed, empty if it did not
 * @param polledAt when this round's answer came
 */
public record ServerState(
    ServerEndpoint endpoint,
    Set<StatusBit> status,
    long serverId,
    String version,
    boolean readOnly,
    String gtidBinlogPosition,
    String gtidCurrentPosition,
    List<ReplicaConnection> replicaConnections,
    @Nullable Long replicationLag,
    String lastError,
    Instant polledAt) {

  public ServerState {
    status = status.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(status));
    replicaConnections = List.copyOf(replicaConnections);
  }

  /** The state of a server the monitor has not reached yet, or could not reach. */
  public static ServerState down(ServerEndpoint endpoint, String error, Instant polledAt) {
    return new ServerState(
        endpoint, Set.of(), 0, "", false, "", "", List.of(), null, error, polledAt);
  }

  public String name() {
    return endpoint.name();
  }

  public boolean has(StatusBit bit) {
    return status.contains(bit);
  }

  /** Running and neither in maintenance nor draining: may take new sessions. */
  public boolean acceptsNewSessions() {
    return has(StatusBit.RUNNING) && !has(StatusBit.MAINTENANCE) && !has(StatusBit.DRAINING);
  }

  /** The status as MaxScale prints it, e.g. {@code Slave, Running}. */
  public String statusText() {
    if (status.isEmpty()) {
      return "Down";
    }
    StringBuilder text = new StringBuilder();
    for (StatusBit bit :
        List.of(
            StatusBit.MAINTENANCE,
            StatusBit.DRAINING,
            StatusBit.MASTER,
            StatusBit.SLAVE,
            StatusBit.AUTH_ERROR,
            StatusBit.RUNNING)) {
      if (status.contains(bit)) {
        text.append(text.isEmpty() ? "" : ", ").append(bit.label());
      }
    }
    return text.toString();
  }

  /** A copy with {@code bits} added. */
  public ServerState with(Set<StatusBit> bits) {
    EnumSet<StatusBit> all = EnumSet.noneOf(StatusBit.class);
    all.addAll(status);
    all.addAll(bits);
    return withStatus(all, replicationLag);
  }

  /** A copy with {@code bits} as its status and {@code lag} as its replication lag. */
  public ServerState withStatus(Set<StatusBit> bits, @Nullable Long lag) {
    return new ServerState(
        endpoint,
        bits,
        serverId,
        version,
        readOnly,
        gtidBinlogPosition,
        gtidCurrentPosition,
        replicaConnections,
        lag,
        lastError,
        polledAt);
  }
}
