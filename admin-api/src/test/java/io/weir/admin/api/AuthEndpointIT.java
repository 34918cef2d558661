package io.weir.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.admin.AdminApiApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * {@code POST /v1/auth} tokens as Bearer credentials: they carry the account's role, and a
 * tampered, expired or missing one is refused. Without Kafka, so an authorised write gets 503.
 */
class AuthEndpointIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PasswordEncoder HASHES =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private static final String WRITE =
      "{\"data\": {\"attributes\": {\"parameters\": {\"weight\": 2}}}}";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "a token from POST /v1/auth works as a Bearer credential with its account's role; tampered,"
          + " expired and missing ones get 401")
  void tokensCarryTheAccountsRole(@TempDir Path directory) throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            "servers:\n  db1: {parameters: {address: 127.0.0.1, port: 3306}}\n");
    try (ConfigurableApplicationContext admin =
        SpringApplication.run(
            AdminApiApplication.class,
            "--server.port=0",
            "--weir.admin.config-file=" + file,
            "--weir.admin.token-secret=" + "s".repeat(32),
            "--weir.admin.accounts[0].name=operator",
            "--weir.admin.accounts[0].password-hash=" + HASHES.encode("operator-password"),
            "--weir.admin.accounts[0].role=admin",
            "--weir.admin.accounts[1].name=reader",
            "--weir.admin.accounts[1].password-hash=" + HASHES.encode("reader-password"),
            "--weir.admin.accounts[1].role=basic")) {
      URI base =
          URI.create(
              "http://127.0.0.1:"
                  + admin.getEnvironment().getRequiredProperty("local.server.port"));

      assertThat(send(base, "POST", "/v1/auth", null, null).statusCode()).isEqualTo(401);
      HttpResponse<String> openApi = send(base, "GET", "/v1/openapi.yaml", null, null);
      assertThat(openApi.statusCode()).as("the OpenAPI document needs no account").isEqualTo(200);
      assertThat(openApi.body()).startsWith("openapi: 3.1.0");
      String readerToken = token(base, basic("reader", "reader-password"), "");
      String operatorToken = token(base, basic("operator", "operator-password"), "?max-age=600");

      assertThat(send(base, "GET", "/v1/servers/db1", "Bearer " + readerToken, null).statusCode())
          .isEqualTo(200);
      assertThat(
              send(base, "PATCH", "/v1/servers/db1", "Bearer " + readerToken, WRITE).statusCode())
          .as("a basic account's token only reads")
          .isEqualTo(403);
      assertThat(
              send(base, "PATCH", "/v1/servers/db1", "Bearer " + operatorToken, WRITE).statusCode())
          .as("an admin's token writes (and, without Kafka, meets the read-only store)")
          .isEqualTo(503);

      String tampered =
          readerToken.substring(0, readerToken.length() - 2)
              + (readerToken.endsWith("AA") ? "BB" : "AA");
      HttpResponse<String> refused =
          send(base, "GET", "/v1/servers/db1", "Bearer " + tampered, null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("POST /v1/auth");

      String shortLived = token(base, basic("reader", "reader-password"), "?max-age=1");
      Thread.sleep(2100);
      assertThat(send(base, "GET", "/v1/servers/db1", "Bearer " + shortLived, null).statusCode())
          .as("an expired token")
          .isEqualTo(401);

      HttpResponse<String> tooLong =
          send(base, "POST", "/v1/auth?max-age=0", basic("reader", "reader-password"), null);
      assertThat(tooLong.statusCode()).isEqualTo(400);
      assertThat(tooLong.body()).contains("max-age");
    }
  }

  private String token(URI base, String authorization, String query) throws Exception {
    HttpResponse<String> response = send(base, "POST", "/v1/auth" + query, authorization, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).at("/meta/token").asText();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(
      URI base, String method, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
