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
 * every server, one {@code mariadbmon} monitor over them, and a {@code readconnroute} service with
 * a loopback listener for each {@link ReadConnListener}. The quickstart and the benchmarks start
 * the proxy with it.
 */
public final class ProxyConfigurationFile {

  /**
   * A readconnroute service and its listener.
   *
   * @param name the listener's id; the service is named after it with {@code -service}
   * @param routerOptions the service's {@code router_options}, e.g. {@code master}
   * @param port the loopback port to listen on
   * @param serviceParameters more service parameter lines (YAML indented six spaces), or empty
   * @param listenerParameters more listener parameter lines (YAML indented six spaces), or empty
   */
  public record ReadConnListener(
      String name,
      String routerOptions,
      int port,
      String serviceParameters,
      String listenerParameters) {

    /** A listener with nothing but its router options. */
    public ReadConnListener(String name, String routerOptions, int port) {
      this(name, routerOptions, port, "", "");
    }
  }

  private ProxyConfigurationFile() {}

  /** Writes the file and returns its path. */
  public static Path write(MariaDbTopology topology, List<ReadConnListener> listeners, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml(topology, listeners));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The file's content, with a monitor polling every second. */
  public static String yaml(MariaDbTopology topology, List<ReadConnListener> listeners) {
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
      List<ReadConnListener> listeners,
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
    for (ReadConnListener listener : listeners) {
      yaml.append("  ")
          .append(listener.name())
          .append("-service:\n    router: readconnroute\n    cluster: cluster1\n    parameters:\n")
          .append("      user: ")
          .append(Credentials.SERVICE.user())
          .append("\n      password: ")
          .append(Credentials.SERVICE.password())
          .append("\n      router_options: ")
          .append(listener.routerOptions())
          .append('\n');
      lines(yaml, listener.serviceParameters());
    }
    yaml.append("listeners:\n");
    for (ReadConnListener listener : listeners) {
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
