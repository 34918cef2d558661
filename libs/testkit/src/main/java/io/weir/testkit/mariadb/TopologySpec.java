package io.weir.testkit.mariadb;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MariaDbTopology} looks like. Two topologies with equal specs are interchangeable,
 * which is what lets test classes share one.
 *
 * @param replicas how many replicas follow the primary
 * @param serverOptions extra {@code mariadbd} options for every server, such as {@code
 *     --max-allowed-packet=64M}
 * @param primaryPort a fixed port for the primary, or null for a free one (tests of port clashes)
 */
public record TopologySpec(
    int replicas, List<String> serverOptions, @Nullable Integer primaryPort) {

  public TopologySpec {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
    }
    serverOptions = List.copyOf(serverOptions);
  }

  /** A primary and {@code replicas} replicas with the kit's default options. */
  public static TopologySpec of(int replicas) {
    return new TopologySpec(replicas, List.of(), null);
  }

  /** This spec with {@code options} added to every server's command line. */
  public TopologySpec withServerOptions(String... options) {
    List<String> all = new ArrayList<>(serverOptions);
    all.addAll(List.of(options));
    return new TopologySpec(replicas, all, primaryPort);
  }

  /** This spec with the primary on {@code port}. */
  public TopologySpec withPrimaryPort(int port) {
    return new TopologySpec(replicas, serverOptions, port);
  }
}
