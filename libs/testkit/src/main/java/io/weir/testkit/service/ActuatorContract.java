package io.weir.testkit.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every Weir service promises Kubernetes and Prometheus, as tests a service's integration test
 * inherits: health split into liveness and readiness, a Prometheus scrape tagged with the service's
 * name, info naming version and commit, and nothing else exposed.
 *
 * <p>A subclass starts its service on a free port and returns a client for it from {@link
 * #actuator()}. The expected version comes from the {@code weir.project.version} system property,
 * which the build's Failsafe configuration sets.
 */
public abstract class ActuatorContract {

  /** A client for the running service's actuator. */
  protected abstract ActuatorClient actuator();

  /** The service's {@code spring.application.name}. */
  protected abstract String applicationName();

  @Test
  void livenessAndReadinessGroupsAreUp() {
    assertThat(actuator().liveness().isUp()).as("liveness %s", actuator().liveness()).isTrue();
    assertThat(actuator().readiness().isUp()).as("readiness %s", actuator().readiness()).isTrue();
  }

  @Test
  void prometheusScrapeHasJvmMetricsTaggedWithTheService() {
    assertThat(actuator().prometheus())
        .contains("jvm_memory_used_bytes")
        .contains("application=\"" + applicationName() + "\"");
  }

  @Test
  void infoNamesVersionAndCommit() {
    ServiceInfo info = actuator().info();
    assertThat(info.buildVersion()).as("build.version in %s", info).contains(projectVersion());
    if (insideGitCheckout()) {
      assertThat(info.gitCommitId()).as("git.commit.id in %s", info).isPresent();
    }
  }

  @Test
  void onlyHealthInfoAndPrometheusAreExposed() {
    assertThat(actuator().exposedEndpoints()).containsOnly("health", "info", "prometheus");
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
