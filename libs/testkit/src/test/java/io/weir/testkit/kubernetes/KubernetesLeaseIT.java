package io.weir.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetesApi
class KubernetesLeaseIT {

  private final KubernetesClient client;

  KubernetesLeaseIT(KubernetesApi api) {
    this.client = api.client();
  }

  @Test
  @DisplayName("a Lease is created and updated through the client")
  void createAndUpdateLease(KubernetesApi api) {
    assertThat(api.url()).startsWith("http://127.0.0.1:");
    String name = "lease-it-plain-" + UUID.randomUUID();
    ZonedDateTime acquired = ZonedDateTime.parse("2026-01-01T00:00:00.000000Z");
    Lease created =
        client
            .leases()
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity("weir-a")
                    .withLeaseDurationSeconds(2)
                    .withAcquireTime(acquired)
                    .withRenewTime(acquired)
                    .endSpec()
                    .build())
            .create();

    ZonedDateTime renewed = acquired.plusSeconds(1);
    Lease updated =
        client
            .leases()
            .withName(name)
            .edit(
                lease ->
                    new LeaseBuilder(lease)
                        .editSpec()
                        .withRenewTime(renewed)
                        .withLeaseTransitions(1)
                        .endSpec()
                        .build());

    Lease read = client.leases().withName(name).get();
    assertThat(read.getSpec().getHolderIdentity()).isEqualTo("weir-a");
    assertThat(read.getSpec().getRenewTime().toInstant()).isEqualTo(renewed.toInstant());
    assertThat(read.getSpec().getLeaseTransitions()).isEqualTo(1);
    assertThat(read.getMetadata().getNamespace()).isEqualTo(KubernetesApi.NAMESPACE);
    assertThat(updated.getMetadata().getResourceVersion())
        .isNotEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  @DisplayName("LeaderElector takes a Lease and keeps renewing it")
  void leaderElectorRenewsLease() throws Exception {
    String name = "lease-it-elector-" + UUID.randomUUID();
    String identity = "weir-test-" + UUID.randomUUID();
    CountDownLatch leading = new CountDownLatch(1);
    LeaderElectionConfig config =
        new LeaderElectionConfigBuilder()
            .withName(name)
            .withLock(new LeaseLock(KubernetesApi.NAMESPACE, name, identity))
            .withLeaseDuration(Duration.ofSeconds(2))
            .withRenewDeadline(Duration.ofSeconds(1))
            .withRetryPeriod(Duration.ofMillis(200))
            .withLeaderCallbacks(new LeaderCallbacks(leading::countDown, () -> {}, leader -> {}))
            .withReleaseOnCancel(true)
            .build();

    CompletableFuture<?> election = client.leaderElector().withConfig(config).build().start();
    try {
      assertThat(leading.await(10, TimeUnit.SECONDS)).as("onStartLeading called").isTrue();

      List<Instant> renewals = new ArrayList<>();
      renewals.add(renewTime(name));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (renewals.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        Instant renewTime = renewTime(name);
        if (renewTime.isAfter(renewals.getLast())) {
          renewals.add(renewTime);
        }
      }

      assertThat(renewals).as("renewTime over time").hasSize(3).isSorted();
      assertThat(client.leases().withName(name).get().getSpec().getHolderIdentity())
          .isEqualTo(identity);
    } finally {
      election.cancel(true);
    }
  }

  private Instant renewTime(String name) {
    return client
        .leases()
        .withName(name)
        .get()
        .getSpec()
        .getRenewTime()
        .toInstant()
        .truncatedTo(ChronoUnit.MICROS);
  }
}
