package io.weir.cluster.monitor;

import io.weir.cluster.server.ServerEndpoint;

/**
 * Asks one server what a monitor needs to know. Implementations may block (for at most their
 * configured timeouts) and are called from the monitor's own threads, one call per server at a
 * time.
 */
public interface ServerProbe extends AutoCloseable {

  ProbeResult probe(ServerEndpoint endpoint);

  /** Releases connections kept between polls. */
  @Override
  void close();
}
