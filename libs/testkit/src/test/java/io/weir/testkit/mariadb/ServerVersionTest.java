package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code mariadbd --version} as the builds the kit runs print it. */
class ServerVersionTest {

  @Test
  void bundledBuildReportsItsVersion() {
    assertThat(
            ServerVersion.parse(
                "/root/.cache/weir/mariadb-11.4.5/bin/mariadbd  Ver 11.4.5-MariaDB for"
                    + " linux-systemd on x86_64 (MariaDB Server)\n"))
        .isEqualTo("11.4.5");
  }

  @Test
  void debianBuildReportsItsVersionWithoutThePackageRevision() {
    assertThat(
            ServerVersion.parse(
                "/usr/sbin/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64"
                    + " (Debian 12)\n"))
        .isEqualTo("10.11.19");
  }

  @Test
  void outputWithoutAVersionIsNotMistakenForOne() {
    assertThat(ServerVersion.parse("mariadbd: unknown option '--version'")).isNull();
  }
}
