package io.weir.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
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
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The admin API while its Kafka broker is down: writes fail with 503 and a message that says so,
 * reads keep working from what the API last read, and writes work again once the broker is back.
 * The broker is stopped for real; the extension restarts it for the next class if need be.
 */
@WithKafka
class KafkaOutageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("admin:outage-password".getBytes(StandardCharsets.UTF_8));
  private static final String CHANGE =
      "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": %d}}}}";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "with Kafka stopped a PATCH gets 503 naming Kafka and reads keep working; after a restart"
          + " writes succeed again")
  void writesFailClearlyWhileKafkaIsDown(KafkaBroker broker, @TempDir Path directory)
      throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            "servers:\n  db1: {parameters: {address: 127.0.0.1, port: 3306}}\n");
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            "--server.port=0",
            "--weir.admin.config-file=" + file,
            "--weir.admin.initial-password=outage-password",
            "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
            "--weir.config.topic=weir.config." + UUID.randomUUID(),
            "--weir.config.timeout=5s")) {
      URI base =
          URI.create(
              "http://127.0.0.1:"
                  + admin.getEnvironment().getRequiredProperty("local.server.port"));
      assertThat(patch(base, 2).statusCode()).isEqualTo(204);

      broker.stop();
      try {
        long started = System.nanoTime();
        HttpResponse<String> refused = patch(base, 3);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(JSON.readTree(refused.body()).at("/errors/0/detail").asText()).contains("Kafka");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("the write gives up after weir.config.timeout, not later")
            .isLessThan(Duration.ofSeconds(30));

        HttpResponse<String> read = get(base, "/v1/servers/db1");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).at("/data/attributes/parameters/weight").asInt())
            .as("the last acknowledged value")
            .isEqualTo(2);
      } finally {
        broker.restart();
      }

      HttpResponse<String> again = awaitAccepted(base, 4);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(204);
      assertThat(
              JSON.readTree(get(base, "/v1/servers/db1").body())
                  .at("/data/attributes/parameters/weight")
                  .asInt())
          .isEqualTo(4);
    }
  }

  /** The first write after the broker's return may still meet a stale connection: retry a bit. */
  private HttpResponse<String> awaitAccepted(URI base, int weight) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> response = patch(base, weight);
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      response = patch(base, weight);
    }
    return response;
  }

  private HttpResponse<String> patch(URI base, int weight) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/v1/servers/db1"))
            .method("PATCH", HttpRequest.BodyPublishers.ofString(CHANGE.formatted(weight)))
            .header("Content-Type", "application/json")
            .header("Authorization", AUTHORIZATION)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).header("Authorization", AUTHORIZATION).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
