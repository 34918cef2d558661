package io.weir.control.status;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this instance names itself in {@code weir.status} ({@code weir.instance.*}), the same keys
 * for every service.
 *
 * @param id the instance's id ({@code id}); unset, {@code <HOSTNAME or host name>-<pid>} (see
 *     {@link InstanceIdentity#defaultInstanceId}). Must differ between all running instances of a
 *     service
 * @param managementUrl the base URL of this instance's HTTP API as others reach it ({@code
 *     management-url}); unset, {@code http://<host address>:<server port>}
 */
@ConfigurationProperties("weir.instance")
public record InstanceProperties(@Nullable String id, @Nullable String managementUrl) {

  /** The configured id, or the default one. */
  public String resolvedId() {
    return id == null || id.isBlank() ? InstanceIdentity.defaultInstanceId(System.getenv()) : id;
  }

  /** The configured URL, or the default one for an HTTP API on {@code port}. */
  public String resolvedManagementUrl(int port) {
    return managementUrl == null || managementUrl.isBlank()
        ? InstanceIdentity.defaultManagementUrl(port)
        : managementUrl;
  }
}
