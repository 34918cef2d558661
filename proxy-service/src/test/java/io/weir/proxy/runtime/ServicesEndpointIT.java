package io.weir.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.proxy.RunningProxyService;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A readwritesplit service's diagnostics over REST and as Prometheus metrics. */
@WithMariaDb(replicas = 2)
class ServicesEndpointIT {

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
    try (RunningProxyService proxy = RunningProxyService.start(config)) {
      JsonNode before = diagnostics(proxy);
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
      JsonNode after = diagnostics(proxy);

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

      HttpResponse<String> unknown = proxy.get("/v1/services/nope");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("no service named 'nope'");

      String metrics = proxy.get("/actuator/prometheus").body();
      assertThat(metrics)
          .containsPattern(
              "weir_proxy_router_statements_total\\{[^}]*service=\"split-service\",target=\"slave\"\\}")
          .containsPattern(
              "weir_proxy_router_transactions_total\\{access=\"read_only\",[^}]*service=\"split-service\"\\}")
          .containsPattern("weir_proxy_router_server_statements_total\\{[^}]*kind=\"read\"");
    }
  }

  private static JsonNode diagnostics(RunningProxyService proxy) throws Exception {
    JsonNode attributes = proxy.getJson("/v1/services/split-service").get("data").get("attributes");
    assertThat(attributes.get("router").asText()).isEqualTo("readwritesplit");
    assertThat(attributes.get("listeners").get(0).asText()).isEqualTo("split");
    return attributes.get("router_diagnostics");
  }

  private static long delta(JsonNode before, JsonNode after, String field) {
    return after.get(field).asLong() - before.get(field).asLong();
  }
}
