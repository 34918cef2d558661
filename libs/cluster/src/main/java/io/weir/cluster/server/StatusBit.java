package io.weir.cluster.server;

/**
 * What a monitor knows about a server, named as MaxScale's {@code maxctrl list servers} shows it.
 * Routers choose servers by these bits.
 */
public enum StatusBit {
  /** The monitor can log in and query it. */
  RUNNING("Running"),
  /** The writable root of the replication topology: where writes go. */
  MASTER("Master"),
  /** Replicates, with both threads running, from the master or from another replica of it. */
  SLAVE("Slave"),
  /** Set by an operator: routers send it nothing; the monitor keeps watching it. */
  MAINTENANCE("Maintenance"),
  /** Set by an operator: existing sessions stay, new sessions go elsewhere. */
  DRAINING("Draining"),
  /** The monitor can reach it but its credentials are refused. */
  AUTH_ERROR("Auth Error");

  private final String label;

  StatusBit(String label) {
    this.label = label;
  }

  /** The name MaxScale shows for this bit. */
  public String label() {
    return label;
  }
}
