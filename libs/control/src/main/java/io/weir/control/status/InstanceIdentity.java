package io.weir.control.status;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who publishes a status document: what every document of {@code weir.status} starts with.
 *
 * @param service the service, e.g. {@code proxy-service}
 * @param instance the instance's id, unique among all running instances of the service
 * @param version the service's version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param managementUrl the base URL of the instance's HTTP API, e.g. {@code http://10.0.0.5:8081},
 *     so that an operator or the admin API can reach it
 * @param startedAt when the instance started
 */
public record InstanceIdentity(
    String service, String instance, String version, String managementUrl, Instant startedAt) {

  /** The instance's key in {@code weir.status}. */
  public StatusKey key() {
    return new StatusKey(service, instance);
  }

  /**
   * The id of this process when none is configured: {@code <host>-<pid>}, where the host is the
   * {@code HOSTNAME} environment variable (a pod's name in Kubernetes) or else the host's name. The
   * pid keeps several processes on one host apart; in a pod it is usually 1, so a pod {@code
   * proxy-7f9c} is {@code proxy-7f9c-1}.
   *
   * @param environment the process's environment, e.g. {@link System#getenv()}
   */
  public static String defaultInstanceId(Map<String, String> environment) {
    return hostName(environment.get("HOSTNAME")) + "-" + ProcessHandle.current().pid();
  }

  private static String hostName(@Nullable String fromEnvironment) {
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * The URL of an HTTP API on {@code port} of this host when none is configured: the host's address
   * as other hosts reach it (in a pod, the pod's IP), else the loopback address.
   */
  public static String defaultManagementUrl(int port) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      host = InetAddress.getLoopbackAddress().getHostAddress();
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
