package io.weir.testkit.process;

import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A JVM that starts a topology, writes its server process ids to the file named by its argument,
 * and then waits to be killed. {@link ProcessReaperIT} kills it and watches the servers go.
 */
public final class TestingOrphanedTopology {

  private TestingOrphanedTopology() {}

  public static void main(String[] args) throws Exception {
    MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(1));
    String pids =
        topology.servers().stream()
            .map(MariaDbServer::pid)
            .map(String::valueOf)
            .collect(Collectors.joining("\n"));
    Path target = Path.of(args[0]);
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.writeString(partial, pids);
    Files.move(partial, target);
    Thread.sleep(Long.MAX_VALUE);
  }
}
