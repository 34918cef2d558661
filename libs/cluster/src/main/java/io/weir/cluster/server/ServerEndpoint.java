package io.weir.cluster.server;

/**
 * A server as configured: its name and where to reach it.
 *
 * @param name the server resource's id, unique in a cluster
 * @param host a host name or address
 * @param port the MariaDB protocol port
 */
public record ServerEndpoint(String name, String host, int port) {

  public ServerEndpoint {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a server needs a name");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(name + ": port " + port + " is not in 1..65535");
    }
  }

  /** {@code host:port}, as MaxScale prints a server's address. */
  public String address() {
    return host + ":" + port;
  }
}
