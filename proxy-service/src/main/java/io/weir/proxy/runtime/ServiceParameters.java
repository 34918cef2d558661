package io.weir.proxy.runtime;

import io.weir.control.parameter.ConfigurationError;
import io.weir.control.parameter.ConfigurationErrorCode;
import io.weir.control.parameter.ModuleSchema;
import io.weir.control.parameter.ParameterValidator;
import io.weir.control.parameter.ValidatedParameters;
import io.weir.control.resource.ParameterValues;
import io.weir.control.resource.ResourceType;
import io.weir.proxy.router.Router;
import io.weir.proxy.router.UnsupportedParameterException;
import io.weir.proxy.session.ServiceSessionSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A running service's parameters, changeable while it serves: a change is validated against the
 * service's schemas, then reaches its router and the settings new client sessions read. Sessions
 * already open keep what they started with. A change is applied whole or not at all.
 */
public final class ServiceParameters {

  /**
   * Parameters the schema lets change at runtime that this proxy reads only when a service starts
   * (the user loader's account) or does not use yet; a change to one is refused rather than
   * accepted and ignored.
   */
  private static final Set<String> APPLIED_ONLY_AT_START =
      Set.of(
          "user",
          "password",
          "connection_timeout",
          "auth_all_servers",
          "log_auth_warnings",
          "strip_db_esc");

  private final String service;
  private final List<ModuleSchema> schemas;
  private final Router router;
  private volatile ParameterValues values;
  private volatile ServiceSessionSettings sessionSettings;

  /**
   * @param schemas the service's schemas: the common one and its router's
   * @param values its validated parameters at start
   */
  public ServiceParameters(
      String service, List<ModuleSchema> schemas, Router router, ParameterValues values) {
    this.service = service;
    this.schemas = List.copyOf(schemas);
    this.router = router;
    this.values = values;
    this.sessionSettings = sessionSettingsOf(values);
  }

  /** The schemas the parameters are validated against: the common one and the router's. */
  public List<ModuleSchema> schemas() {
    return schemas;
  }

  /** The parameters now, defaults included. */
  public ParameterValues values() {
    return values;
  }

  /** What a client session connecting now reads. */
  public ServiceSessionSettings sessionSettings() {
    return sessionSettings;
  }

  /**
   * Applies {@code changes} (parameter name to raw value, null to unset) to sessions that start
   * from now on.
   *
   * @return every problem found; when there is any, nothing changed
   */
  public synchronized List<ConfigurationError> alter(Map<String, ?> changes) {
    ValidatedParameters patched =
        ParameterValidator.patch(ResourceType.SERVICES, service, schemas, values, changes);
    List<ConfigurationError> errors = new ArrayList<>(patched.errors());
    for (String name : changes.keySet()) {
      if (APPLIED_ONLY_AT_START.contains(name)) {
        errors.add(
            notApplied(
                name,
                "proxy-service does not apply a change of this parameter to a running service;"
                    + " change it in the configuration and restart"));
      }
    }
    return errors.isEmpty() ? apply(patched.values()) : errors;
  }

  /**
   * Takes the service's whole, already validated parameters as a new configuration has them (a
   * {@code weir.config} record): what may change at runtime reaches new sessions, and every other
   * changed parameter keeps its current value and is reported.
   *
   * @return the parameters not applied, each with the reason; all of them when the router refuses
   *     the new values
   */
  public synchronized List<ConfigurationError> replace(ParameterValues target) {
    Map<String, Object> next = new LinkedHashMap<>(target.values());
    List<ConfigurationError> kept = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(values.values().keySet());
    names.addAll(target.values().keySet());
    for (String name : names) {
      Object now = values.values().get(name);
      if (Objects.equals(now, target.values().get(name)) || appliedAtRuntime(name)) {
        continue;
      }
      kept.add(
          notApplied(
              name,
              "changed in the configuration, but proxy-service applies it only at start; the"
                  + " service keeps its current value until the proxy restarts"));
      if (now == null) {
        next.remove(name);
      } else {
        next.put(name, now);
      }
    }
    List<ConfigurationError> refused = apply(new ParameterValues(next));
    if (!refused.isEmpty()) {
      List<ConfigurationError> all = new ArrayList<>(refused);
      all.addAll(kept);
      return all;
    }
    return kept;
  }

  private boolean appliedAtRuntime(String name) {
    if (APPLIED_ONLY_AT_START.contains(name)) {
      return false;
    }
    for (ModuleSchema schema : schemas) {
      var spec = schema.find(name);
      if (spec.isPresent()) {
        return spec.get().runtimeModifiable();
      }
    }
    return false;
  }

  /** Hands {@code next} to the router and the new sessions, or nothing when the router refuses. */
  private List<ConfigurationError> apply(ParameterValues next) {
    try {
      router.reconfigure(next);
    } catch (UnsupportedParameterException e) {
      return e.parameters().stream()
          .map(
              name ->
                  ConfigurationError.ofParameter(
                      ConfigurationErrorCode.INVALID_VALUE,
                      ResourceType.SERVICES,
                      service,
                      name,
                      e.reason()))
          .toList();
    }
    values = next;
    sessionSettings = sessionSettingsOf(next);
    return List.of();
  }

  private ConfigurationError notApplied(String parameter, String reason) {
    return ConfigurationError.ofParameter(
        ConfigurationErrorCode.NOT_MODIFIABLE_AT_RUNTIME,
        ResourceType.SERVICES,
        service,
        parameter,
        reason);
  }

  private static ServiceSessionSettings sessionSettingsOf(ParameterValues values) {
    return new ServiceSessionSettings(
        (Boolean) values.find("enable_root_user").orElse(false),
        ((Long) values.find("max_connections").orElse(0L)).intValue(),
        (String) values.find("version_string").orElse(null));
  }
}
