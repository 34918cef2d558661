package io.weir.proxy.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.control.config.Configuration;
import io.weir.control.parameter.ConfigurationError;
import io.weir.control.resource.Listener;
import io.weir.control.resource.Resource;
import io.weir.control.resource.Server;
import io.weir.control.resource.Service;
import io.weir.proxy.monitor.Monitors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new configuration (from {@code weir.config}) to the running proxy, in an order that
 * keeps every step valid:
 *
 * <ol>
 *   <li>servers are added, moved (address, port, TLS) and removed: new backend connections go to
 *       the new place; {@code weight} and {@code rank} reach the next routing decision;
 *   <li>monitors start, stop, or restart with their new servers and parameters ({@link
 *       Monitors#apply}); servers' operator states set and clear the maintenance and draining bits;
 *   <li>a service whose router or servers changed (its own {@code servers}, its cluster monitor's
 *       servers, or one of its servers' address) gets a new router and user cache that new sessions
 *       use, while open sessions keep the old ones; other changed service parameters reach new
 *       sessions;
 *   <li>listeners close and open (with their services' routers).
 * </ol>
 *
 * What the proxy cannot change while it runs (filters, which the proxy does not build yet; a
 * parameter read only at start, such as a service's {@code user} or a server's {@code
 * persistpoolmax}; a monitor module not built) is reported in the log and counted, never silently
 * ignored; it takes effect when the proxy restarts, which builds everything from the topic.
 */
public final class ConfigurationChanges {
  private static final Logger log = LoggerFactory.getLogger(ConfigurationChanges.class);

  private final ProxyRuntime runtime;
  private final Monitors monitors;
  private final Counter applied;
  private final Counter notApplied;
  private Configuration current;
  // servers whose operator states could not apply, as reported last: reported again only if new
  private Map<String, String> unappliedStates;

  /**
   * Applies the operator states of {@code started} to the monitors, reporting those of servers no
   * monitor watches.
   *
   * @param runtime the proxy as it runs
   * @param monitors the monitors it runs
   * @param started the configuration it was started from
   */
  public ConfigurationChanges(
      ProxyRuntime runtime, Monitors monitors, Configuration started, MeterRegistry registry) {
    this.runtime = runtime;
    this.monitors = monitors;
    this.current = started;
    this.applied =
        Counter.builder("weir.config.changes")
            .description("Resource changes read from the configuration topic, by outcome")
            .tag("result", "applied")
            .register(registry);
    this.notApplied =
        Counter.builder("weir.config.changes")
            .description("Resource changes read from the configuration topic, by outcome")
            .tag("result", "not_applied")
            .register(registry);
    this.unappliedStates = monitors.applyOperatorStates(started);
    notApplied.increment(unappliedStates.size());
    unappliedStates.values().forEach(problem -> log.warn("configuration not applied: {}", problem));
  }

  /**
   * Applies what changed from the configuration applied last to {@code next}.
   *
   * @return what could not be applied, as messages naming resource and field
   */
  public synchronized List<String> apply(Configuration next) {
    List<String> problems = new ArrayList<>();
    int changed = servers(next, problems);
    changed += count(current.monitors(), next.monitors());
    changed += changedInPlace(current.monitors(), next.monitors());
    problems.addAll(monitors.apply(next));
    Map<String, String> unwatched = monitors.applyOperatorStates(next);
    unwatched.forEach(
        (server, problem) -> {
          if (!problem.equals(unappliedStates.get(server))) {
            problems.add(problem);
          }
        });
    unappliedStates = unwatched;
    changed += services(next, problems);
    changed += listeners(next, problems);
    // a service opens with its first listener and goes with its last: nothing else to do
    changed += count(current.services(), next.services());
    changed += filters(next, problems);
    current = next;
    if (problems.isEmpty()) {
      applied.increment(changed);
      if (changed > 0) {
        log.info("configuration: {} resource change(s) applied", changed);
      }
    } else {
      notApplied.increment(problems.size());
      applied.increment(Math.max(0, changed - problems.size()));
      problems.forEach(problem -> log.warn("configuration change not applied: {}", problem));
    }
    return problems;
  }

  /** Adds, moves and removes servers, and applies their changed parameters. */
  private int servers(Configuration next, List<String> problems) {
    int count = 0;
    for (Server server : next.servers().values()) {
      Server before = current.servers().get(server.id());
      if (server.equals(before)) {
        continue;
      }
      count++;
      if (before == null || !sameEndpoint(before, server)) {
        try {
          runtime.putServer(server);
        } catch (RuntimeException e) {
          problems.add(server.key() + ": cannot be reached as configured: " + e.getMessage());
          continue;
        }
      }
      if (before == null) {
        runtime.servers().add(server.id(), server.parameters());
      } else {
        runtime.servers().replace(server.id(), server.parameters()).stream()
            .map(ConfigurationError::toString)
            .forEach(problems::add);
      }
    }
    for (Server server : current.servers().values()) {
      if (!next.servers().containsKey(server.id())) {
        count++;
        // the configuration validated: no service or monitor of next uses it
        runtime.removeServer(server.id());
      }
    }
    return count;
  }

  /**
   * Gives a service whose router or servers changed a new router; applies other changed parameters
   * to the router it has.
   */
  private int services(Configuration next, List<String> problems) {
    int count = 0;
    for (Service service : next.services().values()) {
      Service before = current.services().get(service.id());
      if (before == null) {
        continue;
      }
      if (!before.equals(service)) {
        count++;
      }
      if (!before.filters().equals(service.filters())) {
        problems.add(
            service.key()
                + ": its filters changed; proxy-service does not build filters yet, so it"
                + " routes without them");
      }
      if (needsNewRouter(before, service, next)) {
        try {
          runtime.replaceService(service, next);
        } catch (RuntimeException e) {
          problems.add(service.key() + ": keeps its router, a new one failed: " + e.getMessage());
        }
      } else if (!before.parameters().equals(service.parameters())) {
        // a service without a listener here has no router yet; one opened later reads next
        ProxyRuntime.ServiceStatus status = runtime.services().get(service.id());
        if (status != null) {
          status.parameters().replace(service.parameters()).stream()
              .map(ConfigurationError::toString)
              .forEach(problems::add);
        }
      }
    }
    return count;
  }

  /**
   * Whether the service routes differently: another router, other servers (its own list or its
   * cluster monitor's), or a server of it at another address, which its user loader reads from.
   */
  private boolean needsNewRouter(Service before, Service after, Configuration next) {
    if (!before.router().equals(after.router())) {
      return true;
    }
    List<String> servers = ProxyRuntime.serverIdsOf(after, next);
    if (!ProxyRuntime.serverIdsOf(before, current).equals(servers)) {
      return true;
    }
    for (String id : servers) {
      if (!sameEndpoint(current.servers().get(id), next.servers().get(id))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameEndpoint(Server before, Server after) {
    return before.address().equals(after.address())
        && before.port() == after.port()
        && Objects.equals(before.tls(), after.tls());
  }

  /** Filters are not built in proxy-service yet: every change to one is reported. */
  private int filters(Configuration next, List<String> problems) {
    int count = 0;
    for (var filter : next.filters().values()) {
      var before = current.filters().get(filter.id());
      if (before == null || !before.equals(filter)) {
        count++;
        problems.add(
            filter.key()
                + ": "
                + (before == null ? "added" : "changed")
                + "; proxy-service does not build filters yet");
      }
    }
    for (var filter : current.filters().values()) {
      if (!next.filters().containsKey(filter.id())) {
        count++;
        problems.add(filter.key() + ": removed; proxy-service does not build filters yet");
      }
    }
    return count;
  }

  /**
   * Closes the listeners that went or changed, then opens the ones that came or changed, so that a
   * port moves from one listener to another.
   */
  private int listeners(Configuration next, List<String> problems) {
    int count = 0;
    List<Listener> toOpen = new ArrayList<>();
    for (Listener listener : current.listeners().values()) {
      Listener after = next.listeners().get(listener.id());
      if (after == null || !after.equals(listener)) {
        runtime.closeListener(listener.id());
        count++;
      }
    }
    for (Listener listener : next.listeners().values()) {
      Listener before = current.listeners().get(listener.id());
      if (before == null || !before.equals(listener)) {
        toOpen.add(listener);
        if (before == null) {
          count++;
        }
      }
    }
    for (Listener listener : toOpen) {
      try {
        runtime.open(listener, next);
      } catch (RuntimeException e) {
        problems.add(listener.key() + ": cannot open: " + e.getMessage());
      }
    }
    return count;
  }

  private static <R extends Resource> int count(Map<String, R> before, Map<String, R> after) {
    int count = 0;
    for (String id : after.keySet()) {
      if (!before.containsKey(id)) {
        count++;
      }
    }
    for (String id : before.keySet()) {
      if (!after.containsKey(id)) {
        count++;
      }
    }
    return count;
  }

  private static <R extends Resource> int changedInPlace(
      Map<String, R> before, Map<String, R> after) {
    int count = 0;
    for (R resource : after.values()) {
      R previous = before.get(resource.id());
      if (previous != null && !Objects.equals(previous, resource)) {
        count++;
      }
    }
    return count;
  }
}
