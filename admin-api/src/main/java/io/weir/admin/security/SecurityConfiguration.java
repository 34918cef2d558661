package io.weir.admin.security;

import io.weir.admin.config.AdminProperties;
import io.weir.control.api.ApiError;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may use the API, as in MaxScale: HTTP Basic with the API's own accounts, or a token from
 * {@code POST /v1/auth} as a Bearer token; role {@code admin} reads and writes, role {@code basic}
 * only reads. Health, info and metrics stay open for probes and Prometheus. Refusals are JSON:API
 * error documents (401 without or with wrong credentials, 403 for a write by a {@code basic}
 * account).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  /** The roles, as in MaxScale: {@code admin} reads and writes, {@code basic} only reads. */
  static final Set<String> ROLES = Set.of("admin", "basic");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  /**
   * Every account: the configured ones and those made through {@code /v1/users}, kept in {@code
   * accountTopic}.
   *
   * @throws IllegalStateException naming a configured account whose password is not a hash or whose
   *     role is neither admin nor basic
   */
  @Bean
  Accounts accounts(
      AdminProperties properties, PasswordEncoder encoder, AccountTopic accountTopic) {
    return new Accounts(configuredAccounts(properties, encoder), accountTopic);
  }

  /** The configured accounts, or {@code admin} with the initial password. */
  private static List<UserDetails> configuredAccounts(
      AdminProperties properties, PasswordEncoder encoder) {
    List<UserDetails> users = new ArrayList<>();
    List<AdminProperties.Account> accounts = properties.accounts();
    for (int index = 0; index < accounts.size(); index++) {
      AdminProperties.Account account = accounts.get(index);
      String where = "weir.admin.accounts[" + index + "]";
      String role = account.role() == null ? "" : account.role().toLowerCase(Locale.ROOT);
      if (!ROLES.contains(role)) {
        throw new IllegalStateException(
            where + ".role: '" + account.role() + "' is not one of admin, basic");
      }
      String hash = account.passwordHash();
      if (hash == null || !hash.startsWith("{") || hash.startsWith("{noop}")) {
        throw new IllegalStateException(
            where
                + ".password-hash: must be a hash with its scheme, such as {bcrypt}$2a$10$...;"
                + " passwords are never stored in clear");
      }
      users.add(User.withUsername(account.name()).password(hash).roles(role).build());
    }
    if (users.isEmpty()) {
      String password = properties.initialPassword();
      if (password == null || password.isBlank()) {
        // Spring's relaxed binding would want WEIR_ADMIN_INITIALPASSWORD; take the spelling
        // people write as well
        password = System.getenv("WEIR_ADMIN_INITIAL_PASSWORD");
      }
      if (password == null || password.isBlank()) {
        password = randomPassword();
        log.warn(
            "no account is configured: the account 'admin' has the generated password {}; set"
                + " weir.admin.accounts or weir.admin.initial-password",
            password);
      }
      users.add(
          User.withUsername("admin").password(encoder.encode(password)).roles("admin").build());
    }
    return users;
  }

  /**
   * Signs and checks the tokens of {@code POST /v1/auth}: with {@code weir.admin.token-secret}
   * (shared by every instance), else with a key drawn at start, whose tokens only this instance
   * takes and only until it restarts.
   */
  @Bean
  TokenService tokens(AdminProperties properties, Accounts accounts) {
    String secret = properties.tokenSecret();
    byte[] key;
    if (secret == null || secret.isBlank()) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    } else {
      key = secret.getBytes(StandardCharsets.UTF_8);
    }
    return new TokenService(key, InstantSource.system(), accounts::credentialStamp);
  }

  @Bean
  SecurityWebFilterChain security(ServerHttpSecurity http, TokenService tokens, Accounts accounts) {
    ServerAuthenticationEntryPoint unauthorized =
        (exchange, denied) ->
            refuse(
                exchange,
                HttpStatus.UNAUTHORIZED,
                "missing, wrong or expired credentials; use HTTP Basic with an account of the"
                    + " admin API, or a token from POST /v1/auth as a Bearer token");
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(bearerManager(tokens, accounts));
    bearer.setServerAuthenticationConverter(SecurityConfiguration::bearerToken);
    bearer.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(unauthorized));
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
        .exceptionHandling(
            handling ->
                handling
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(
                        (exchange, denied) ->
                            refuse(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "this account may only read: changes need the role admin")))
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers("/actuator/**", "/v1/openapi.yaml")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/v1/**")
                    .hasAnyRole("admin", "basic")
                    .pathMatchers(HttpMethod.POST, "/v1/auth")
                    .hasAnyRole("admin", "basic")
                    .pathMatchers("/v1/**")
                    .hasRole("admin")
                    .anyExchange()
                    .denyAll())
        .build();
  }

  /** A {@code Bearer} credential, not yet checked; no header or another scheme is none. */
  private static Mono<Authentication> bearerToken(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Mono.empty();
    }
    return Mono.just(new BearerTokenCredentials(header.substring(7).strip()));
  }

  /**
   * Takes a token that is valid and whose account still exists, with the role the account has now
   * (a demoted admin's token only reads); a token of an account made through the API must carry its
   * current credential stamp, so a password change or a delete refuses older tokens.
   */
  private static ReactiveAuthenticationManager bearerManager(
      TokenService tokens, Accounts accounts) {
    return authentication ->
        Mono.fromCallable(
            () ->
                tokens
                    .verify((String) authentication.getCredentials())
                    .flatMap(
                        holder ->
                            accounts
                                .find(holder.account())
                                .filter(
                                    account ->
                                        accounts
                                            .credentialStamp(holder.account())
                                            .map(stamp -> stamp.equals(holder.credential()))
                                            .orElse(true)))
                    .<Authentication>map(
                        account ->
                            UsernamePasswordAuthenticationToken.authenticated(
                                account.getUsername(), null, account.getAuthorities()))
                    .orElseThrow(() -> new BadCredentialsException("invalid or expired token")));
  }

  private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String detail) {
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.getHeaders().set("WWW-Authenticate", "Basic realm=\"weir\"");
    }
    byte[] body =
        JSON.writeValueAsString(
                Map.of("errors", List.of(new ApiError(status.value(), null, null, detail).toMap())))
            .getBytes(StandardCharsets.UTF_8);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }

  private static String randomPassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
