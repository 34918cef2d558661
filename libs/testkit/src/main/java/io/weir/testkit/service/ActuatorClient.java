package io.weir.testkit.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a running Weir service's actuator endpoints over real HTTP: the liveness and readiness
 * groups Kubernetes probes, the Prometheus scrape and the build and git info.
 *
 * <p>Tests use it against a service started in their own JVM; the quickstart launcher uses {@link
 * #awaitReady(Duration, BooleanSupplier)} to wait for the service jars it starts as processes.
 *
 * <pre>{@code
 * try (ActuatorClient actuator = ActuatorClient.at(URI.create("http://127.0.0.1:8081"))) {
 *   actuator.awaitReady(Duration.ofSeconds(60), process::isAlive);
 *   String scrape = actuator.prometheus();
 * }
 * }</pre>
 */
public final class ActuatorClient implements AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  // generous: the first Prometheus scrape of a fresh JVM on a loaded 2-core machine is slow
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final int ATTEMPTS = 3;
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final URI actuator;
  private final HttpClient http;

  private ActuatorClient(URI base) {
    this.base = base;
    String root = base.toString();
    this.actuator = URI.create(root.endsWith("/") ? root + "actuator" : root + "/actuator");
    // HTTP/1.1: the services serve plain HTTP without h2c, so an upgrade attempt only adds noise
    this.http = freshClient();
  }

  /**
   * A client for the service whose web server listens at {@code base}, for example {@code
   * http://127.0.0.1:8081}; the actuator is expected under {@code /actuator}.
   */
  public static ActuatorClient at(URI base) {
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new IllegalArgumentException("not an http(s) address: " + base);
    }
    return new ActuatorClient(base);
  }

  /** A client for a service listening on {@code port} of 127.0.0.1. */
  public static ActuatorClient atLocalPort(int port) {
    return at(URI.create("http://127.0.0.1:" + port));
  }

  /** The address this client was made for. */
  public URI base() {
    return base;
  }

  /** {@code /actuator/health}: every health contributor aggregated. */
  public HealthStatus health() {
    return healthAt("health");
  }

  /** {@code /actuator/health/liveness}: whether Kubernetes should leave the process running. */
  public HealthStatus liveness() {
    return healthAt("health/liveness");
  }

  /** {@code /actuator/health/readiness}: whether Kubernetes should send the service traffic. */
  public HealthStatus readiness() {
    return healthAt("health/readiness");
  }

  /** {@code /actuator/prometheus}: the scrape in Prometheus' text exposition format. */
  public String prometheus() {
    HttpResponse<String> response = get("prometheus", "text/plain");
    requireOk(response);
    return response.body();
  }

  /** {@code /actuator/info}: build, git and runtime information. */
  public ServiceInfo info() {
    HttpResponse<String> response = get("info", "application/json");
    requireOk(response);
    return new ServiceInfo(parse(response));
  }

  /**
   * The ids of the endpoints exposed over HTTP, read from the links at {@code /actuator} (without
   * {@code self} and the templated links such as {@code health-path}).
   */
  public Set<String> exposedEndpoints() {
    HttpResponse<String> response = get("", "application/json");
    requireOk(response);
    Set<String> ids = new TreeSet<>();
    for (Map.Entry<String, JsonNode> link : parse(response).path("_links").properties()) {
      if (!link.getKey().equals("self") && !link.getValue().path("templated").asBoolean()) {
        ids.add(link.getKey());
      }
    }
    return ids;
  }

  /**
   * Polls the readiness group until it is up.
   *
   * @throws IllegalStateException if it is not up within {@code timeout}, naming the last answer
   */
  public ActuatorClient awaitReady(Duration timeout) {
    return awaitReady(timeout, () -> true);
  }

  /**
   * Polls the readiness group until it is up, giving up early once {@code stillRunning} turns
   * false, so that a service process that died at start fails the wait at once instead of after
   * {@code timeout}. Refused connections count as not ready yet: the server may not listen yet.
   *
   * @throws IllegalStateException if it is not up within {@code timeout} or the service stopped
   */
  public ActuatorClient awaitReady(Duration timeout, BooleanSupplier stillRunning) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      if (!stillRunning.getAsBoolean()) {
        throw new IllegalStateException(
            "service at " + base + " stopped before it was ready; last readiness: " + last);
      }
      try {
        HealthStatus readiness = readiness();
        if (readiness.isUp()) {
          return this;
        }
        last = readiness.toString();
      } catch (UncheckedIOException e) {
        last = e.getCause().toString();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            "service at " + base + " not ready within " + timeout + "; last readiness: " + last);
      }
      sleep(POLL_INTERVAL);
    }
  }

  /** Stops the HTTP client's threads; the service is not affected. */
  @Override
  public void close() {
    http.close();
  }

  private HealthStatus healthAt(String path) {
    HttpResponse<String> response = get(path, "application/json");
    // Boot maps DOWN and OUT_OF_SERVICE to 503; anything else means there is no such endpoint
    if (response.statusCode() != 200 && response.statusCode() != 503) {
      requireOk(response);
    }
    JsonNode status = parse(response).path("status");
    if (!status.isTextual()) {
      throw new IllegalStateException(
          "GET " + response.uri() + " answered without a status: " + head(response.body()));
    }
    return new HealthStatus(response.statusCode(), status.asText());
  }

  private HttpResponse<String> get(String path, String accept) {
    HttpRequest request =
        HttpRequest.newBuilder(path.isEmpty() ? actuator : URI.create(actuator + "/" + path))
            .header("Accept", accept)
            .timeout(REQUEST_TIMEOUT)
            .GET()
            .build();
    HttpClient client = http;
    for (int attempt = 1; ; attempt++) {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (HttpTimeoutException e) {
        if (attempt == ATTEMPTS) {
          throw new UncheckedIOException(
              "GET " + request.uri() + " failed " + ATTEMPTS + " times: " + e, e);
        }
        // seen rarely in CI: one request on a reused connection never answered while the service
        // answered the same request on a new one; a service that hangs fails every attempt
        client = freshClient();
      } catch (IOException e) {
        throw new UncheckedIOException("GET " + request.uri() + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during GET " + request.uri(), e);
      }
    }
  }

  private static HttpClient freshClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  private static void requireOk(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET "
              + response.uri()
              + " answered HTTP "
              + response.statusCode()
              + hint(response)
              + ": "
              + head(response.body()));
    }
  }

  private static String hint(HttpResponse<String> response) {
    if (response.statusCode() != 404) {
      return "";
    }
    // the usual causes, so a failing test says where to look
    return " (is the endpoint in management.endpoints.web.exposure.include, and for"
        + " health/liveness and health/readiness is management.endpoint.health.probes.enabled"
        + " true?)";
  }

  private static JsonNode parse(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "GET " + response.uri() + " answered with no JSON: " + head(response.body()), e);
    }
  }

  private static String head(@Nullable String body) {
    if (body == null || body.isEmpty()) {
      return "(empty body)";
    }
    return body.length() <= 500 ? body : body.substring(0, 500) + "...";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for readiness", e);
    }
  }
}
