package io.weir.admin.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin API's start-up settings ({@code weir.admin.*}); where the resources live is {@code
 * weir.config.*}, the same for every service.
 *
 * @param configFile a static configuration file: it seeds an empty {@code weir.config} topic, and
 *     without Kafka it is what the API serves, read-only ({@code config-file})
 * @param accounts the API's accounts ({@code accounts[n].name}, {@code .password-hash}, {@code
 *     .role}); empty, there is one account {@code admin} with {@code initial-password}
 * @param initialPassword the password of the account {@code admin} when no account is configured
 *     ({@code initial-password}, or {@code WEIR_ADMIN_INITIAL_PASSWORD}); hashed in memory at
 *     start, never stored; unset, a random one is generated and logged once
 * @param auditFile a file every accepted change is appended to as a JSON line ({@code audit-file});
 *     the logger {@code weir.audit} gets the same lines either way
 * @param tokenSecret the key that signs the tokens of {@code POST /v1/auth} ({@code token-secret},
 *     at least 32 bytes), the same on every instance; unset, each instance draws its own at start
 *     and takes only its own tokens until it restarts
 * @param lease the admin Lease ({@code lease.*}): with several instances, only its holder writes
 */
@ConfigurationProperties("weir.admin")
public record AdminProperties(
    @Nullable Path configFile,
    List<Account> accounts,
    @Nullable String initialPassword,
    @Nullable Path auditFile,
    @Nullable String tokenSecret,
    @DefaultValue Lease lease) {

  public AdminProperties {
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
  }

  /**
   * One account of the API.
   *
   * @param name the user name
   * @param passwordHash the password's hash with its scheme, as Spring Security writes it, e.g.
   *     {@code {bcrypt}$2a$10$...}; a clear-text password is refused at start
   * @param role {@code admin} (read and write) or {@code basic} (read only), as in MaxScale
   */
  public record Account(String name, String passwordHash, String role) {}

  /**
   * The admin Lease, which makes one instance of several the writer.
   *
   * @param enabled whether instances elect a writer through a Kubernetes Lease ({@code enabled});
   *     off, this instance writes
   * @param name the Lease's name ({@code name}, default {@code weir-admin})
   * @param namespace its namespace; unset, the client's (the pod's) namespace
   * @param identity this instance's URL as other instances reach it, e.g. {@code
   *     http://10.0.0.5:8080}; written into the Lease as its holder, and where the others forward
   *     writes ({@code identity}, required when enabled)
   * @param duration how long a Lease not renewed keeps the others out ({@code duration}, 15s)
   * @param kubernetesUrl the API server's URL; unset, the client's own discovery (in-cluster
   *     account, {@code KUBECONFIG})
   * @param sslBundle the Spring SSL bundle ({@code spring.ssl.bundle.*}) whose trust material
   *     reaches a holder whose {@code identity} is an {@code https} URL ({@code ssl-bundle});
   *     unset, the JVM's default trust store
   */
  public record Lease(
      boolean enabled,
      @DefaultValue("weir-admin") String name,
      @Nullable String namespace,
      @Nullable String identity,
      @DefaultValue("15s") Duration duration,
      @Nullable String kubernetesUrl,
      @Nullable String sslBundle) {}
}
