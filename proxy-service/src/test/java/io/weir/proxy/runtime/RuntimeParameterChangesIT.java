package io.weir.proxy.runtime;

import static io.weir.testkit.mariadb.ServerIdReads.connect;
import static io.weir.testkit.mariadb.ServerIdReads.readsOn;
import static io.weir.testkit.mariadb.ServerIdReads.serverId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.proxy.RunningProxyService;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PATCH /v1/services/:id} and {@code PATCH /v1/servers/:id} on a running proxy: new sessions
 * take the new values, open sessions keep theirs, and a bad change is refused whole with an error
 * that names the field. Servers are told apart by {@code @@server_id}.
 */
@WithMariaDb(replicas = 2)
class RuntimeParameterChangesIT {

  private int splitPort;
  private int connRoutePort;
  private RunningProxyService proxy;

  @BeforeEach
  void startProxy(MariaDbTopology topology, @TempDir Path directory) {
    splitPort = FreePort.next();
    connRoutePort = FreePort.next();
    Path config =
        ProxyConfigurationFile.write(
            topology,
            List.of(
                ProxyListener.readWriteSplit("split", splitPort, "      max_slave_connections: 2"),
                ProxyListener.readConnRoute("direct", "master", connRoutePort)),
            directory.resolve("weir.yaml"));
    proxy = RunningProxyService.start(config);
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  @Test
  @DisplayName(
      "a PATCH of router parameters reaches sessions that start afterwards; sessions already open"
          + " keep the parameters they started with")
  void newSessionsTakeTheChangeOpenSessionsKeepTheirs(MariaDbTopology topology) throws Exception {
    long primary = serverId(topology.primary());
    try (Connection before = connect(splitPort);
        Connection readConnBefore = connect(connRoutePort)) {
      assertThat(readsOn(before, 6)).as("reads before the change").doesNotContain(primary);
      assertThat(readsOn(readConnBefore, 1)).containsExactly(primary);

      assertThat(
              patch(
                      "/v1/services/split-service",
                      """
                      {"data": {"id": "split-service", "type": "services", "attributes":
                        {"parameters": {"max_slave_connections": 0, "master_accept_reads": true}}}}
                      """)
                  .statusCode())
          .isEqualTo(204);
      assertThat(
              patch(
                      "/v1/services/direct-service",
                      """
                      {"data": {"attributes": {"parameters": {"router_options": "slave"}}}}
                      """)
                  .statusCode())
          .isEqualTo(204);

      try (Connection after = connect(splitPort);
          Connection readConnAfter = connect(connRoutePort)) {
        assertThat(readsOn(after, 6)).as("reads of a session started after").containsOnly(primary);
        assertThat(readsOn(readConnAfter, 1)).doesNotContain(primary);
      }
      assertThat(readsOn(before, 6)).as("reads of the open session").doesNotContain(primary);
      assertThat(readsOn(readConnBefore, 1)).containsExactly(primary);
    }

    JsonNode parameters = service("split-service").get("parameters");
    assertThat(parameters.get("max_slave_connections").asText()).isEqualTo("0");
    assertThat(parameters.get("master_accept_reads").asBoolean()).isTrue();
    assertThat(parameters.get("password").asText()).isEqualTo("*****");
    assertThat(parameters.get("connection_keepalive").asText()).isEqualTo("5m");
    assertThat(service("direct-service").get("parameters").get("router_options").asText())
        .isEqualTo("slave");
  }

  @Test
  @DisplayName(
      "a PATCH of a server's weight moves reads at once: weight 0 takes none while another replica"
          + " can; unsetting it restores the default")
  void serverWeightMovesReads(MariaDbTopology topology) throws Exception {
    MariaDbServer first = topology.replicas().getFirst();
    MariaDbServer second = topology.replicas().getLast();
    try (Connection session = connect(splitPort)) {
      assertThat(weight(first, "0")).isEqualTo(204);
      assertThat(readsOn(session, 10)).containsOnly(serverId(second));

      // idle replicas of equal weight tie, and a tie goes to the same one every time: take the
      // other one out to see the first one back
      assertThat(weight(first, "null")).isEqualTo(204);
      assertThat(weight(second, "0")).isEqualTo(204);
      assertThat(readsOn(session, 10)).containsOnly(serverId(first));
    }
  }

  private int weight(MariaDbServer server, String weight) throws Exception {
    return patch(
            "/v1/servers/" + server.name(),
            "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": " + weight + "}}}}")
        .statusCode();
  }

  @Test
  @DisplayName(
      "a bad PATCH gets a 4xx JSON:API error pointing at the field, and nothing of it is applied")
  void badChangesAreRefusedWhole(MariaDbTopology topology) throws Exception {
    String service = "/v1/services/split-service";
    assertRefused(service, "{not json", 400, null, "not valid JSON");
    assertRefused(service, "{\"data\": []}", 400, "/data", "'data' must be an object");
    assertRefused(
        service,
        "{\"data\": {\"id\": \"other\", \"attributes\": {}}}",
        409,
        "/data/id",
        "the URL names 'split-service'");
    assertRefused(
        service,
        "{\"data\": {\"relationships\": {\"servers\": {\"data\": []}}}}",
        400,
        "/data/relationships",
        "relationships cannot be changed");
    assertRefused(
        service,
        "{\"data\": {\"attributes\": {\"router\": \"readconnroute\"}}}",
        400,
        "/data/attributes/router",
        "only 'parameters' can");
    assertRefused(
        service, "{\"data\": {\"meta\": {}}}", 400, "/data/meta", "unknown member 'meta'");
    assertRefused(
        service,
        parameters("\"slave_selection_critera\": \"ADAPTIVE_ROUTING\""),
        400,
        "/data/attributes/parameters/slave_selection_critera",
        "did you mean 'slave_selection_criteria'?");
    assertRefused(
        service,
        parameters("\"master_accept_reads\": true, \"max_sescmd_history\": -1"),
        400,
        "/data/attributes/parameters/max_sescmd_history",
        "max_sescmd_history");
    assertRefused(
        service,
        parameters("\"master_failure_mode\": \"fail_slowly\""),
        400,
        "/data/attributes/parameters/master_failure_mode",
        "fail_on_write");
    assertRefused(
        service,
        parameters("\"causal_reads\": true"),
        400,
        "/data/attributes/parameters/causal_reads",
        "does not implement it yet");
    assertRefused(
        service,
        parameters("\"user\": \"someone\""),
        400,
        "/data/attributes/parameters/user",
        "restart");
    assertRefused(
        "/v1/servers/" + topology.primary().name(),
        parameters("\"port\": 3307"),
        400,
        "/data/attributes/parameters/port",
        "only weight and rank");
    assertRefused("/v1/services/nope", parameters("\"master_accept_reads\": true"), 404, null, "");
    assertRefused("/v1/servers/nope", parameters("\"weight\": 2"), 404, null, "");

    JsonNode parameters = service("split-service").get("parameters");
    assertThat(parameters.get("master_accept_reads").asBoolean())
        .as("the valid half of a refused change")
        .isFalse();
    assertThat(parameters.get("max_sescmd_history").asLong()).isEqualTo(50);
  }

  private void assertRefused(
      String path, String body, int status, String pointer, String detailContains)
      throws Exception {
    HttpResponse<String> response = patch(path, body);
    assertThat(response.statusCode()).as(body).isEqualTo(status);
    JsonNode error = RunningProxyService.json(response).get("errors").get(0);
    assertThat(error.get("detail").asText()).as(body).contains(detailContains);
    if (pointer != null) {
      assertThat(error.get("source").get("pointer").asText()).as(body).isEqualTo(pointer);
    }
  }

  private static String parameters(String members) {
    return "{\"data\": {\"attributes\": {\"parameters\": {" + members + "}}}}";
  }

  private JsonNode service(String id) throws Exception {
    return proxy.getJson("/v1/services/" + id).get("data").get("attributes");
  }

  private HttpResponse<String> patch(String path, String body) throws Exception {
    return proxy.patch(path, body);
  }
}
