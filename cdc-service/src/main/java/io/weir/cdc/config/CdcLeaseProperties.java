package io.weir.cdc.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubernetes Leases of services with {@code cooperative_replication} ({@code
 * weir.cdc.lease.*}). Each such service has its own Lease, {@code weir-cdc-<service>}; only its
 * holder replicates.
 *
 * @param enabled whether this instance takes part ({@code enabled}, default false); without it
 *     {@code cooperative_replication=true} refuses the start
 * @param identity this instance's name in the Lease ({@code identity}); default the {@code
 *     HOSTNAME} environment variable, which Kubernetes sets to the pod's name
 * @param duration how long a Lease not renewed keeps other instances out ({@code duration}, default
 *     15s); a holder stops replicating after two thirds of it without renewal
 * @param kubernetesUrl the API server ({@code kubernetes-url}); default the in-cluster
 *     configuration
 * @param namespace the Leases' namespace ({@code namespace}); default the client's, else {@code
 *     default}
 */
@ConfigurationProperties("weir.cdc.lease")
public record CdcLeaseProperties(
    @DefaultValue("false") boolean enabled,
    @Nullable String identity,
    @DefaultValue("15s") Duration duration,
    @Nullable String kubernetesUrl,
    @Nullable String namespace) {}
