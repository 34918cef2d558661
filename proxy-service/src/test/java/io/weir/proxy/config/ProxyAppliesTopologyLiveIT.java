package io.weir.proxy.config;

import static io.weir.proxy.ServerIdReads.connect;
import static io.weir.proxy.ServerIdReads.readsOn;
import static io.weir.proxy.ServerIdReads.serverId;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.resource.ResourceType;
import io.weir.control.topic.ConfigTopic;
import io.weir.control.topic.ResourceKey;
import io.weir.proxy.RunningProxyService;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy following {@code weir.config} applies what changes the topology while it runs: server
 * states (maintenance) set and cleared by records, a server added to a monitor and a service, and a
 * service whose servers changed, which new sessions use while an open one keeps its router.
 */
@WithMariaDb(replicas = 2)
@WithKafka
class ProxyAppliesTopologyLiveIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  @DisplayName(
      "maintenance set by a server record stops new reads on that server (readwritesplit, open"
          + " and new sessions; readconnroute, new sessions) and clearing it resumes them; a local"
          + " PUT of a state gets 409")
  void maintenanceFromTheTopic(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    MariaDbServer first = topology.replicas().get(0);
    long firstReplica = serverId(first);
    long secondReplica = serverId(topology.replicas().get(1));
    int split = FreePort.next();
    int slaves = FreePort.next();
    String topic = "weir.config." + UUID.randomUUID();
    String servers = serverNames(topology.servers());
    Path file =
        write(
            directory,
            serversOf(topology.servers())
                + monitor(servers)
                + """
                services:
                  split-service:
                    router: readwritesplit
                    cluster: cluster1
                    parameters: {%1$s}
                  ro-service:
                    router: readconnroute
                    cluster: cluster1
                    parameters: {%1$s, router_options: slave}
                listeners:
                  split: {service: split-service, parameters: {address: 127.0.0.1, port: %2$d}}
                  ro: {service: ro-service, parameters: {address: 127.0.0.1, port: %3$d}}
                """
                    .formatted(account(), split, slaves));
    try (RunningProxyService proxy = start(file, broker, topic);
        ConfigTopic writer = new ConfigTopic(topic, broker.clientProperties(), TIMEOUT);
        Connection open = connect(split)) {
      awaitState(proxy, first.name(), "Slave, Running");
      assertThat(readsOn(open, 6))
          .as("ties go to the first replica listed")
          .containsOnly(firstReplica);

      HttpResponse<String> local = proxy.put("/v1/servers/" + first.name() + "/set?state=drain");
      assertThat(local.statusCode()).isEqualTo(409);
      assertThat(local.body()).contains("owns server states", "admin API");

      writer
          .write(serverKey(first), serverBody(first, "\"state\": [\"maintenance\"]"))
          .get(30, TimeUnit.SECONDS);
      awaitState(proxy, first.name(), "Maintenance, Slave, Running");

      assertThat(readsOn(open, 6)).as("the session open before").containsOnly(secondReplica);
      try (Connection fresh = connect(split)) {
        assertThat(readsOn(fresh, 6)).as("a new session").containsOnly(secondReplica);
      }
      assertThat(readConnRouteServers(slaves, 2))
          .as("two readconnroute sessions side by side")
          .containsOnly(secondReplica);

      writer.write(serverKey(first), serverBody(first, "")).get(30, TimeUnit.SECONDS);
      awaitState(proxy, first.name(), "Slave, Running");

      assertThat(readsOn(open, 6)).as("the open session again").containsOnly(firstReplica);
      assertThat(readConnRouteServers(slaves, 2))
          .as("two readconnroute sessions side by side after the clear")
          .containsOnly(firstReplica, secondReplica);
      assertThat(proxy.get("/actuator/prometheus").body())
          .doesNotContainPattern(
              "weir_config_changes_total\\{[^}]*result=\"not_applied\"[^}]*\\} [1-9]");
    }
  }

  static RunningProxyService start(Path file, KafkaBroker broker, String topic) {
    return RunningProxyService.start(
        "--weir.proxy.config-file=" + file,
        "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
        "--weir.config.topic=" + topic);
  }

  /** The servers that answer {@code sessions} readconnroute sessions open at the same time. */
  static Set<Long> readConnRouteServers(int port, int sessions) throws SQLException {
    List<Connection> open = new java.util.ArrayList<>();
    try {
      Set<Long> servers = new HashSet<>();
      for (int i = 0; i < sessions; i++) {
        Connection connection = connect(port);
        open.add(connection);
        servers.addAll(readsOn(connection, 1));
      }
      return servers;
    } finally {
      for (Connection connection : open) {
        connection.close();
      }
    }
  }

  static void awaitState(RunningProxyService proxy, String server, String state) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      for (var node : proxy.getJson("/v1/servers").get("data")) {
        if (node.get("id").asText().equals(server)) {
          seen = node.at("/attributes/state").asText();
        }
      }
      if (seen.equals(state)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(server + " is '" + seen + "', not '" + state + "'");
  }

  static ResourceKey serverKey(MariaDbServer server) {
    return new ResourceKey(ResourceType.SERVERS, server.name());
  }

  /** A server's record body, with {@code more} members after its parameters. */
  static String serverBody(MariaDbServer server, String more) {
    return "{\"parameters\": {\"address\": \""
        + server.host()
        + "\", \"port\": \""
        + server.port()
        + "\"}"
        + (more.isEmpty() ? "" : ", " + more)
        + "}";
  }

  static String serversOf(List<MariaDbServer> servers) {
    StringBuilder yaml = new StringBuilder("servers:\n");
    for (MariaDbServer server : servers) {
      yaml.append(
          "  %s: {parameters: {address: %s, port: %d}}\n"
              .formatted(server.name(), server.host(), server.port()));
    }
    return yaml.toString();
  }

  static String serverNames(List<MariaDbServer> servers) {
    return servers.stream().map(MariaDbServer::name).collect(Collectors.joining(", "));
  }

  static String monitor(String servers) {
    return """
        monitors:
          cluster1:
            module: mariadbmon
            servers: [%s]
            parameters: {%s, monitor_interval: 200ms}
        """
        .formatted(servers, account());
  }

  static String account() {
    return "user: " + Credentials.SERVICE.user() + ", password: " + Credentials.SERVICE.password();
  }

  static Path write(Path directory, String yaml) throws Exception {
    return Files.writeString(directory.resolve("weir.yaml"), yaml);
  }
}
