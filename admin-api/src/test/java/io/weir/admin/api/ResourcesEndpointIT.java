package io.weir.admin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import io.weir.control.resource.ResourceType;
import io.weir.control.topic.ConfigTopicFollower;
import io.weir.control.topic.ResourceKey;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The admin API's resources over a real Kafka broker: the static file seeds the empty topic, GETs
 * serve JSON:API documents, a PATCH is validated, stored in {@code weir.config} and read back, and
 * bad input gets an error pointing at the field.
 */
@WithKafka
class ResourcesEndpointIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIGURATION =
      """
      servers:
        db1: {parameters: {address: 127.0.0.1, port: 3306}}
        db2: {parameters: {address: 127.0.0.1, port: 3307}}
      monitors:
        cluster1:
          module: mariadbmon
          servers: [db1, db2]
          parameters: {user: weir, password: monitor-secret}
      services:
        split:
          router: readwritesplit
          cluster: cluster1
          parameters: {user: weir, password: service-secret, max_slave_connections: 1}
      listeners:
        split-port:
          service: split
          parameters: {address: 127.0.0.1, port: 4006}
      """;

  private static final PasswordEncoder HASHES =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private static final String ADMIN = basic("operator", "operator-password");
  private static final String READER = basic("reader", "reader-password");

  private final HttpClient http = HttpClient.newHttpClient();

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> accounts() {
    return List.of(
        "--weir.admin.accounts[0].name=operator",
        "--weir.admin.accounts[0].password-hash=" + HASHES.encode("operator-password"),
        "--weir.admin.accounts[0].role=admin",
        "--weir.admin.accounts[1].name=reader",
        "--weir.admin.accounts[1].password-hash=" + HASHES.encode("reader-password"),
        "--weir.admin.accounts[1].role=basic");
  }

  @Test
  @DisplayName(
      "GET serves the seeded resources as JSON:API documents; a PATCH is stored in weir.config"
          + " and read back; bad changes get 4xx errors naming the field")
  void servesAndChangesResources(KafkaBroker broker, @TempDir Path directory) throws Exception {
    String topic = "weir.config." + UUID.randomUUID();
    Path file = Files.writeString(directory.resolve("weir.yaml"), CONFIGURATION);
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--weir.admin.config-file=" + file,
                "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                "--weir.config.topic=" + topic,
                "--weir.admin.audit-file=" + directory.resolve("audit.jsonl")));
    arguments.addAll(accounts());
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(AdminApiApplication.class, arguments.toArray(String[]::new))) {
      URI base = base(admin);

      HttpResponse<String> anonymous = get(base, "/v1/services", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).contains("missing, wrong or expired credentials");
      assertThat(get(base, "/v1/services", basic("reader", "guess")).statusCode()).isEqualTo(401);
      HttpResponse<String> readerWrites =
          patch(
              base,
              "/v1/services/split",
              "{\"data\": {\"attributes\": {\"parameters\": {\"strict_sp_calls\": true}}}}",
              null,
              READER);
      assertThat(readerWrites.statusCode()).isEqualTo(403);
      assertThat(readerWrites.body()).contains("may only read");
      assertThat(get(base, "/actuator/health/readiness", null).statusCode())
          .as("probes need no account")
          .isEqualTo(200);

      JsonNode services = JSON.readTree(get(base, "/v1/services").body());
      assertThat(services.at("/data/0/id").asText()).isEqualTo("split");
      JsonNode split = JSON.readTree(get(base, "/v1/services/split").body()).get("data");
      assertThat(split.at("/attributes/router").asText()).isEqualTo("readwritesplit");
      assertThat(split.at("/attributes/parameters/password").asText()).isEqualTo("*****");
      assertThat(split.at("/attributes/parameters/max_slave_connections").asText()).isEqualTo("1");
      assertThat(split.at("/relationships/monitors/data/0/id").asText()).isEqualTo("cluster1");
      assertThat(split.at("/links/self").asText()).isEqualTo("/v1/services/split");
      assertThat(
              JSON.readTree(get(base, "/v1/listeners/split-port").body())
                  .at("/data/relationships/services/data/0/id")
                  .asText())
          .isEqualTo("split");
      assertThat(get(base, "/v1/monitors/cluster1").body()).doesNotContain("monitor-secret");

      String version = get(base, "/v1/services/split").headers().firstValue("ETag").orElseThrow();
      HttpResponse<String> changed =
          patch(
              base,
              "/v1/services/split",
              "{\"data\": {\"attributes\": {\"parameters\": {\"max_slave_connections\": \"50%\","
                  + " \"master_accept_reads\": true}}}}",
              version);
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
      String newVersion = changed.headers().firstValue("ETag").orElseThrow();
      assertThat(newVersion).isNotEqualTo(version);
      assertThat(get(base, "/v1/services/split").headers().firstValue("ETag")).contains(newVersion);

      HttpResponse<String> stale =
          patch(
              base,
              "/v1/services/split",
              "{\"data\": {\"attributes\": {\"parameters\": {\"strict_sp_calls\": true}}}}",
              version);
      assertThat(stale.statusCode()).as("a change from an old version").isEqualTo(412);
      assertThat(stale.body()).contains("changed since it was read");
      JsonNode after = JSON.readTree(get(base, "/v1/services/split").body()).get("data");
      assertThat(after.at("/attributes/parameters/max_slave_connections").asText())
          .isEqualTo("50%");
      assertThat(after.at("/attributes/parameters/master_accept_reads").asBoolean()).isTrue();

      List<String> audit = Files.readAllLines(directory.resolve("audit.jsonl"));
      assertThat(audit).as("one line per accepted change").hasSize(1);
      JsonNode entry = JSON.readTree(audit.getFirst());
      assertThat(entry.get("actor").asText()).isEqualTo("operator");
      assertThat(entry.get("action").asText()).isEqualTo("alter");
      assertThat(entry.get("resource").asText()).isEqualTo("services/split");
      assertThat(entry.get("time").asText()).isNotBlank();
      assertThat(entry.at("/before/attributes/parameters/max_slave_connections").asText())
          .isEqualTo("1");
      assertThat(entry.at("/after/attributes/parameters/max_slave_connections").asText())
          .isEqualTo("50%");
      assertThat(audit.getFirst()).doesNotContain("service-secret");

      try (ConfigTopicFollower follower =
          new ConfigTopicFollower(topic, broker.clientProperties(), set -> {})) {
        String stored =
            follower
                .awaitCaughtUp(Duration.ofSeconds(30))
                .orElseThrow()
                .body(new ResourceKey(ResourceType.SERVICES, "split"))
                .orElseThrow();
        assertThat(JSON.readTree(stored).at("/parameters/max_slave_connections").asText())
            .isEqualTo("50%");
        assertThat(JSON.readTree(stored).at("/parameters/password").asText())
            .as("the topic keeps what services need to log in")
            .isEqualTo("service-secret");
      }

      assertRefused(
          base,
          "/v1/services/split",
          "{\"data\": {\"attributes\": {\"parameters\": {\"max_slave_conections\": 2}}}}",
          400,
          "/data/attributes/parameters/max_slave_conections",
          "did you mean 'max_slave_connections'?");
      assertRefused(
          base,
          "/v1/services/split",
          "{\"data\": {\"attributes\": {\"parameters\": {\"max_sescmd_history\": \"many\"}}}}",
          400,
          "/data/attributes/parameters/max_sescmd_history",
          "many");
      assertRefused(
          base,
          "/v1/listeners/split-port",
          "{\"data\": {\"attributes\": {\"parameters\": {\"port\": 4007}}}}",
          400,
          "/data/attributes/parameters/port",
          "cannot be changed while the resource runs");
      assertRefused(
          base,
          "/v1/services/split",
          "{\"data\": {\"attributes\": {\"parameters\": {\"user\": null}}}}",
          400,
          "/data/attributes/parameters/user",
          "is required");
      assertRefused(base, "/v1/services/split", "{oops", 400, null, "not valid JSON");
      assertRefused(
          base,
          "/v1/services/nope",
          "{\"data\": {\"attributes\": {\"parameters\": {\"user\": \"x\"}}}}",
          404,
          null,
          "no resource services/nope");
      assertThat(get(base, "/v1/sausages").statusCode()).isEqualTo(404);
      assertThat(
              JSON.readTree(get(base, "/v1/services/split").body())
                  .at("/data/attributes/parameters/max_sescmd_history")
                  .isMissingNode())
          .as("nothing of a refused change is stored")
          .isTrue();
      assertThat(
              JSON.readTree(get(base, "/v1/services/split").body())
                  .at("/data/attributes/parameters/strict_sp_calls")
                  .isMissingNode())
          .as("nor of one refused for its version")
          .isTrue();
      assertThat(Files.readAllLines(directory.resolve("audit.jsonl")))
          .as("refused changes are not in the audit log")
          .hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "POST creates a resource with its relationships and DELETE removes it; a reference to a"
          + " missing resource is refused, and deleting one still in use gets 409")
  void createsAndDestroysResources(KafkaBroker broker, @TempDir Path directory) throws Exception {
    Path file = Files.writeString(directory.resolve("weir.yaml"), CONFIGURATION);
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--weir.admin.config-file=" + file,
                "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
                "--weir.config.topic=weir.config." + UUID.randomUUID()));
    arguments.addAll(accounts());
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(AdminApiApplication.class, arguments.toArray(String[]::new))) {
      URI base = base(admin);

      HttpResponse<String> created =
          send(
              base,
              "POST",
              "/v1/servers",
              "{\"data\": {\"id\": \"db3\", \"type\": \"servers\", \"attributes\":"
                  + " {\"parameters\": {\"address\": \"127.0.0.1\", \"port\": 3308}}}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(created.headers().firstValue("Location")).contains("/v1/servers/db3");
      assertThat(JSON.readTree(created.body()).at("/data/attributes/parameters/port").asInt())
          .isEqualTo(3308);
      assertThat(get(base, "/v1/servers/db3").statusCode()).isEqualTo(200);
      assertThat(
              send(
                      base,
                      "POST",
                      "/v1/servers",
                      "{\"data\": {\"id\": \"db3\", \"attributes\": {\"parameters\":"
                          + " {\"address\": \"127.0.0.1\"}}}}")
                  .statusCode())
          .as("an id that exists")
          .isEqualTo(409);

      HttpResponse<String> dangling =
          send(
              base,
              "POST",
              "/v1/services",
              "{\"data\": {\"id\": \"reads\", \"attributes\": {\"router\": \"readconnroute\","
                  + " \"parameters\": {\"user\": \"weir\", \"password\": \"x\"}},"
                  + " \"relationships\": {\"servers\": {\"data\": [{\"id\": \"db9\","
                  + " \"type\": \"servers\"}]}}}}");
      assertThat(dangling.statusCode()).as(dangling.body()).isEqualTo(400);
      assertThat(dangling.body()).contains("db9");
      HttpResponse<String> badParameter =
          send(
              base,
              "POST",
              "/v1/services",
              "{\"data\": {\"id\": \"reads\", \"attributes\": {\"router\": \"readconnroute\","
                  + " \"parameters\": {\"user\": \"weir\", \"password\": \"x\","
                  + " \"router_options\": \"sometimes\"}}}}");
      assertThat(badParameter.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(badParameter.body()).at("/errors/0/source/pointer").asText())
          .isEqualTo("/data/attributes/parameters/router_options");
      HttpResponse<String> noRouter =
          send(base, "POST", "/v1/services", "{\"data\": {\"id\": \"reads\"}}");
      assertThat(noRouter.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(noRouter.body()).at("/errors/0/source/pointer").asText())
          .isEqualTo("/data/attributes/router");

      HttpResponse<String> listener =
          send(
              base,
              "POST",
              "/v1/listeners",
              "{\"data\": {\"id\": \"split-port-2\", \"attributes\": {\"parameters\":"
                  + " {\"address\": \"127.0.0.1\", \"port\": 4016}}, \"relationships\":"
                  + " {\"services\": {\"data\": [{\"id\": \"split\", \"type\": \"services\"}]}}}}");
      assertThat(listener.statusCode()).as(listener.body()).isEqualTo(201);
      assertThat(
              JSON.readTree(listener.body()).at("/data/relationships/services/data/0/id").asText())
          .isEqualTo("split");

      HttpResponse<String> maintenance =
          send(base, "PUT", "/v1/servers/db2/set?state=maintenance", null);
      assertThat(maintenance.statusCode()).as(maintenance.body()).isEqualTo(204);
      assertThat(
              JSON.readTree(get(base, "/v1/servers/db2").body())
                  .at("/data/attributes/operator_states/0")
                  .asText())
          .isEqualTo("maintenance");
      assertThat(send(base, "PUT", "/v1/servers/db2/set?state=maintenance", null).statusCode())
          .as("setting a state it is in changes nothing and succeeds")
          .isEqualTo(204);
      HttpResponse<String> badState = send(base, "PUT", "/v1/servers/db2/set?state=asleep", null);
      assertThat(badState.statusCode()).isEqualTo(400);
      assertThat(badState.body())
          .contains("'state' must be one of maintenance, drain, not 'asleep'");
      assertThat(send(base, "PUT", "/v1/servers/db9/set?state=drain", null).statusCode())
          .isEqualTo(404);
      assertThat(send(base, "PUT", "/v1/servers/db2/clear?state=maintenance", null).statusCode())
          .isEqualTo(204);
      assertThat(get(base, "/v1/servers/db2").body()).contains("\"operator_states\":[]");

      HttpResponse<String> monitorServers =
          patch(
              base,
              "/v1/monitors/cluster1/relationships/servers",
              "{\"data\": [{\"id\": \"db1\", \"type\": \"servers\"}, {\"id\": \"db2\","
                  + " \"type\": \"servers\"}, {\"id\": \"db3\", \"type\": \"servers\"}]}");
      assertThat(monitorServers.statusCode()).as(monitorServers.body()).isEqualTo(204);
      assertThat(
              JSON.readTree(get(base, "/v1/monitors/cluster1").body())
                  .at("/data/relationships/servers/data/2/id")
                  .asText())
          .isEqualTo("db3");
      HttpResponse<String> toServers =
          patch(
              base,
              "/v1/services/split",
              "{\"data\": {\"attributes\": {\"parameters\": {\"max_slave_connections\": 2}},"
                  + " \"relationships\": {\"monitors\": {\"data\": []}, \"servers\":"
                  + " {\"data\": [{\"id\": \"db1\", \"type\": \"servers\"}]}}}}");
      assertThat(toServers.statusCode()).as(toServers.body()).isEqualTo(204);
      JsonNode split = JSON.readTree(get(base, "/v1/services/split").body()).get("data");
      assertThat(split.at("/relationships/servers/data/0/id").asText()).isEqualTo("db1");
      assertThat(split.at("/relationships/monitors").isMissingNode()).isTrue();
      assertThat(split.at("/attributes/parameters/max_slave_connections").asText()).isEqualTo("2");
      HttpResponse<String> both =
          patch(
              base,
              "/v1/services/split/relationships/monitors",
              "{\"data\": [{\"id\": \"cluster1\", \"type\": \"monitors\"}]}");
      assertThat(both.statusCode()).as("servers and a cluster conflict").isEqualTo(400);
      assertThat(both.body()).contains("either servers or a cluster");
      HttpResponse<String> unknownRelationship =
          patch(base, "/v1/servers/db1", "{\"data\": {\"relationships\": {\"services\": {}}}}");
      assertThat(unknownRelationship.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(unknownRelationship.body()).at("/errors/0/source/pointer").asText())
          .isEqualTo("/data/relationships/services");

      HttpResponse<String> inUse = send(base, "DELETE", "/v1/servers/db1", null);
      assertThat(inUse.statusCode()).as(inUse.body()).isEqualTo(409);
      assertThat(inUse.body()).contains("servers/db1 is still in use", "cluster1");
      assertThat(send(base, "DELETE", "/v1/listeners/split-port-2", null).statusCode())
          .isEqualTo(204);
      assertThat(send(base, "DELETE", "/v1/servers/db3", null).statusCode())
          .as("cluster1 watches db3 now")
          .isEqualTo(409);
      assertThat(
              patch(
                      base,
                      "/v1/monitors/cluster1/relationships/servers",
                      "{\"data\": [{\"id\": \"db1\", \"type\": \"servers\"}]}")
                  .statusCode())
          .isEqualTo(204);
      assertThat(send(base, "DELETE", "/v1/servers/db3", null).statusCode()).isEqualTo(204);
      assertThat(get(base, "/v1/servers/db3").statusCode()).isEqualTo(404);
      assertThat(send(base, "DELETE", "/v1/servers/db3", null).statusCode()).isEqualTo(404);
      assertThat(get(base, "/v1/servers/db1").statusCode())
          .as("a refused delete leaves the resource")
          .isEqualTo(200);
    }
  }

  @Test
  @DisplayName("without Kafka the API serves the static file and refuses writes with 503")
  void withoutKafkaTheConfigurationIsReadOnly(@TempDir Path directory) throws Exception {
    Path file = Files.writeString(directory.resolve("weir.yaml"), CONFIGURATION);
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            "--server.port=0",
            "--weir.admin.config-file=" + file,
            "--weir.admin.initial-password=operator-password")) {
      URI base = base(admin);
      String initial = basic("admin", "operator-password");
      assertThat(get(base, "/v1/servers/db2", initial).body()).contains("3307");
      HttpResponse<String> refused =
          patch(
              base,
              "/v1/servers/db2",
              "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": 2}}}}",
              null,
              initial);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(refused.body()).at("/errors/0/detail").asText())
          .contains("no Kafka is configured");
    }
  }

  @Test
  @DisplayName("an account whose password is not a hash stops the start, naming the setting")
  void clearTextPasswordsAreRefused() {
    assertThatThrownBy(
            () ->
                SpringApplication.run(
                    AdminApiApplication.class,
                    "--server.port=0",
                    "--weir.admin.accounts[0].name=operator",
                    "--weir.admin.accounts[0].password-hash=plain-text",
                    "--weir.admin.accounts[0].role=admin"))
        .hasStackTraceContaining("weir.admin.accounts[0].password-hash")
        .hasStackTraceContaining("never stored in clear");
  }

  private void assertRefused(
      URI base, String path, String body, int status, String pointer, String detail)
      throws Exception {
    HttpResponse<String> response = patch(base, path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.body()).at("/errors/0");
    assertThat(error.get("detail").asText()).contains(detail);
    if (pointer != null) {
      assertThat(error.at("/source/pointer").asText()).isEqualTo(pointer);
    }
  }

  private HttpResponse<String> send(URI base, String method, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Authorization", ADMIN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI base(ConfigurableApplicationContext admin) {
    return URI.create(
        "http://127.0.0.1:" + admin.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return get(base, path, READER);
  }

  private HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> patch(URI base, String path, String body) throws Exception {
    return patch(base, path, body, null);
  }

  private HttpResponse<String> patch(URI base, String path, String body, String ifMatch)
      throws Exception {
    return patch(base, path, body, ifMatch, ADMIN);
  }

  private HttpResponse<String> patch(
      URI base, String path, String body, String ifMatch, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
