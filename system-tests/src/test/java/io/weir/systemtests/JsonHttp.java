package io.weir.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** JSON requests to one Weir service's HTTP port, as one account (or none). */
final class JsonHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private final @Nullable String authorization;

  private JsonHttp(URI base, @Nullable String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** Requests without credentials: a proxy's management port. */
  static JsonHttp at(URI base) {
    return new JsonHttp(base, null);
  }

  /** Requests with HTTP Basic credentials: the admin API. */
  static JsonHttp at(URI base, String user, String password) {
    String credentials = user + ":" + password;
    return new JsonHttp(
        base,
        "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  URI base() {
    return base;
  }

  HttpResponse<String> send(String method, String path, @Nullable String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET path}, parsed; fails unless it answers 200. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + base.resolve(path) + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }
}
