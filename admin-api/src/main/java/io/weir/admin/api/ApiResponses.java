package io.weir.admin.api;

import io.weir.control.api.ApiError;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the admin API's endpoints share: JSON:API error documents, and running a change as its
 * actor.
 */
public final class ApiResponses {

  private ApiResponses() {}

  /** A document with {@code errors}, with the first one's status (they share it). */
  public static ResponseEntity<Object> errors(List<ApiError> errors) {
    return ResponseEntity.status(errors.getFirst().status())
        .body(Map.of("errors", errors.stream().map(ApiError::toMap).toList()));
  }

  /** A document with one error, with its status. */
  public static ResponseEntity<Object> error(ApiError error) {
    return errors(List.of(error));
  }

  /** A change made as an account, which may fail with any exception (a 500, as any handler's). */
  @FunctionalInterface
  public interface Change {
    ResponseEntity<Object> apply(String actor) throws Exception;
  }

  /**
   * Runs {@code change} as the requesting account (its name, for the audit log; {@code anonymous}
   * without one), off the event loop: changes wait for Kafka, hash passwords or call instances.
   */
  public static Mono<ResponseEntity<Object>> asActor(Mono<Principal> principal, Change change) {
    return principal
        .map(Principal::getName)
        .defaultIfEmpty("anonymous")
        .flatMap(
            actor ->
                Mono.fromCallable(() -> change.apply(actor))
                    .subscribeOn(Schedulers.boundedElastic()));
  }
}
