package io.weir.admin.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import io.weir.control.status.InstanceIdentity;
import io.weir.control.status.StatusTopic;
import io.weir.control.topic.CompactedTopic;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.process.FreePort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The admin API's side of module commands on a real broker: modules described, calls checked
 * against the command and the configuration before anything runs, 503 while no instance of the
 * hosting service reports to {@code weir.status}, and 502 naming the instance that cannot be
 * reached. Calls that run on real proxies are in system-tests' {@code
 * InstancesFollowTheAdminApiIT}.
 */
@WithKafka
class ModulesEndpointIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIGURATION =
      """
      servers:
        db1: {parameters: {address: 127.0.0.1, port: 3306}}
      monitors:
        cluster1:
          module: mariadbmon
          servers: [db1]
          parameters: {user: weir, password: monitor-secret}
      services:
        reads:
          router: readconnroute
          servers: [db1]
          parameters: {user: weir, password: service-secret}
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "modules are described with parameters and commands; a call is checked before it runs; no"
          + " live instance gives 503 and an unreachable one 502")
  void describesChecksAndRunsCommands(KafkaBroker broker, @TempDir Path directory)
      throws Exception {
    String suffix = UUID.randomUUID().toString();
    String statusTopic = "weir.status." + suffix;
    Path file = Files.writeString(directory.resolve("weir.yaml"), CONFIGURATION);
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            "--server.port=0",
            "--weir.admin.config-file=" + file,
            "--weir.admin.initial-password=modules-password",
            "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
            "--weir.config.topic=weir.config." + suffix,
            "--weir.status.topic=" + statusTopic,
            "--weir.status.interval=500ms")) {
      URI base =
          URI.create(
              "http://127.0.0.1:"
                  + admin.getEnvironment().getRequiredProperty("local.server.port"));

      JsonNode mariadbmon = JSON.readTree(send(base, "GET", "/v1/modules/mariadbmon").body());
      assertThat(mariadbmon.at("/data/attributes/module_type").asText()).isEqualTo("Monitor");
      assertThat(mariadbmon.at("/data/attributes/commands/0/id").asText()).isEqualTo("poll");
      assertThat(mariadbmon.at("/data/attributes/commands/0/arguments/0/type").asText())
          .isEqualTo("monitors");
      assertThat(mariadbmon.at("/data/attributes/parameters").toString())
          .contains("\"name\":\"auto_failover\"", "\"modifiable\"");
      assertThat(JSON.readTree(send(base, "GET", "/v1/modules").body()).at("/data").size())
          .isGreaterThan(5);
      assertThat(send(base, "GET", "/v1/modules/galeramon").statusCode()).isEqualTo(404);

      HttpResponse<String> unknown = send(base, "POST", "/v1/modules/mariadbmon/switchover?x");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("the commands are mariadbmon/poll");
      HttpResponse<String> noArgument = send(base, "POST", "/v1/modules/mariadbmon/poll");
      assertThat(noArgument.statusCode()).isEqualTo(400);
      assertThat(noArgument.body()).contains("takes 1 argument(s) (monitor), not 0");
      HttpResponse<String> wrongResource = send(base, "POST", "/v1/modules/mariadbmon/poll?reads");
      assertThat(wrongResource.statusCode()).isEqualTo(400);
      assertThat(wrongResource.body()).contains("there is no monitors/reads");
      HttpResponse<String> nobody = send(base, "POST", "/v1/modules/mariadbmon/poll?cluster1");
      assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(503);
      assertThat(nobody.body()).contains("no instance of proxy-service reports to weir.status");

      int closedPort = FreePort.next();
      try (StatusTopic gone = publisher(broker, statusTopic, "http://127.0.0.1:" + closedPort)) {
        HttpResponse<String> unreachable = awaitStatus(base, 502);
        JsonNode body = JSON.readTree(unreachable.body());
        assertThat(body.at("/meta/instances/0/instance").asText()).isEqualTo("proxy-gone");
        assertThat(body.at("/meta/instances/0/status").asInt()).isZero();
        assertThat(body.at("/meta/instances/0/errors/0/detail").asText())
            .contains("cannot be reached");
      }
    }
  }

  private HttpResponse<String> awaitStatus(URI base, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> response = send(base, "POST", "/v1/modules/mariadbmon/poll?cluster1");
    while (response.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(100);
      response = send(base, "POST", "/v1/modules/mariadbmon/poll?cluster1");
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response;
  }

  private static StatusTopic publisher(KafkaBroker broker, String topic, String managementUrl) {
    InstantSource clock = InstantSource.system();
    return new StatusTopic(
            new CompactedTopic(topic, broker.clientProperties(), Duration.ofSeconds(30)),
            new InstanceIdentity(
                "proxy-service", "proxy-gone", "9.9.9-test", managementUrl, clock.instant()),
            Duration.ofMillis(500),
            clock,
            () -> "UP",
            Map::of)
        .start((short) 1);
  }

  private HttpResponse<String> send(URI base, String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("admin:modules-password".getBytes(StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
