package io.weir.probe.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.service.ActuatorClient;
import io.weir.testkit.service.ServiceInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts probe-collector on a free port and reads its actuator over HTTP, as Kubernetes and
 * Prometheus do.
 */
class ProbeCollectorApplicationIT {

  private static ConfigurableApplicationContext application;
  private static ActuatorClient actuator;

  @BeforeAll
  static void start() {
    application = SpringApplication.run(ProbeCollectorApplication.class, "--server.port=0");
    int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    actuator = ActuatorClient.atLocalPort(port).awaitReady(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    actuator.close();
    application.close();
  }

  @Test
  void livenessAndReadinessGroupsAreUp() {
    assertThat(actuator.liveness().isUp()).as("liveness %s", actuator.liveness()).isTrue();
    assertThat(actuator.readiness().isUp()).as("readiness %s", actuator.readiness()).isTrue();
  }

  @Test
  void prometheusScrapeHasJvmMetrics() {
    assertThat(actuator.prometheus())
        .contains("jvm_memory_used_bytes")
        .contains("application=\"probe-collector\"");
  }

  @Test
  void infoNamesVersionAndCommit() {
    ServiceInfo info = actuator.info();
    assertThat(info.buildVersion()).as("build.version in %s", info).contains(projectVersion());
    if (insideGitCheckout()) {
      assertThat(info.gitCommitId()).as("git.commit.id in %s", info).isPresent();
    }
  }

  @Test
  void onlyHealthInfoAndPrometheusAreExposed() {
    assertThat(actuator.exposedEndpoints()).containsOnly("health", "info", "prometheus");
  }

  private static String projectVersion() {
    return Objects.requireNonNull(
        System.getProperty("weir.project.version"), "Failsafe sets weir.project.version");
  }

  /** A clone has a .git directory, a worktree a .git file; a source tarball has neither. */
  private static boolean insideGitCheckout() {
    return Stream.iterate(Path.of("").toAbsolutePath(), Objects::nonNull, Path::getParent)
        .anyMatch(directory -> Files.exists(directory.resolve(".git")));
  }
}
