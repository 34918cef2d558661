package io.weir.proxy.runtime;

import io.weir.control.config.Configuration;
import io.weir.control.parameter.ConfigurationError;
import io.weir.control.parameter.ConfigurationErrorCode;
import io.weir.control.parameter.ModuleSchemas;
import io.weir.control.parameter.ParameterValidator;
import io.weir.control.parameter.ValidatedParameters;
import io.weir.control.resource.ParameterValues;
import io.weir.control.resource.ResourceType;
import io.weir.control.resource.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servers' parameters the proxy's routers read while they route, changeable at runtime: {@code
 * weight} and {@code rank}. A change reaches the next routing decision of every service that uses
 * the server. A new configuration ({@link #replace}) may also change where a server is and how it
 * is reached (address, port, TLS), which the proxy applies by rebuilding what connects to it; a
 * local PATCH ({@link #alter}) may not. Other server parameters take effect only at start here; a
 * change to one is refused or reported, never accepted and ignored.
 */
public final class ServerParameters {

  private static final Set<String> APPLIED_AT_RUNTIME = Set.of("weight", "rank");

  /**
   * What a new configuration may change on a running server: the proxy rebuilds the server's
   * backend target, the monitors watching it and the routers using it when these change.
   */
  private static final Set<String> APPLIED_FROM_CONFIGURATION =
      Set.of(
          "weight",
          "rank",
          "address",
          "port",
          "ssl",
          "ssl_cert",
          "ssl_key",
          "ssl_ca",
          "ssl_version");

  private final Map<String, ParameterValues> values = new ConcurrentHashMap<>();

  /** The servers of {@code configuration} with their validated parameters. */
  public static ServerParameters of(Configuration configuration) {
    ServerParameters parameters = new ServerParameters();
    for (Server server : configuration.servers().values()) {
      parameters.values.put(server.id(), server.parameters());
    }
    return parameters;
  }

  /** The parameters of server {@code id} now, or empty when there is no such server. */
  public Optional<ParameterValues> values(String id) {
    return Optional.ofNullable(values.get(id));
  }

  /** A server's {@code weight}; 1 for a server not configured. */
  public long weight(String id) {
    ParameterValues server = values.get(id);
    Object weight = server == null ? null : server.find("weight").orElse(null);
    return weight instanceof Long value ? value : 1L;
  }

  /** A server's rank: 0 for {@code primary}, 1 for {@code secondary}. */
  public int rank(String id) {
    ParameterValues server = values.get(id);
    Object rank = server == null ? null : server.find("rank").orElse(null);
    return "secondary".equals(rank) ? 1 : 0;
  }

  /** Takes in a server added to the configuration. */
  public void add(String id, ParameterValues parameters) {
    values.put(id, parameters);
  }

  /** Forgets a server removed from the configuration. */
  public void remove(String id) {
    values.remove(id);
  }

  /**
   * Takes server {@code id}'s whole, already validated parameters as a new configuration has them
   * (a {@code weir.config} record): {@code weight}, {@code rank}, the address, port and TLS apply
   * (the caller rebuilds what connects to the server), every other changed parameter keeps its
   * current value and is reported.
   *
   * @return the parameters not applied, each with the reason
   */
  public synchronized List<ConfigurationError> replace(String id, ParameterValues target) {
    ParameterValues current = values.get(id);
    if (current == null) {
      return List.of(
          new ConfigurationError(
              ConfigurationErrorCode.NOT_MODIFIABLE_AT_RUNTIME,
              ResourceType.SERVERS,
              id,
              new ConfigurationError.Field.Whole(),
              "no such server on this proxy; a server added to the configuration is added, not"
                  + " replaced"));
    }
    Map<String, Object> next = new LinkedHashMap<>(current.values());
    List<ConfigurationError> kept = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(current.values().keySet());
    names.addAll(target.values().keySet());
    for (String name : names) {
      Object wanted = target.values().get(name);
      if (Objects.equals(current.values().get(name), wanted)) {
        continue;
      }
      if (APPLIED_FROM_CONFIGURATION.contains(name)) {
        if (wanted == null) {
          next.remove(name);
        } else {
          next.put(name, wanted);
        }
      } else {
        kept.add(
            ConfigurationError.ofParameter(
                ConfigurationErrorCode.NOT_MODIFIABLE_AT_RUNTIME,
                ResourceType.SERVERS,
                id,
                name,
                "changed in the configuration, but proxy-service applies only weight, rank,"
                    + " address, port and TLS to a running server; the rest waits for a"
                    + " restart"));
      }
    }
    values.put(id, new ParameterValues(next));
    return kept;
  }

  /**
   * Applies {@code changes} (parameter name to raw value, null to unset) to server {@code id}.
   *
   * @return every problem found; when there is any, nothing changed
   * @throws IllegalArgumentException when there is no such server
   */
  public synchronized List<ConfigurationError> alter(String id, Map<String, ?> changes) {
    ParameterValues current = values.get(id);
    if (current == null) {
      throw new IllegalArgumentException("no server named '" + id + "'");
    }
    ValidatedParameters patched =
        ParameterValidator.patch(
            ResourceType.SERVERS, id, List.of(ModuleSchemas.SERVER), current, changes);
    List<ConfigurationError> errors = new ArrayList<>(patched.errors());
    for (String name : changes.keySet()) {
      boolean known = ModuleSchemas.SERVER.find(name).isPresent();
      if (known && !APPLIED_AT_RUNTIME.contains(name)) {
        errors.add(
            ConfigurationError.ofParameter(
                ConfigurationErrorCode.NOT_MODIFIABLE_AT_RUNTIME,
                ResourceType.SERVERS,
                id,
                name,
                "proxy-service applies only weight and rank to a running server; change this"
                    + " one in the configuration and restart"));
      }
    }
    if (errors.isEmpty()) {
      values.put(id, patched.values());
    }
    return errors;
  }
}
