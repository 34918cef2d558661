package io.weir.proxy.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.proxy.ProxyServiceApplication;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The proxy runs the monitors of its configuration file and shows the servers over REST. */
@WithMariaDb(replicas = 1)
class ServersEndpointIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void showsMonitoredServersAndSetsMaintenanceAndDrain(
      MariaDbTopology topology, @TempDir Path directory) throws Exception {
    Path config = directory.resolve("weir.yaml");
    Files.writeString(config, configurationOf(topology));
    try (ConfigurableApplicationContext proxy =
        SpringApplication.run(
            ProxyServiceApplication.class,
            "--server.port=0",
            "--weir.proxy.config-file=" + config)) {
      URI base =
          URI.create(
              "http://127.0.0.1:"
                  + proxy.getEnvironment().getRequiredProperty("local.server.port"));

      JsonNode servers = awaitState(base, "db2", "Slave, Running");
      assertThat(stateOf(servers, "db1")).isEqualTo("Master, Running");
      assertThat(attributesOf(servers, "db1").get("gtid_binlog_pos").asText())
          .isEqualTo(topology.primaryGtidPosition());
      assertThat(attributesOf(servers, "db2").get("monitor").asText()).isEqualTo("cluster1");

      assertThat(put(base, "/v1/servers/db2/set?state=maintenance").statusCode()).isEqualTo(204);
      assertThat(stateOf(get(base), "db2")).isEqualTo("Maintenance, Slave, Running");
      assertThat(put(base, "/v1/servers/db1/set?state=drain").statusCode()).isEqualTo(204);
      assertThat(stateOf(get(base), "db1")).isEqualTo("Draining, Master, Running");
      assertThat(put(base, "/v1/servers/db2/clear?state=maintenance").statusCode()).isEqualTo(204);
      assertThat(put(base, "/v1/servers/db1/clear?state=drain").statusCode()).isEqualTo(204);
      assertThat(stateOf(get(base), "db2")).isEqualTo("Slave, Running");

      HttpResponse<String> unknown = put(base, "/v1/servers/nope/set?state=maintenance");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("no monitored server named 'nope'");
      HttpResponse<String> badState = put(base, "/v1/servers/db2/set?state=sleepy");
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

  private JsonNode awaitState(URI base, String server, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode servers = get(base);
    while (!state.equals(stateOf(servers, server)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      servers = get(base);
    }
    return servers;
  }

  private JsonNode get(URI base) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/servers")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> put(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
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
