package io.weir.admin.api;

import io.weir.admin.security.TokenService;
import io.weir.control.api.ApiError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/auth}, as in MaxScale's REST API: an account that authenticated with HTTP Basic
 * gets a token ({@code {"meta": {"token": ...}}}) to send as {@code Authorization: Bearer ...},
 * valid for {@code max-age} seconds (default 8 hours, at most a week), with the account's role.
 */
@RestController
public class AuthEndpoint {
  private static final long DEFAULT_MAX_AGE = Duration.ofHours(8).toSeconds();
  private static final long LONGEST_MAX_AGE = Duration.ofDays(7).toSeconds();

  private final TokenService tokens;

  public AuthEndpoint(TokenService tokens) {
    this.tokens = tokens;
  }

  @PostMapping("/v1/auth")
  public Mono<ResponseEntity<Object>> token(
      @RequestParam(name = "max-age", required = false) @Nullable Long maxAge,
      Mono<Authentication> authentication) {
    long seconds = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
    if (seconds < 1 || seconds > LONGEST_MAX_AGE) {
      return Mono.just(
          ResponseEntity.badRequest()
              .body(
                  Map.of(
                      "errors",
                      List.of(
                          new ApiError(
                                  400,
                                  null,
                                  null,
                                  "parameter 'max-age': "
                                      + seconds
                                      + " is not between 1 and "
                                      + LONGEST_MAX_AGE
                                      + " seconds")
                              .toMap()))));
    }
    return authentication.map(
        who ->
            ResponseEntity.ok(
                Map.of(
                    "meta",
                    Map.of(
                        "token",
                        tokens.issue(who.getName(), role(who), Duration.ofSeconds(seconds))))));
  }

  private static String role(Authentication who) {
    for (GrantedAuthority authority : who.getAuthorities()) {
      if ("ROLE_admin".equals(authority.getAuthority())) {
        return "admin";
      }
    }
    return "basic";
  }
}
