package io.weir.proxy.config;

import static io.weir.testkit.mariadb.ServerIdReads.connect;
import static io.weir.testkit.mariadb.ServerIdReads.readsOn;
import static io.weir.testkit.mariadb.ServerIdReads.serverId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    long firstReplica = serverId(topology.replicas().get(0));
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
        ConfigTopic writer = new ConfigTopic(topic, broker.clientProperties(), TIMEOUT)) {
      // a session opened before the monitor's first round would start without replicas
      awaitState(proxy, topology.replicas().get(0).name(), "Slave, Running");
      awaitState(proxy, topology.replicas().get(1).name(), "Slave, Running");
      try (Connection open = connect(split)) {
        // which replica a tie goes to depends on the selection criterion's counts: take the one
        // used
        var used = readsOn(open, 6);
        assertThat(used).as("the session reads from one replica").hasSize(1);
        boolean firstUsed = used.contains(firstReplica);
        MariaDbServer first = topology.replicas().get(firstUsed ? 0 : 1); // the one it uses
        long otherReplica = firstUsed ? secondReplica : firstReplica;

        HttpResponse<String> local = proxy.put("/v1/servers/" + first.name() + "/set?state=drain");
        assertThat(local.statusCode()).isEqualTo(409);
        assertThat(local.body()).contains("owns server states", "admin API");

        writer
            .write(serverKey(first), serverBody(first, "\"state\": [\"maintenance\"]"))
            .get(30, TimeUnit.SECONDS);
        awaitState(proxy, first.name(), "Maintenance, Slave, Running");

        assertThat(readsOn(open, 6)).as("the session open before").containsOnly(otherReplica);
        try (Connection fresh = connect(split)) {
          assertThat(readsOn(fresh, 6)).as("a new session").containsOnly(otherReplica);
        }
        assertThat(readConnRouteServers(slaves, 2))
            .as("two readconnroute sessions side by side")
            .containsOnly(otherReplica);

        writer.write(serverKey(first), serverBody(first, "")).get(30, TimeUnit.SECONDS);
        awaitState(proxy, first.name(), "Slave, Running");

        assertThat(readsOn(open, 6))
            .as("the open session reads from replicas again")
            .isSubsetOf(firstReplica, secondReplica);
        assertThat(readConnRouteServers(slaves, 2))
            .as("two readconnroute sessions side by side after the clear")
            .containsOnly(firstReplica, secondReplica);
      }
      assertNothingNotApplied(proxy);
    }
  }

  @Test
  @DisplayName(
      "a server added by records to the monitor and to a readconnroute service gets its sessions")
  void serverAddedToMonitorAndService(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    MariaDbServer added = topology.replicas().get(1);
    List<MariaDbServer> before = List.of(topology.primary(), topology.replicas().get(0));
    long firstReplica = serverId(topology.replicas().get(0));
    long addedReplica = serverId(added);
    int slaves = FreePort.next();
    String topic = "weir.config." + UUID.randomUUID();
    Path file =
        write(
            directory,
            serversOf(before)
                + monitor(serverNames(before))
                + """
                services:
                  ro-service:
                    router: readconnroute
                    servers: [%1$s]
                    parameters: {%2$s, router_options: slave}
                listeners:
                  ro: {service: ro-service, parameters: {address: 127.0.0.1, port: %3$d}}
                """
                    .formatted(serverNames(before), account(), slaves));
    try (RunningProxyService proxy = start(file, broker, topic);
        ConfigTopic writer = new ConfigTopic(topic, broker.clientProperties(), TIMEOUT)) {
      awaitState(proxy, topology.replicas().get(0).name(), "Slave, Running");
      assertThat(readConnRouteServers(slaves, 2)).containsOnly(firstReplica);

      String all = quotedNames(topology.servers());
      writer.write(serverKey(added), serverBody(added, "")).get(30, TimeUnit.SECONDS);
      writer
          .write(
              new ResourceKey(ResourceType.MONITORS, "cluster1"),
              "{\"module\": \"mariadbmon\", \"servers\": ["
                  + all
                  + "], \"parameters\": {"
                  + jsonAccount()
                  + ", \"monitor_interval\": \"200ms\"}}")
          .get(30, TimeUnit.SECONDS);
      writer
          .write(
              new ResourceKey(ResourceType.SERVICES, "ro-service"),
              "{\"router\": \"readconnroute\", \"servers\": ["
                  + all
                  + "], \"parameters\": {"
                  + jsonAccount()
                  + ", \"router_options\": \"slave\"}}")
          .get(30, TimeUnit.SECONDS);

      awaitState(proxy, added.name(), "Slave, Running");
      assertThat(awaitReadConnRouteServers(slaves, Set.of(firstReplica, addedReplica)))
          .as("two readconnroute sessions side by side, one on the added server")
          .containsOnly(firstReplica, addedReplica);
      assertNothingNotApplied(proxy);
    }
  }

  @Test
  @DisplayName(
      "a readwritesplit service whose servers a record changed reads from the new ones in new"
          + " sessions, while a session open before keeps its router and works on")
  void serviceTargetsChanged(MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory)
      throws Exception {
    MariaDbServer first = topology.replicas().get(0);
    MariaDbServer second = topology.replicas().get(1);
    long firstReplica = serverId(first);
    long secondReplica = serverId(second);
    int split = FreePort.next();
    String topic = "weir.config." + UUID.randomUUID();
    Path file =
        write(
            directory,
            serversOf(topology.servers())
                + monitor(serverNames(topology.servers()))
                + """
                services:
                  split-service:
                    router: readwritesplit
                    servers: [%1$s, %2$s]
                    parameters: {%3$s}
                listeners:
                  split: {service: split-service, parameters: {address: 127.0.0.1, port: %4$d}}
                """
                    .formatted(topology.primary().name(), first.name(), account(), split));
    try (RunningProxyService proxy = start(file, broker, topic);
        ConfigTopic writer = new ConfigTopic(topic, broker.clientProperties(), TIMEOUT)) {
      awaitState(proxy, first.name(), "Slave, Running");
      awaitState(proxy, second.name(), "Slave, Running");
      try (Connection open = connect(split)) {
        assertThat(readsOn(open, 6)).containsOnly(firstReplica);

        writer
            .write(
                new ResourceKey(ResourceType.SERVICES, "split-service"),
                "{\"router\": \"readwritesplit\", \"servers\": [\""
                    + topology.primary().name()
                    + "\", \""
                    + second.name()
                    + "\"], \"parameters\": {"
                    + jsonAccount()
                    + "}}")
            .get(30, TimeUnit.SECONDS);

        assertThat(awaitReadsOn(split, Set.of(secondReplica)))
            .as("a session started after the record")
            .containsOnly(secondReplica);
        assertThat(readsOn(open, 6))
            .as("the session open before, on its old router")
            .containsOnly(firstReplica);
        try (var statement = open.createStatement()) {
          statement.execute("CREATE TABLE IF NOT EXISTS app.live_targets (id INT PRIMARY KEY)");
          statement.execute("REPLACE INTO app.live_targets VALUES (1)");
        }
      }
      assertNothingNotApplied(proxy);
    }
  }

  @Test
  @DisplayName(
      "a server whose record gives it another port is monitored and reached there, by the"
          + " restarted monitor and a new router")
  void serverMovedToAnotherPort(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    MariaDbServer moved = topology.replicas().get(1);
    long movedId = serverId(moved);
    int slaves = FreePort.next();
    String topic = "weir.config." + UUID.randomUUID();
    String misplaced =
        serversOf(topology.servers())
            .replace("port: " + moved.port() + "}", "port: " + FreePort.next() + "}");
    Path file =
        write(
            directory,
            misplaced
                + monitor(serverNames(topology.servers()))
                + """
                services:
                  ro-service:
                    router: readconnroute
                    servers: [%1$s]
                    parameters: {%2$s, router_options: slave}
                listeners:
                  ro: {service: ro-service, parameters: {address: 127.0.0.1, port: %3$d}}
                """
                    .formatted(moved.name(), account(), slaves));
    try (RunningProxyService proxy = start(file, broker, topic);
        ConfigTopic writer = new ConfigTopic(topic, broker.clientProperties(), TIMEOUT)) {
      awaitState(proxy, topology.replicas().get(0).name(), "Slave, Running");
      assertThatThrownBy(() -> connect(slaves).close())
          .as("no slave where the file puts the server")
          .isInstanceOf(SQLException.class);

      writer.write(serverKey(moved), serverBody(moved, "")).get(30, TimeUnit.SECONDS);

      awaitState(proxy, moved.name(), "Slave, Running");
      assertThat(awaitReadsOn(slaves, Set.of(movedId))).containsOnly(movedId);
      assertNothingNotApplied(proxy);
    }
  }

  static void assertNothingNotApplied(RunningProxyService proxy) throws Exception {
    assertThat(proxy.get("/actuator/prometheus").body())
        .doesNotContainPattern(
            "weir_config_changes_total\\{[^}]*result=\"not_applied\"[^}]*\\} [1-9]");
  }

  /** The servers of new readconnroute session pairs, once they are {@code wanted}. */
  static Set<Long> awaitReadConnRouteServers(int port, Set<Long> wanted) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Set<Long> seen = Set.of();
    while (System.nanoTime() < deadline) {
      seen = readConnRouteServers(port, wanted.size());
      if (seen.equals(wanted)) {
        break;
      }
      Thread.sleep(200);
    }
    return seen;
  }

  /** The servers that answer a new session's reads, once they are {@code wanted}. */
  static Set<Long> awaitReadsOn(int port, Set<Long> wanted) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Set<Long> seen = Set.of();
    while (System.nanoTime() < deadline) {
      try (Connection session = connect(port)) {
        seen = readsOn(session, 6);
      } catch (SQLException notYet) {
        // no server for the session yet
      }
      if (seen.equals(wanted)) {
        break;
      }
      Thread.sleep(200);
    }
    return seen;
  }

  static String quotedNames(List<MariaDbServer> servers) {
    return servers.stream()
        .map(server -> "\"" + server.name() + "\"")
        .collect(Collectors.joining(", "));
  }

  static String jsonAccount() {
    return "\"user\": \""
        + Credentials.SERVICE.user()
        + "\", \"password\": \""
        + Credentials.SERVICE.password()
        + "\"";
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
