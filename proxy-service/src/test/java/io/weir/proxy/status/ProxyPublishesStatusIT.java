package io.weir.proxy.status;

import static io.weir.testkit.mariadb.ServerIdReads.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.control.status.InstanceStatus;
import io.weir.control.status.StatusFollower;
import io.weir.control.status.StatusKey;
import io.weir.proxy.RunningProxyService;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The proxy on a real broker publishes its live state to {@code weir.status}: one document keyed
 * {@code proxy-service/<instance>}, with the servers its monitor sees, its service, its listener
 * and a session a client opened, and a tombstone when it stops.
 */
@WithMariaDb(replicas = 1)
@WithKafka
class ProxyPublishesStatusIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  @DisplayName(
      "a running proxy's weir.status document shows its servers, service, listener and a client's"
          + " session, and a stopped proxy leaves a tombstone")
  void publishesItsStateAndRemovesItOnStop(
      MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory) throws Exception {
    String suffix = UUID.randomUUID().toString();
    String statusTopic = "weir.status." + suffix;
    int port = FreePort.next();
    Path file =
        ProxyConfigurationFile.write(
            topology,
            List.of(ProxyListener.readWriteSplit("split", port, "")),
            directory.resolve("weir.yaml"));
    StatusKey key = new StatusKey("proxy-service", "proxy-" + suffix);
    String primary = topology.primary().name();

    try (StatusFollower follower =
        StatusFollower.start(statusTopic, broker.clientProperties(), TIMEOUT, (short) 1)) {
      try (RunningProxyService proxy =
              RunningProxyService.start(
                  "--weir.proxy.config-file=" + file,
                  "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                  "--weir.config.topic=weir.config." + suffix,
                  "--weir.status.topic=" + statusTopic,
                  "--weir.status.interval=300ms",
                  "--weir.instance.id=" + key.instance());
          Connection session = connect(port)) {
        long threadId;
        try (Statement statement = session.createStatement();
            ResultSet result = statement.executeQuery("SELECT CONNECTION_ID()")) {
          result.next();
          threadId = result.getLong(1);
        }
        assertThat(threadId).isPositive();

        JsonNode document =
            await(
                follower,
                key,
                status ->
                    hasEntry(status.path("sessions"), "user", Credentials.APPLICATION.user())
                        && hasEntry(status.path("servers"), "state", "Master, Running"));

        assertThat(document.path("service").asString()).isEqualTo("proxy-service");
        assertThat(document.path("instance").asString()).isEqualTo(key.instance());
        assertThat(document.path("version").asString()).isNotBlank();
        assertThat(document.path("management_url").asString())
            .endsWith(":" + proxy.get("/actuator/health").uri().getPort());
        assertThat(Instant.parse(document.path("started_at").asString()))
            .isBeforeOrEqualTo(Instant.parse(document.path("published_at").asString()));
        assertThat(document.path("publish_interval_ms").asLong()).isEqualTo(300);
        assertThat(document.path("health").asString()).isEqualTo("UP");
        assertThat(document.path("weir_config_position").asLong()).isPositive();

        JsonNode master = entry(document.path("servers"), "id", primary).orElseThrow();
        assertThat(master.path("monitor").asString()).isEqualTo("cluster1");
        assertThat(master.path("state").asString()).isEqualTo("Master, Running");
        assertThat(master.path("gtid_binlog_pos").isString()).isTrue();
        assertThat(entry(document.path("servers"), "id", topology.replicas().getFirst().name()))
            .hasValueSatisfying(
                replica ->
                    assertThat(replica.path("state").asString()).isEqualTo("Slave, Running"));

        JsonNode service = entry(document.path("services"), "id", "split-service").orElseThrow();
        assertThat(service.path("router").asString()).isEqualTo("readwritesplit");
        assertThat(service.path("connections").asInt()).isEqualTo(1);
        assertThat(service.path("router_diagnostics").isObject()).isTrue();

        JsonNode listener = entry(document.path("listeners"), "id", "split").orElseThrow();
        assertThat(listener.path("port").asInt()).isEqualTo(port);
        assertThat(listener.path("service").asString()).isEqualTo("split-service");

        JsonNode client =
            entry(document.path("sessions"), "user", Credentials.APPLICATION.user()).orElseThrow();
        assertThat(client.path("service").asString()).isEqualTo("split-service");
        assertThat(client.path("remote").asString()).isEqualTo("127.0.0.1");
        assertThat(client.path("id").asString()).isNotBlank();
        assertThat(document.path("sessions_total").asInt())
            .as("every session counted, all listed under the cap")
            .isEqualTo(document.path("sessions").size());
        assertThat(Instant.parse(client.path("connected").asString()))
            .isAfterOrEqualTo(Instant.parse(document.path("started_at").asString()));
      }

      assertThat(awaitGone(follower, key))
          .as("the stopped proxy's tombstone removed its document")
          .isTrue();
    }
  }

  private static JsonNode await(StatusFollower follower, StatusKey key, Predicate<JsonNode> ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      InstanceStatus status = follower.current().get(key);
      if (status != null) {
        last = status.document();
        if (ready.test(last)) {
          return last;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no document of " + key + " as expected within " + TIMEOUT + ": " + last);
  }

  private static boolean awaitGone(StatusFollower follower, StatusKey key)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!follower.current().containsKey(key)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static boolean hasEntry(JsonNode array, String field, String value) {
    return entry(array, field, value).isPresent();
  }

  private static Optional<JsonNode> entry(JsonNode array, String field, String value) {
    List<JsonNode> entries = new ArrayList<>();
    array.forEach(entries::add);
    return entries.stream().filter(node -> value.equals(node.path(field).asString(""))).findFirst();
  }
}
