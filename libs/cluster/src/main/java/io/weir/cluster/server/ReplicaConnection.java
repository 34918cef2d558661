package io.weir.cluster.server;

import org.jspecify.annotations.Nullable;

/**
 * One replication connection of a server, from a row of {@code SHOW ALL SLAVES STATUS}.
 *
 * @param connectionName the multi-source connection name, empty for the default connection
 * @param sourceHost {@code Master_Host}
 * @param sourcePort {@code Master_Port}
 * @param ioRunning {@code Slave_IO_Running = Yes}
 * @param sqlRunning {@code Slave_SQL_Running = Yes}
 * @param secondsBehind {@code Seconds_Behind_Master}, null while unknown (threads stopped)
 * @param usingGtid {@code Using_Gtid}: {@code No}, {@code Slave_Pos} or {@code Current_Pos}
 * @param lastError {@code Last_IO_Error} or {@code Last_SQL_Error}, empty if none
 */
public record ReplicaConnection(
    String connectionName,
    String sourceHost,
    int sourcePort,
    boolean ioRunning,
    boolean sqlRunning,
    @Nullable Long secondsBehind,
    String usingGtid,
    String lastError) {

  /** Whether both threads run, so the server is following its source. */
  public boolean replicating() {
    return ioRunning && sqlRunning;
  }

  /** Whether this connection's source is {@code endpoint}. */
  public boolean readsFrom(ServerEndpoint endpoint) {
    return sourcePort == endpoint.port() && sameHost(sourceHost, endpoint.host());
  }

  private static boolean sameHost(String a, String b) {
    return a.equalsIgnoreCase(b) || (isLoopback(a) && isLoopback(b));
  }

  private static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("::1");
  }
}
