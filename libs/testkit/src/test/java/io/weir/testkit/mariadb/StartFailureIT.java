package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit's own failures name their cause and quote the server, never just time out. */
class StartFailureIT {

  @Test
  void missingBinaryNamesTheVariableAndWhereItLooked(@TempDir Path empty) {
    assertThatThrownBy(() -> MariaDbBinaries.ofInstallation(empty))
        .isInstanceOf(MariaDbStartException.class)
        .hasMessageContaining(MariaDbBinaries.HOME_VARIABLE)
        .hasMessageContaining("sbin/mariadbd")
        .hasMessageContaining(empty.toString());
  }

  @Test
  void installationThatIsNotADirectoryIsRejected(@TempDir Path directory) throws IOException {
    Path file = Files.createFile(directory.resolve("not-mariadb"));
    assertThatThrownBy(() -> MariaDbBinaries.ofInstallation(file))
        .isInstanceOf(MariaDbStartException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void portClashIsReportedWithTheServersOwnLogLines() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TopologySpec spec = TopologySpec.of(0).withPrimaryPort(taken.getLocalPort());
      assertThatThrownBy(() -> MariaDbTopology.start(spec))
          .isInstanceOf(MariaDbStartException.class)
          .hasMessageContaining("exited")
          .hasMessageContaining("Address already in use");
    }
  }

  @Test
  void serverThatRefusesItsOptionsIsReportedWithItsLogLines() {
    TopologySpec spec = TopologySpec.of(0).withServerOptions("--no-such-option-in-mariadb=1");
    assertThatThrownBy(() -> MariaDbTopology.start(spec))
        .isInstanceOf(MariaDbStartException.class)
        .hasMessageContaining("unknown variable")
        .hasMessageContaining("no-such-option-in-mariadb");
  }
}
