package io.weir.proxy.testing;

import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;

/**
 * A proxy with one {@code readconnroute} listener in front of a topology, for tests that drive real
 * clients through it and compare with the same clients talking to the server directly.
 *
 * <p>Until the proxy accepts client connections, {@link #start} hands back the primary itself, so
 * every suite using this fixture already runs (and compares the primary with itself).
 */
public final class TestingProxy implements AutoCloseable {

  private final String host;
  private final int port;
  private final AutoCloseable stop;

  private TestingProxy(String host, int port, AutoCloseable stop) {
    this.host = host;
    this.port = port;
    this.stop = stop;
  }

  /**
   * Starts a proxy with one {@code readconnroute} listener in front of {@code topology} with the
   * given {@code router_options} (e.g. {@code "master"}).
   */
  public static TestingProxy start(MariaDbTopology topology, String routerOptions) {
    // INTEGRATION POINT: start the proxy here (listener + readconnroute service with
    // routerOptions over the topology's servers) and return its address with its shutdown.
    // Until then the "proxy" is the primary itself.
    MariaDbServer primary = topology.primary();
    return new TestingProxy(primary.host(), primary.port(), () -> {});
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** A Connector/J URL for {@code database} (may be empty) through the proxy. */
  public String jdbcUrl(String database) {
    return "jdbc:mariadb://" + host + ":" + port + "/" + database;
  }

  @Override
  public void close() {
    try {
      stop.close();
    } catch (Exception e) {
      throw new IllegalStateException("the proxy at " + host + ":" + port + " did not stop", e);
    }
  }

  @Override
  public String toString() {
    return "TestingProxy[" + host + ":" + port + "]";
  }
}
