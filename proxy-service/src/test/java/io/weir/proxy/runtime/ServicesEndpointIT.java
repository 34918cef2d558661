package io.weir.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.proxy.ProxyServiceApplication;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** A readwritesplit service's diagnostics over REST and as Prometheus metrics. */
@WithMariaDb(replicas = 2)
class ServicesEndpointIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "GET /v1/services/:id shows router_diagnostics that count statements by target and"
          + " transactions, and Prometheus shows the same counters")
  void routerDiagnosticsCountWhatTheSessionsDid(MariaDbTopology topology, @TempDir Path directory)
      throws Exception {
    int port = FreePort.next();
    Path config =
        ProxyConfigurationFile.write(
            topology,
            List.of(ProxyListener.readWriteSplit("split", port, "")),
            directory.resolve("weir.yaml"));
    try (ConfigurableApplicationContext proxy =
        SpringApplication.run(
            ProxyServiceApplication.class,
            "--server.port=0",
            "--weir.proxy.config-file=" + config)) {
      URI base =
          URI.create(
              "http://127.0.0.1:"
                  + proxy.getEnvironment().getRequiredProperty("local.server.port"));
      JsonNode before = diagnostics(base);
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:mariadb://127.0.0.1:" + port + "/app",
                  Credentials.APPLICATION.user(),
                  Credentials.APPLICATION.password());
          Statement statement = connection.createStatement()) {
        for (int i = 0; i < 5; i++) {
          statement.executeQuery("SELECT " + i).close();
        }
        statement.execute("SET @marker = 1");
        statement.execute("START TRANSACTION");
        statement.executeQuery("SELECT 1").close();
        statement.execute("COMMIT");
        statement.execute("START TRANSACTION READ ONLY");
        statement.executeQuery("SELECT 2").close();
        statement.execute("COMMIT");
      }
      JsonNode after = diagnostics(base);

      assertThat(delta(before, after, "route_slave"))
          .as("reads outside transactions")
          .isGreaterThanOrEqualTo(5 + 3);
      assertThat(delta(before, after, "route_master"))
          .as("the read-write transaction")
          .isGreaterThanOrEqualTo(3);
      assertThat(delta(before, after, "route_all")).as("SET @marker").isGreaterThanOrEqualTo(1);
      assertThat(delta(before, after, "rw_transactions")).isEqualTo(1);
      assertThat(delta(before, after, "ro_transactions")).isEqualTo(1);
      JsonNode perServer = after.get("server_query_statistics");
      assertThat(perServer).hasSize(3);
      long reads = 0;
      for (JsonNode server : perServer) {
        reads += server.get("read").asLong();
      }
      assertThat(reads).isGreaterThanOrEqualTo(5);

      HttpResponse<String> unknown = get(base, "/v1/services/nope");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("no service named 'nope'");

      String metrics = get(base, "/actuator/prometheus").body();
      assertThat(metrics)
          .containsPattern(
              "weir_proxy_router_statements_total\\{[^}]*service=\"split-service\",target=\"slave\"\\}")
          .containsPattern(
              "weir_proxy_router_transactions_total\\{access=\"read_only\",[^}]*service=\"split-service\"\\}")
          .containsPattern("weir_proxy_router_server_statements_total\\{[^}]*kind=\"read\"");
    }
  }

  private JsonNode diagnostics(URI base) throws Exception {
    HttpResponse<String> response = get(base, "/v1/services/split-service");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode attributes = JSON.readTree(response.body()).get("data").get("attributes");
    assertThat(attributes.get("router").asText()).isEqualTo("readwritesplit");
    assertThat(attributes.get("listeners").get(0).asText()).isEqualTo("split");
    return attributes.get("router_diagnostics");
  }

  private static long delta(JsonNode before, JsonNode after, String field) {
    return after.get(field).asLong() - before.get(field).asLong();
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
