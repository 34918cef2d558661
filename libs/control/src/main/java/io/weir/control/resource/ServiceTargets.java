package io.weir.control.resource;

import java.util.List;

/**
 * Where a service routes to: a fixed list of servers, or every server of a monitor's cluster (so
 * servers added to the monitor become targets without touching the service). MaxScale forbids both
 * at once, and so does Weir.
 */
public sealed interface ServiceTargets {

  /**
   * A fixed list of servers (relationship {@code servers}).
   *
   * @param servers server ids in file order
   */
  record Servers(List<String> servers) implements ServiceTargets {
    public Servers {
      servers = List.copyOf(servers);
    }
  }

  /**
   * The servers of a monitor (MaxScale's {@code cluster} parameter).
   *
   * @param monitor the monitor's id
   */
  record Cluster(String monitor) implements ServiceTargets {}
}
