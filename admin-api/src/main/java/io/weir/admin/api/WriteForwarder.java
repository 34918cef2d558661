package io.weir.admin.api;

import io.weir.admin.resource.ResourceStore;
import io.weir.control.api.ApiError;
import io.weir.control.ownership.Ownership;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongPredicate;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Only the holder of the admin Lease writes {@code weir.config}; another instance forwards a write
 * to it (the Lease's holder identity is its URL) and answers with the holder's response, once it
 * has itself read the change from the topic. A forwarded request is never forwarded again.
 */
public final class WriteForwarder {
  /** Marks a request one instance forwarded to another. */
  static final String FORWARDED = "X-Weir-Forwarded";

  /** The topic offset of a stored change, so a forwarding instance can wait until it read it. */
  public static final String OFFSET = "X-Weir-Config-Offset";

  private static final List<String> PASSED_ON =
      List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.IF_MATCH, HttpHeaders.CONTENT_TYPE);
  private static final List<String> RETURNED =
      List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, OFFSET);

  private final Ownership ownership;
  private final ResourceStore store;
  private final Duration timeout;
  private final HttpClient http;

  public WriteForwarder(Ownership ownership, ResourceStore store, Duration timeout) {
    this(ownership, store, timeout, null);
  }

  /**
   * @param tls what reaches a holder whose URL is {@code https}: the CA it trusts ({@code
   *     weir.admin.lease.ssl-bundle}); null for the JVM's default trust store
   */
  public WriteForwarder(
      Ownership ownership, ResourceStore store, Duration timeout, @Nullable SSLContext tls) {
    this.ownership = ownership;
    this.store = store;
    this.timeout = timeout;
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      client.sslContext(tls);
    }
    this.http = client.build();
  }

  /**
   * Runs a write as the requesting account ({@link ApiResponses#asActor}, off the event loop): the
   * Lease's holder answers it if that is another instance, else {@code change} runs here.
   */
  public Mono<ResponseEntity<Object>> write(
      Mono<Principal> principal,
      ServerHttpRequest request,
      @Nullable String body,
      Function<String, ResponseEntity<Object>> change) {
    return write(principal, request, body, store::awaitRead, change);
  }

  /**
   * As {@link #write(Mono, ServerHttpRequest, String, Function)}, for a write that is not stored in
   * {@code weir.config}: {@code readBack} as {@link #forwardUnlessOwner(ServerHttpRequest, String,
   * LongPredicate)} takes it.
   */
  public Mono<ResponseEntity<Object>> write(
      Mono<Principal> principal,
      ServerHttpRequest request,
      @Nullable String body,
      LongPredicate readBack,
      Function<String, ResponseEntity<Object>> change) {
    return ApiResponses.asActor(
        principal,
        actor -> forwardUnlessOwner(request, body, readBack).orElseGet(() -> change.apply(actor)));
  }

  /**
   * The holder's response to {@code request}, or empty when this instance holds the Lease and
   * writes itself. Blocks: call it off the event loop.
   */
  public Optional<ResponseEntity<Object>> forwardUnlessOwner(
      ServerHttpRequest request, @Nullable String body) {
    return forwardUnlessOwner(request, body, store::awaitRead);
  }

  /**
   * As {@link #forwardUnlessOwner(ServerHttpRequest, String)}, for a write that is not stored in
   * {@code weir.config}: {@code readBack} waits until this instance has read the offset the holder
   * answered ({@code X-Weir-Config-Offset}, the offset in the topic the change went to).
   */
  public Optional<ResponseEntity<Object>> forwardUnlessOwner(
      ServerHttpRequest request, @Nullable String body, LongPredicate readBack) {
    if (ownership.owns()) {
      return Optional.empty();
    }
    if (request.getHeaders().containsHeader(FORWARDED)) {
      return Optional.of(
          unavailable("this instance was sent a write but no longer holds the admin Lease; retry"));
    }
    Optional<String> owner = ownership.owner();
    if (owner.isEmpty()) {
      return Optional.of(unavailable("no admin-api instance holds the admin Lease yet; retry"));
    }
    URI uri = request.getURI();
    String target =
        owner.get().replaceAll("/+$", "")
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest.Builder forwarded =
        HttpRequest.newBuilder(URI.create(target))
            .timeout(timeout.plusSeconds(10))
            .method(
                request.getMethod().name(),
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header(FORWARDED, "1");
    for (String header : PASSED_ON) {
      String value = request.getHeaders().getFirst(header);
      if (value != null) {
        forwarded.header(header, value);
      }
    }
    HttpResponse<String> response;
    try {
      response = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return Optional.of(
          unavailable(
              "the admin Lease holder " + owner.get() + " cannot be reached: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(unavailable("interrupted forwarding the write"));
    }
    response
        .headers()
        .firstValue(OFFSET)
        .ifPresent(offset -> readBack.test(Long.parseLong(offset)));
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(response.statusCode());
    for (String header : RETURNED) {
      response.headers().firstValue(header).ifPresent(value -> answer.header(header, value));
    }
    if (response.body().isEmpty()) {
      return Optional.of(answer.build());
    }
    return Optional.of(answer.contentType(MediaType.APPLICATION_JSON).body(response.body()));
  }

  private static ResponseEntity<Object> unavailable(String detail) {
    return ResponseEntity.status(503)
        .body(
            Map.of("errors", List.of(new ApiError(503, "NOT_LEASE_HOLDER", null, detail).toMap())));
  }
}
