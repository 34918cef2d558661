package io.weir.proxy.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.proxy.ProxyServiceApplication;
import io.weir.proxy.RunningProxyService;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;

/** The proxy runs the monitors of its configuration file and shows the servers over REST. */
@WithMariaDb(replicas = 1)
class ServersEndpointIT {

  @Test
  void showsMonitoredServersAndSetsMaintenanceAndDrain(
      MariaDbTopology topology, @TempDir Path directory) throws Exception {
    Path config = directory.resolve("weir.yaml");
    Files.writeString(config, configurationOf(topology));
    try (RunningProxyService proxy = RunningProxyService.start(config)) {

      JsonNode servers = awaitState(proxy, "db2", "Slave, Running");
      assertThat(stateOf(servers, "db1")).isEqualTo("Master, Running");
      assertThat(attributesOf(servers, "db1").get("gtid_binlog_pos").asText())
          .isEqualTo(topology.primaryGtidPosition());
      assertThat(attributesOf(servers, "db2").get("monitor").asText()).isEqualTo("cluster1");

      assertThat(proxy.put("/v1/servers/db2/set?state=maintenance").statusCode()).isEqualTo(204);
      assertThat(stateOf(proxy.getJson("/v1/servers"), "db2"))
          .isEqualTo("Maintenance, Slave, Running");
      assertThat(proxy.put("/v1/servers/db1/set?state=drain").statusCode()).isEqualTo(204);
      assertThat(stateOf(proxy.getJson("/v1/servers"), "db1"))
          .isEqualTo("Draining, Master, Running");
      assertThat(proxy.put("/v1/servers/db2/clear?state=maintenance").statusCode()).isEqualTo(204);
      assertThat(proxy.put("/v1/servers/db1/clear?state=drain").statusCode()).isEqualTo(204);
      assertThat(stateOf(proxy.getJson("/v1/servers"), "db2")).isEqualTo("Slave, Running");

      HttpResponse<String> unknown = proxy.put("/v1/servers/nope/set?state=maintenance");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("no monitored server named 'nope'");
      HttpResponse<String> badState = proxy.put("/v1/servers/db2/set?state=sleepy");
      assertThat(badState.statusCode()).isEqualTo(400);
      assertThat(badState.body()).contains("parameter 'state'", "sleepy");
    }
  }

  @Test
  void invalidConfigurationStopsTheStartNamingResourceAndField(@TempDir Path directory)
      throws Exception {
    Path config = directory.resolve("bad.yaml");
    Files.writeString(
        config,
        """
        servers:
          db1:
            parameters:
              address: 127.0.0.1
              port: 3306
        monitors:
          cluster1:
            module: mariadbmon
            servers: [db1]
            parameters:
              user: weir
              password: x
              monitor_interval: soon
        """);

    assertThatThrownBy(
            () ->
                SpringApplication.run(
                    ProxyServiceApplication.class,
                    "--server.port=0",
                    "--weir.proxy.config-file=" + config))
        .hasStackTraceContaining("monitors/cluster1")
        .hasStackTraceContaining("monitor_interval");
  }

  private static String configurationOf(MariaDbTopology topology) {
    return """
        servers:
          db1:
            parameters:
              address: 127.0.0.1
              port: %d
          db2:
            parameters:
              address: 127.0.0.1
              port: %d
        monitors:
          cluster1:
            module: mariadbmon
            servers: [db1, db2]
            parameters:
              user: %s
              password: %s
              monitor_interval: 200ms
        """
        .formatted(
            topology.primary().port(),
            topology.replicas().getFirst().port(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password());
  }

  private static JsonNode awaitState(RunningProxyService proxy, String server, String state)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode servers = proxy.getJson("/v1/servers");
    while (!state.equals(stateOf(servers, server)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      servers = proxy.getJson("/v1/servers");
    }
    return servers;
  }

  private static JsonNode attributesOf(JsonNode servers, String id) {
    for (JsonNode server : servers.get("data")) {
      if (server.get("id").asText().equals(id)) {
        return server.get("attributes");
      }
    }
    throw new AssertionError("no server " + id + " in " + servers);
  }

  private static String stateOf(JsonNode servers, String id) {
    return attributesOf(servers, id).get("state").asText();
  }
}
