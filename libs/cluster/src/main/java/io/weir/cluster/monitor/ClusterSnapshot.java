package io.weir.cluster.monitor;

import io.weir.cluster.server.ServerState;
import io.weir.cluster.server.StatusBit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The state of every server after one monitor round. Immutable, so routers read the latest one from
 * a volatile field without locks.
 *
 * @param round a counter that grows by one per completed round (0 before the first)
 * @param takenAt when the round ended
 * @param servers every monitored server in configuration order
 */
public record ClusterSnapshot(long round, Instant takenAt, List<ServerState> servers) {

  public ClusterSnapshot {
    servers = List.copyOf(servers);
  }

  /** The server with the {@link StatusBit#MASTER} bit, if there is one. */
  public Optional<ServerState> master() {
    return servers.stream().filter(server -> server.has(StatusBit.MASTER)).findFirst();
  }

  /** The servers with the {@link StatusBit#SLAVE} bit. */
  public List<ServerState> slaves() {
    return servers.stream().filter(server -> server.has(StatusBit.SLAVE)).toList();
  }

  /** The server named {@code name}. */
  public Optional<ServerState> server(String name) {
    return servers.stream().filter(server -> server.name().equals(name)).findFirst();
  }
}
