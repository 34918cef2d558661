package io.weir.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * proxy-service started in the test's JVM from a configuration file, with its REST port on a free
 * port, and the HTTP calls the REST tests make against it.
 */
public final class RunningProxyService implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConfigurableApplicationContext context;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningProxyService(ConfigurableApplicationContext context) {
    this.context = context;
    this.base =
        URI.create(
            "http://127.0.0.1:"
                + context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  /** Starts the service on {@code configFile}. */
  public static RunningProxyService start(Path configFile) {
    return start("--weir.proxy.config-file=" + configFile);
  }

  /** Starts the service with these command-line arguments, e.g. {@code --weir.config.topic=x}. */
  public static RunningProxyService start(String... arguments) {
    String[] all = new String[arguments.length + 1];
    all[0] = "--server.port=0";
    System.arraycopy(arguments, 0, all, 1, arguments.length);
    return new RunningProxyService(SpringApplication.run(ProxyServiceApplication.class, all));
  }

  /** {@code GET path}. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** {@code GET path}, which must answer 200, as JSON. */
  public JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** {@code PUT path} without a body. */
  public HttpResponse<String> put(String path) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /** {@code POST path} without a body. */
  public HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** {@code PATCH path} with a JSON body. */
  public HttpResponse<String> patch(String path, String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json"));
  }

  /** Parses a response body. */
  public static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    context.close();
  }
}
