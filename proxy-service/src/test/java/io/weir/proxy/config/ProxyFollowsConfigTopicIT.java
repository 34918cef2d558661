package io.weir.proxy.config;

import static io.weir.testkit.mariadb.ServerIdReads.connect;
import static io.weir.testkit.mariadb.ServerIdReads.readsOn;
import static io.weir.testkit.mariadb.ServerIdReads.serverId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.control.resource.ResourceType;
import io.weir.control.topic.ConfigTopic;
import io.weir.control.topic.ConfigTopicFollower;
import io.weir.control.topic.ResourceKey;
import io.weir.control.topic.ResourceSet;
import io.weir.proxy.RunningProxyService;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy on the {@code weir.config} topic with a real broker: the static file seeds the empty
 * topic, a changed service record reaches new sessions (open ones keep their settings), a change
 * the proxy cannot apply running is counted, and a proxy started without a file rebuilds the whole
 * configuration from the topic.
 */
@WithMariaDb(replicas = 2)
@WithKafka
class ProxyFollowsConfigTopicIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ResourceKey SERVICE =
      new ResourceKey(ResourceType.SERVICES, "split-service");

  @Test
  @DisplayName(
      "a service record written to weir.config reaches new sessions of a running proxy, and a"
          + " restarted proxy rebuilds its configuration from the topic alone")
  void followsTheTopicAndRestartsFromIt(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    String topic = "weir.config." + UUID.randomUUID();
    int port = FreePort.next();
    Path file =
        ProxyConfigurationFile.write(
            topology,
            List.of(ProxyListener.readWriteSplit("split", port, "      max_slave_connections: 2")),
            directory.resolve("weir.yaml"));
    String kafka = "--weir.config.bootstrap-servers=" + broker.bootstrapServers();
    String topicName = "--weir.config.topic=" + topic;
    long primary = serverId(topology.primary());

    try (RunningProxyService proxy =
        RunningProxyService.start("--weir.proxy.config-file=" + file, kafka, topicName)) {
      ResourceSet seeded = read(topic, broker);
      assertThat(seeded.bodies().keySet())
          .extracting(ResourceKey::text)
          .contains(
              "servers/" + topology.primary().name(), "services/split-service", "listeners/split");

      var localChange =
          proxy.patch(
              "/v1/services/split-service",
              "{\"data\": {\"attributes\": {\"parameters\": {\"strict_sp_calls\": true}}}}");
      assertThat(localChange.statusCode()).isEqualTo(409);
      assertThat(localChange.body()).contains("this proxy follows topic " + topic);

      try (Connection open = connect(port)) {
        assertThat(readsOn(open, 6)).doesNotContain(primary);

        ObjectNode body = (ObjectNode) JSON.readTree(seeded.body(SERVICE).orElseThrow());
        ObjectNode parameters = (ObjectNode) body.get("parameters");
        parameters.put("max_slave_connections", "0");
        parameters.put("connection_timeout", "3600s");
        try (ConfigTopic writer = new ConfigTopic(topic, broker.clientProperties(), TIMEOUT)) {
          writer.write(SERVICE, JSON.writeValueAsString(body)).get(30, TimeUnit.SECONDS);
        }

        assertThat(awaitReadsOnlyOn(port, primary))
            .as("a session started after the record")
            .isTrue();
        assertThat(readsOn(open, 6)).as("the session open before it").doesNotContain(primary);
      }
      assertThat(proxy.get("/actuator/prometheus").body())
          .as("connection_timeout is read only at start, and is counted as not applied")
          .containsPattern("weir_config_changes_total\\{[^}]*result=\"not_applied\"[^}]*\\} 1\\.0");
    }

    try (RunningProxyService restarted = RunningProxyService.start(kafka, topicName)) {
      try (Connection session = connect(port)) {
        assertThat(readsOn(session, 6))
            .as("max_slave_connections 0, as the topic has it")
            .containsOnly(primary);
      }
      assertThat(
              restarted
                  .getJson("/v1/services/split-service")
                  .at("/data/attributes/parameters/connection_timeout")
                  .asText())
          .isEqualTo("1h");
    }
  }

  @Test
  @DisplayName(
      "a listener record opens its port on a running proxy, with a new service's router, and its"
          + " tombstone closes it again")
  void listenersOpenAndCloseWithTheirRecords(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    String topic = "weir.config." + UUID.randomUUID();
    Path file =
        ProxyConfigurationFile.write(
            topology,
            List.of(ProxyListener.readWriteSplit("split", FreePort.next(), "")),
            directory.resolve("weir.yaml"));
    long primary = serverId(topology.primary());
    int added = FreePort.next();
    ResourceKey service = new ResourceKey(ResourceType.SERVICES, "writes");
    ResourceKey listener = new ResourceKey(ResourceType.LISTENERS, "writes-port");
    try (RunningProxyService proxy =
            RunningProxyService.start(
                "--weir.proxy.config-file=" + file,
                "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                "--weir.config.topic=" + topic);
        ConfigTopic writer = new ConfigTopic(topic, broker.clientProperties(), TIMEOUT)) {
      writer
          .write(
              service,
              "{\"router\": \"readconnroute\", \"cluster\": \"cluster1\", \"parameters\":"
                  + " {\"user\": \""
                  + Credentials.SERVICE.user()
                  + "\", \"password\": \""
                  + Credentials.SERVICE.password()
                  + "\", \"router_options\": \"master\"}}")
          .get(30, TimeUnit.SECONDS);
      writer
          .write(
              listener,
              "{\"service\": \"writes\", \"parameters\": {\"address\": \"127.0.0.1\","
                  + " \"port\": \""
                  + added
                  + "\"}}")
          .get(30, TimeUnit.SECONDS);

      assertThat(awaitReadsOnlyOn(added, primary))
          .as("the new listener's readconnroute reaches the primary")
          .isTrue();
      assertThat(proxy.getJson("/v1/services/writes").at("/data/attributes/listeners/0").asText())
          .isEqualTo("writes-port");

      writer.write(listener, null).get(30, TimeUnit.SECONDS);
      assertThat(awaitClosed(added)).as("the port after the tombstone").isTrue();
      assertThat(proxy.get("/v1/services/writes").statusCode())
          .as("a service without a listener here")
          .isEqualTo(404);
      assertThat(proxy.get("/actuator/prometheus").body())
          .doesNotContainPattern(
              "weir_config_changes_total\\{[^}]*result=\"not_applied\"[^}]*\\} [1-9]");
    }
  }

  private static boolean awaitClosed(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      } catch (IOException refused) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static ResourceSet read(String topic, KafkaBroker broker) throws InterruptedException {
    try (ConfigTopicFollower follower =
        new ConfigTopicFollower(topic, broker.clientProperties(), set -> {})) {
      return follower.awaitCaughtUp(TIMEOUT).orElseThrow();
    }
  }

  private static boolean awaitReadsOnlyOn(int port, long server) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection session = connect(port)) {
        if (readsOn(session, 6).equals(Set.of(server))) {
          return true;
        }
      } catch (SQLException notYet) {
        // the listener is not open yet
      }
      Thread.sleep(200);
    }
    return false;
  }
}
