package io.weir.admin.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import io.weir.control.status.InstanceIdentity;
import io.weir.control.status.StatusTopic;
import io.weir.control.topic.CompactedTopic;
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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The live state the admin API serves from {@code weir.status}, on a real broker, with status
 * documents written by libs/control's publisher as proxy instances would write them: the suite with
 * a stale instance, the sessions of every live instance, and the server and service state merged
 * into their documents.
 */
@WithKafka
class StatusEndpointsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final String CONFIGURATION =
      """
      servers:
        db1: {parameters: {address: 127.0.0.1, port: 3306}}
        db2: {parameters: {address: 127.0.0.1, port: 3307}}
        db3: {parameters: {address: 127.0.0.1, port: 3308}}
      monitors:
        cluster1:
          module: mariadbmon
          servers: [db1, db2, db3]
          parameters: {user: weir, password: monitor-secret}
      services:
        split:
          router: readwritesplit
          cluster: cluster1
          parameters: {user: weir, password: service-secret}
        idle:
          router: readconnroute
          cluster: cluster1
          parameters: {user: weir, password: service-secret}
      """;
  private static final PasswordEncoder HASHES =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private static final String ADMIN = basic("operator", "operator-password");
  private static final String READER = basic("reader", "reader-password");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "GET /v1/weir lists every instance with its health (a silent one as stale), /v1/sessions"
          + " every live instance's sessions by <instance>:<id>, and servers and services carry"
          + " the state live instances report")
  void servesTheLiveStateOfTheSuite(KafkaBroker broker, @TempDir Path directory) throws Exception {
    String suffix = UUID.randomUUID().toString();
    String statusTopic = "weir.status." + suffix;
    Path file = Files.writeString(directory.resolve("weir.yaml"), CONFIGURATION);
    Instant now = Instant.now();
    Instant anHourAgo = now.minus(Duration.ofHours(1));

    try (StatusTopic proxyA =
            publisher(
                broker,
                statusTopic,
                "proxy-a",
                InstantSource.system(),
                withSessionsTotal(
                    state(
                        List.of(server("db1", "Master, Running"), server("db2", "Slave, Running")),
                        List.of(service("split", 2, 7)),
                        List.of(session("1", "app"), session("2", "report"))),
                    1500));
        StatusTopic proxyB =
            publisher(
                broker,
                statusTopic,
                "proxy-b",
                InstantSource.system(),
                state(
                    List.of(server("db1", "Master, Running"), server("db2", "Down")),
                    List.of(service("split", 1, 3)),
                    List.of(session("1", "app"))));
        StatusTopic proxyD =
            publisher(
                broker,
                statusTopic,
                "proxy-d",
                InstantSource.system(),
                state(List.of(server("db2", "Slave, Running")), List.of(), List.of()));
        StatusTopic silent =
            publisher(
                broker,
                statusTopic,
                "proxy-c",
                InstantSource.fixed(anHourAgo),
                state(
                    List.of(server("db2", "Down"), server("db3", "Down")),
                    List.of(service("idle", 4, 0)),
                    List.of(session("9", "gone"))));
        ConfigurableApplicationContext admin =
            SpringApplication.run(
                AdminApiApplication.class,
                arguments(broker, suffix, statusTopic, file).toArray(String[]::new))) {
      URI base = base(admin);

      JsonNode suite =
          await(
              base, "/v1/weir", document -> document.at("/data/attributes/instances").size() == 5);
      JsonNode attributes = suite.at("/data/attributes");
      assertThat(suite.at("/data/type").asText()).isEqualTo("weir");
      assertThat(attributes.path("instance").asText()).isEqualTo("admin-" + suffix);
      assertThat(attributes.path("version").asText()).isNotBlank();
      assertThat(attributes.path("status_topic").asText()).isEqualTo(statusTopic);
      Map<String, JsonNode> instances = byKey(attributes.path("instances"));
      assertThat(instances)
          .containsOnlyKeys(
              "admin-api/admin-" + suffix,
              "proxy-service/proxy-a",
              "proxy-service/proxy-b",
              "proxy-service/proxy-c",
              "proxy-service/proxy-d");
      JsonNode a = instances.get("proxy-service/proxy-a");
      assertThat(a.path("health").asText()).isEqualTo("UP");
      assertThat(a.path("version").asText()).isEqualTo("9.9.9-test");
      assertThat(a.path("management_url").asText()).isEqualTo("http://proxy-a:8081");
      assertThat(a.path("started_at").asText()).isNotBlank();
      assertThat(Instant.parse(a.path("published_at").asText())).isAfter(anHourAgo);
      JsonNode c = instances.get("proxy-service/proxy-c");
      assertThat(c.path("health").asText()).as("an hour without a publish").isEqualTo("stale");
      assertThat(Instant.parse(c.path("published_at").asText())).isEqualTo(anHourAgo);
      JsonNode self = instances.get("admin-api/admin-" + suffix);
      assertThat(self.path("management_url").asText()).endsWith(":" + base.getPort());

      JsonNode sessions = json(get(base, "/v1/sessions", READER));
      assertThat(ids(sessions.path("data")))
          .as("sessions of live instances only, ids unique across instances")
          .containsExactly("proxy-a:1", "proxy-a:2", "proxy-b:1");
      assertThat(sessions.at("/meta/total").asLong())
          .as("proxy-a lists 2 of its 1500 sessions")
          .isEqualTo(1501);
      assertThat(sessions.at("/meta/listed").asLong()).isEqualTo(3);
      assertThat(sessions.at("/meta/truncated_instances/0").asText()).isEqualTo("proxy-a");
      assertThat(sessions.at("/meta/truncated_instances").size()).isEqualTo(1);
      HttpResponse<String> one = get(base, "/v1/sessions/proxy-b:1", READER);
      assertThat(one.statusCode()).isEqualTo(200);
      JsonNode session = json(one).path("data");
      assertThat(session.at("/type").asText()).isEqualTo("sessions");
      assertThat(session.at("/attributes/instance").asText()).isEqualTo("proxy-b");
      assertThat(session.at("/attributes/session").asText()).isEqualTo("1");
      assertThat(session.at("/attributes/user").asText()).isEqualTo("app");
      assertThat(session.at("/attributes/remote").asText()).isEqualTo("127.0.0.1");
      assertThat(session.at("/relationships/services/data/0/id").asText()).isEqualTo("split");
      HttpResponse<String> unknown = get(base, "/v1/sessions/proxy-c:9", ADMIN);
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(json(unknown).at("/errors/0/detail").asText()).contains("no session 'proxy-c:9'");
      assertThat(get(base, "/v1/sessions", null).statusCode()).isEqualTo(401);

      JsonNode db2 = json(get(base, "/v1/servers/db2", READER)).path("data");
      assertThat(db2.at("/attributes/parameters/port").asInt()).isEqualTo(3307);
      assertThat(db2.at("/attributes/state").asText())
          .as("two live instances see a slave, one sees it down; the stale one does not count")
          .isEqualTo("Slave, Running");
      assertThat(db2.at("/attributes/instances").findValuesAsText("instance"))
          .containsExactly("proxy-a", "proxy-b", "proxy-d");
      JsonNode seenByB = db2.at("/attributes/instances/1");
      assertThat(seenByB.path("state").asText()).isEqualTo("Down");
      assertThat(seenByB.path("monitor").asText()).isEqualTo("cluster1");
      assertThat(seenByB.path("gtid_binlog_pos").asText()).isEqualTo("0-1-42");
      JsonNode servers = json(get(base, "/v1/servers", ADMIN)).path("data");
      Map<String, JsonNode> byId = byField(servers, "id");
      assertThat(byId.get("db1").at("/attributes/state").asText()).isEqualTo("Master, Running");
      assertThat(byId.get("db3").path("attributes").has("state"))
          .as("only the stale instance reports db3: no live state")
          .isFalse();
      assertThat(byId.get("db3").path("attributes").has("instances")).isFalse();

      JsonNode split = json(get(base, "/v1/services/split", READER)).path("data");
      assertThat(split.at("/attributes/router").asText()).isEqualTo("readwritesplit");
      assertThat(split.at("/attributes/connections").asInt()).isEqualTo(3);
      assertThat(split.at("/attributes/instances").findValuesAsText("instance"))
          .containsExactly("proxy-a", "proxy-b");
      assertThat(split.at("/attributes/instances/0/router_diagnostics/route_master").asInt())
          .isEqualTo(7);
      assertThat(
              json(get(base, "/v1/services/idle", READER))
                  .at("/data/attributes")
                  .has("connections"))
          .isFalse();

      proxyA.close();
      await(
          base,
          "/v1/weir",
          document ->
              !byKey(document.at("/data/attributes/instances"))
                  .containsKey("proxy-service/proxy-a"));
      assertThat(ids(json(get(base, "/v1/sessions", READER)).path("data")))
          .as("a stopped instance's tombstone takes its sessions away")
          .containsExactly("proxy-b:1");
    }
  }

  private static List<String> arguments(
      KafkaBroker broker, String suffix, String statusTopic, Path file) {
    return List.of(
        "--server.port=0",
        "--weir.admin.config-file=" + file,
        "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
        "--weir.config.topic=weir.config." + suffix,
        "--weir.status.topic=" + statusTopic,
        "--weir.status.interval=" + INTERVAL.toMillis() + "ms",
        "--weir.instance.id=admin-" + suffix,
        "--weir.admin.accounts[0].name=operator",
        "--weir.admin.accounts[0].password-hash=" + HASHES.encode("operator-password"),
        "--weir.admin.accounts[0].role=admin",
        "--weir.admin.accounts[1].name=reader",
        "--weir.admin.accounts[1].password-hash=" + HASHES.encode("reader-password"),
        "--weir.admin.accounts[1].role=basic");
  }

  private static StatusTopic publisher(
      KafkaBroker broker,
      String topic,
      String instance,
      InstantSource clock,
      Map<String, Object> state) {
    InstanceIdentity identity =
        new InstanceIdentity(
            "proxy-service",
            instance,
            "9.9.9-test",
            "http://" + instance + ":8081",
            clock.instant());
    return new StatusTopic(
            new CompactedTopic(topic, broker.clientProperties(), TIMEOUT),
            identity,
            INTERVAL,
            clock,
            () -> "UP",
            () -> state)
        .start((short) 1);
  }

  private static Map<String, Object> state(
      List<Object> servers, List<Object> services, List<Object> sessions) {
    return Map.of("servers", servers, "services", services, "sessions", sessions);
  }

  private static Map<String, Object> withSessionsTotal(Map<String, Object> state, long total) {
    Map<String, Object> withTotal = new LinkedHashMap<>(state);
    withTotal.put("sessions_total", total);
    return withTotal;
  }

  private static Map<String, Object> server(String id, String state) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("id", id);
    server.put("monitor", "cluster1");
    server.put("state", state);
    server.put("gtid_binlog_pos", "0-1-42");
    server.put("replication_lag", 0);
    return server;
  }

  private static Map<String, Object> service(String id, int connections, int routedToMaster) {
    return Map.of(
        "id",
        id,
        "router",
        "readwritesplit",
        "connections",
        connections,
        "listeners",
        List.of(id + "-port"),
        "router_diagnostics",
        Map.of("route_master", routedToMaster));
  }

  private static Map<String, Object> session(String id, String user) {
    return Map.of(
        "id",
        id,
        "user",
        user,
        "remote",
        "127.0.0.1",
        "service",
        "split",
        "server",
        "db1",
        "connected",
        "2026-11-30T12:00:00Z");
  }

  private JsonNode await(URI base, String path, Predicate<JsonNode> ready) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = json(get(base, path, READER));
      if (ready.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " not as expected within " + TIMEOUT + ": " + last);
  }

  private static Map<String, JsonNode> byKey(JsonNode instances) {
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    instances.forEach(
        instance ->
            byKey.put(
                instance.path("service").asText() + "/" + instance.path("instance").asText(),
                instance));
    return byKey;
  }

  private static Map<String, JsonNode> byField(JsonNode array, String field) {
    Map<String, JsonNode> byField = new LinkedHashMap<>();
    array.forEach(entry -> byField.put(entry.path(field).asText(), entry));
    return byField;
  }

  private static List<String> ids(JsonNode data) {
    List<String> ids = new ArrayList<>();
    data.forEach(document -> ids.add(document.path("id").asText()));
    return ids;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI base(ConfigurableApplicationContext context) {
    return URI.create(
        "http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
