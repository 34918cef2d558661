package io.weir.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import io.weir.admin.config.AdminLease;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.kubernetes.KubernetesApi;
import io.weir.testkit.kubernetes.WithKubernetesApi;
import io.weir.testkit.process.FreePort;
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
 * Two admin-api instances on one Lease (fabric8's mock Kubernetes API) and one Kafka broker: a
 * write sent to the instance without the Lease is forwarded to its holder and visible on both, and
 * when the holder goes the other takes the Lease and writes itself.
 */
@WithKafka
@WithKubernetesApi
class AdminLeaseIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("admin:lease-password".getBytes(StandardCharsets.UTF_8));

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "a write to the instance without the Lease is forwarded to the holder; when the holder gives"
          + " the Lease up, the other instance takes it and writes, and the former holder forwards")
  void onlyTheLeaseHolderWrites(
      KafkaBroker broker, KubernetesApi kubernetes, @TempDir Path directory) throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            "servers:\n  db1: {parameters: {address: 127.0.0.1, port: 3306}}\n");
    String topic = "weir.config." + UUID.randomUUID();
    String lease = "weir-admin-" + UUID.randomUUID();
    String a = "http://127.0.0.1:" + FreePort.next();
    String b = "http://127.0.0.1:" + FreePort.next();
    ConfigurableApplicationContext first = start(a, file, broker, kubernetes, topic, lease);
    try (ConfigurableApplicationContext second = start(b, file, broker, kubernetes, topic, lease)) {
      String holder = kubernetes.awaitLeaseHolder(lease, null);
      String other = holder.equals(a) ? b : a;

      HttpResponse<String> forwarded = patch(other, 2);
      assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(204);
      assertThat(weight(other)).as("read back where it was sent").isEqualTo(2);
      assertThat(weight(holder)).isEqualTo(2);

      // the holder gives the Lease up, as it does when it shuts down (two applications in one
      // JVM share Reactor Netty's event loops, so closing one context would stop both servers)
      ConfigurableApplicationContext holding = holder.equals(a) ? first : second;
      holding.getBean(AdminLease.class).ownership().close();
      assertThat(kubernetes.awaitLeaseHolder(lease, holder))
          .as("the other instance takes the Lease")
          .isEqualTo(other);
      HttpResponse<String> direct = patch(other, 3);
      assertThat(direct.statusCode()).as(direct.body()).isEqualTo(204);
      assertThat(weight(other)).isEqualTo(3);
      HttpResponse<String> toTheFormerHolder = patch(holder, 4);
      assertThat(toTheFormerHolder.statusCode())
          .as("the former holder forwards now: " + toTheFormerHolder.body())
          .isEqualTo(204);
      assertThat(weight(holder)).isEqualTo(4);
      assertThat(weight(other)).isEqualTo(4);
    } finally {
      first.close();
    }
  }

  private static ConfigurableApplicationContext start(
      String url,
      Path file,
      KafkaBroker broker,
      KubernetesApi kubernetes,
      String topic,
      String lease) {
    return SpringApplication.run(
        AdminApiApplication.class,
        "--server.port=" + URI.create(url).getPort(),
        "--weir.admin.config-file=" + file,
        "--weir.admin.initial-password=lease-password",
        "--weir.config.bootstrap-servers=" + broker.bootstrapServers(),
        "--weir.config.topic=" + topic,
        "--weir.admin.lease.enabled=true",
        "--weir.admin.lease.name=" + lease,
        "--weir.admin.lease.namespace=" + KubernetesApi.NAMESPACE,
        "--weir.admin.lease.identity=" + url,
        "--weir.admin.lease.duration=3s",
        "--weir.admin.lease.kubernetes-url=" + kubernetes.url());
  }

  private HttpResponse<String> patch(String base, int weight) throws Exception {
    HttpResponse<String> response = send(base, weight);
    // the instance may not have seen the new holder yet: it answers 503 and a retry goes through
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      response = send(base, weight);
    }
    return response;
  }

  private HttpResponse<String> send(String base, int weight) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/servers/db1"))
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.ofString(
                    "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": " + weight + "}}}}"))
            .header("Content-Type", "application/json")
            .header("Authorization", AUTHORIZATION)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int weight(String base) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/servers/db1"))
                .header("Authorization", AUTHORIZATION)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).at("/data/attributes/parameters/weight").asInt();
  }
}
