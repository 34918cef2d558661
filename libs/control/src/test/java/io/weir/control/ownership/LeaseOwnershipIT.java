package io.weir.control.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.weir.testkit.kubernetes.KubernetesApi;
import io.weir.testkit.kubernetes.WithKubernetesApi;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link LeaseOwnership} on fabric8's mock Kubernetes API server. */
@WithKubernetesApi
class LeaseOwnershipIT {

  private static final Duration LEASE = Duration.ofSeconds(2);

  @Test
  @DisplayName(
      "an instance that lost its Lease without stopping (its renewal failed) competes again and"
          + " takes the Lease once the other holder's expires")
  void takesPartAgainAfterLosingTheLease(KubernetesApi kubernetes) throws Exception {
    String lease = "weir-test-" + UUID.randomUUID();
    try (LeaseOwnership ownership =
        LeaseOwnership.start(
            kubernetes.client(), KubernetesApi.NAMESPACE, lease, "instance-a", LEASE)) {
      await(ownership::owns, "instance-a holds the Lease");

      // another holder takes the Lease over (as if instance-a had been cut off from the API
      // server for longer than the Lease), then disappears without renewing it
      takeOver(kubernetes, lease, "intruder");
      await(() -> !ownership.owns(), "instance-a stops holding the Lease");
      assertThat(ownership.owner()).contains("intruder");

      await(ownership::owns, "instance-a holds the Lease again once the intruder's expired");
      assertThat(kubernetes.awaitLeaseHolder(lease, "intruder")).isEqualTo("instance-a");
    }
  }

  /**
   * Makes {@code holder} the Lease's holder, renewed now. The edit carries the version it read, so
   * it is refused (409) when instance-a renewed in between; then it is tried again.
   */
  private static void takeOver(KubernetesApi kubernetes, String lease, String holder) {
    for (int attempt = 1; ; attempt++) {
      ZonedDateTime now = ZonedDateTime.now();
      try {
        kubernetes
            .client()
            .leases()
            .inNamespace(KubernetesApi.NAMESPACE)
            .withName(lease)
            .edit(
                current ->
                    new LeaseBuilder(current)
                        .editSpec()
                        .withHolderIdentity(holder)
                        .withAcquireTime(now)
                        .withRenewTime(now)
                        .endSpec()
                        .build());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 20) {
          throw e;
        }
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 15 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
