package io.weir.testkit.service;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a proxy-service configuration file ({@code --weir.proxy.config-file}) for a test topology:
 * every server, one {@code mariadbmon} monitor over them, and a service with a loopback listener
 * for each {@link ProxyListener}. The quickstart and the benchmarks start the proxy with it.
 */
public final class ProxyConfigurationFile {

  /**
   * A service over the whole cluster and its listener.
   *
   * @param name the listener's id; the service is named after it with {@code -service}
   * @param router the service's router module, e.g. {@code readwritesplit}
   * @param port the loopback port to listen on
   * @param serviceParameters more service parameter lines (YAML indented six spaces), or empty
   * @param listenerParameters more listener parameter lines (YAML indented six spaces), or empty
   */
  public record ProxyListener(
      String name, String router, int port, String serviceParameters, String listenerParameters) {

    /** A readconnroute listener with nothing but its {@code router_options}. */
    public static ProxyListener readConnRoute(String name, String routerOptions, int port) {
      return new ProxyListener(
          name, "readconnroute", port, "      router_options: " + routerOptions + "\n", "");
    }

    /**
     * The router and its parameters on one line, e.g. {@code readconnroute router_options=slave}.
     */
    public String description() {
      String parameters =
          serviceParameters.strip().replace(": ", "=").replaceAll("\\s*\\n\\s*", ", ");
      return parameters.isEmpty() ? router : router + " " + parameters;
    }

    /** A readwritesplit listener with these service parameter lines. */
    public static ProxyListener readWriteSplit(String name, int port, String serviceParameters) {
      return new ProxyListener(name, "readwritesplit", port, serviceParameters, "");
    }
  }

  private ProxyConfigurationFile() {}

  /** Writes the file and returns its path. */
  public static Path write(MariaDbTopology topology, List<ProxyListener> listeners, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml(topology, listeners));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The file's content, with a monitor polling every second. */
  public static String yaml(MariaDbTopology topology, List<ProxyListener> listeners) {
    return yaml(topology, listeners, Duration.ofSeconds(1), "");
  }

  /**
   * The file's content.
   *
   * @param monitorInterval the monitor's {@code monitor_interval}
   * @param serverParameters more parameter lines for every server (YAML indented six spaces)
   */
  public static String yaml(
      MariaDbTopology topology,
      List<ProxyListener> listeners,
      Duration monitorInterval,
      String serverParameters) {
    StringBuilder yaml = new StringBuilder("servers:\n");
    for (MariaDbServer server : topology.servers()) {
      yaml.append("  ")
          .append(server.name())
          .append(":\n    parameters:\n      address: ")
          .append(server.host())
          .append("\n      port: ")
          .append(server.port())
          .append('\n');
      lines(yaml, serverParameters);
    }
    yaml.append("monitors:\n  cluster1:\n    module: mariadbmon\n    servers: [")
        .append(
            topology.servers().stream().map(MariaDbServer::name).collect(Collectors.joining(", ")))
        .append("]\n    parameters:\n")
        .append("      user: ")
        .append(Credentials.SERVICE.user())
        .append("\n      password: ")
        .append(Credentials.SERVICE.password())
        .append("\n      monitor_interval: ")
        .append(monitorInterval.toMillis())
        .append("ms\n");
    yaml.append("services:\n");
    for (ProxyListener listener : listeners) {
      yaml.append("  ")
          .append(listener.name())
          .append("-service:\n    router: ")
          .append(listener.router())
          .append("\n    cluster: cluster1\n    parameters:\n")
          .append("      user: ")
          .append(Credentials.SERVICE.user())
          .append("\n      password: ")
          .append(Credentials.SERVICE.password())
          .append('\n');
      lines(yaml, listener.serviceParameters());
    }
    yaml.append("listeners:\n");
    for (ProxyListener listener : listeners) {
      yaml.append("  ")
          .append(listener.name())
          .append(":\n    service: ")
          .append(listener.name())
          .append("-service\n    parameters:\n      address: 127.0.0.1\n      port: ")
          .append(listener.port())
          .append('\n');
      lines(yaml, listener.listenerParameters());
    }
    return yaml.toString();
  }

  private static void lines(StringBuilder yaml, String lines) {
    if (!lines.isBlank()) {
      yaml.append(lines);
      if (!lines.endsWith("\n")) {
        yaml.append('\n');
      }
    }
  }
}
