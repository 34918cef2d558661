package io.weir.admin.config;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.weir.control.ownership.LeaseOwnership;
import io.weir.control.ownership.LocalOwnership;
import io.weir.control.ownership.Ownership;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's ownership of writes, with the Kubernetes client it needs, closed together.
 *
 * @param ownership who writes
 * @param client the client behind a Lease, null for a single instance
 */
public record AdminLease(Ownership ownership, @Nullable KubernetesClient client)
    implements AutoCloseable {

  static AdminLease open(AdminProperties.Lease lease) {
    if (!lease.enabled()) {
      return new AdminLease(new LocalOwnership("this instance"), null);
    }
    String identity = lease.identity();
    if (identity == null || identity.isBlank()) {
      throw new IllegalStateException(
          "weir.admin.lease.identity: required when the admin Lease is enabled: the URL other"
              + " instances forward writes to, such as http://10.0.0.5:8080");
    }
    KubernetesClient client =
        lease.kubernetesUrl() == null
            ? new KubernetesClientBuilder().build()
            : new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(lease.kubernetesUrl()).build())
                .build();
    String namespace =
        lease.namespace() != null
            ? lease.namespace()
            : client.getNamespace() != null ? client.getNamespace() : "default";
    return new AdminLease(
        LeaseOwnership.start(client, namespace, lease.name(), identity, lease.duration()), client);
  }

  @Override
  public void close() {
    ownership.close();
    if (client != null) {
      client.close();
    }
  }
}
