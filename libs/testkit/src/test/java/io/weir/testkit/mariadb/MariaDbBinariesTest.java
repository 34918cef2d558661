package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbBinariesTest {

  @Test
  void clientIsBesideTheServerInATarballLayout(@TempDir Path home) throws IOException {
    Path server = executable(home.resolve("bin/mariadbd"));
    Path client = executable(home.resolve("bin/mariadb"));

    MariaDbBinaries binaries =
        new MariaDbBinaries("11.4.5", server, home.resolve("scripts/mariadb-install-db"), home);

    assertThat(binaries.client()).isEqualTo(client);
  }

  @Test
  void clientIsUnderBinWhenTheServerIsUnderSbin(@TempDir Path home) throws IOException {
    Path server = executable(home.resolve("sbin/mariadbd"));
    Path client = executable(home.resolve("bin/mariadb"));

    MariaDbBinaries binaries =
        new MariaDbBinaries("10.11.6", server, home.resolve("bin/mariadb-install-db"), home);

    assertThat(binaries.client()).isEqualTo(client);
  }

  @Test
  void missingClientIsReportedWithThePlacesLookedAt(@TempDir Path home) throws IOException {
    Path server = executable(home.resolve("sbin/mariadbd"));
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("bin/mariadb"), "not executable");

    MariaDbBinaries binaries =
        new MariaDbBinaries("10.11.6", server, home.resolve("bin/mariadb-install-db"), home);

    assertThatThrownBy(binaries::client)
        .isInstanceOf(MariaDbStartException.class)
        .hasMessageContaining("no mariadb command-line client")
        .hasMessageContaining(home.resolve("sbin/mariadb").toString())
        .hasMessageContaining(home.resolve("bin/mariadb").toString());
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    assertThat(file.toFile().setExecutable(true)).isTrue();
    return file;
  }
}
