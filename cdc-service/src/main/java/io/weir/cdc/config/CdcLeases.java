package io.weir.cdc.config;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.weir.control.ownership.LeaseOwnership;
import io.weir.control.ownership.Ownership;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where services with {@code cooperative_replication} get their Lease: {@code weir-cdc-<service>}
 * on the Kubernetes API server, held as {@code identity}. Disabled unless {@code
 * weir.cdc.lease.enabled}; closing closes the client.
 */
public final class CdcLeases implements AutoCloseable {

  private final @Nullable KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final Duration duration;

  private CdcLeases(
      @Nullable KubernetesClient client, String namespace, String identity, Duration duration) {
    this.client = client;
    this.namespace = namespace;
    this.identity = identity;
    this.duration = duration;
  }

  /** No Leases: {@code cooperative_replication=true} is refused. */
  public static CdcLeases disabled() {
    return new CdcLeases(null, "default", "", Duration.ZERO);
  }

  /**
   * Leases on the API server {@code client} talks to.
   *
   * @param client closed with this
   */
  public static CdcLeases on(
      KubernetesClient client, String namespace, String identity, Duration duration) {
    if (duration.toMillis() < 1000) {
      throw new IllegalStateException(
          "weir.cdc.lease.duration: " + duration + " is too short; at least 1s (default 15s)");
    }
    return new CdcLeases(client, namespace, identity, duration);
  }

  /**
   * From {@code weir.cdc.lease.*}.
   *
   * @throws IllegalStateException naming the property when the identity is missing
   */
  static CdcLeases open(CdcLeaseProperties properties) {
    if (!properties.enabled()) {
      return disabled();
    }
    String identity =
        properties.identity() != null ? properties.identity() : System.getenv("HOSTNAME");
    if (identity == null || identity.isBlank()) {
      throw new IllegalStateException(
          "weir.cdc.lease.identity: required when weir.cdc.lease.enabled=true and HOSTNAME is not"
              + " set: this instance's name in the Lease, such as its pod's name");
    }
    KubernetesClient client =
        properties.kubernetesUrl() == null
            ? new KubernetesClientBuilder().build()
            : new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(properties.kubernetesUrl()).build())
                .build();
    String namespace =
        properties.namespace() != null
            ? properties.namespace()
            : client.getNamespace() != null ? client.getNamespace() : "default";
    return on(client, namespace, identity, properties.duration());
  }

  /** Whether Leases are configured. */
  public boolean enabled() {
    return client != null;
  }

  /** How long a Lease not renewed keeps others out. */
  public Duration duration() {
    return duration;
  }

  /** The Lease's name for {@code service}. */
  public static String leaseName(String service) {
    return "weir-cdc-" + service;
  }

  /**
   * Starts taking part in the election for {@code service}'s Lease.
   *
   * @throws IllegalStateException when Leases are not configured
   */
  public Ownership join(String service) {
    KubernetesClient current = client;
    if (current == null) {
      throw new IllegalStateException("no Kubernetes Lease is configured (weir.cdc.lease.*)");
    }
    return LeaseOwnership.start(current, namespace, leaseName(service), identity, duration);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
