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
 * Applies a new configuration (from {@code weir.config}) to the running proxy: listeners open and
 * close (with their services' routers), and changed service and server parameters reach new
 * sessions and the next routing decisions. What the proxy cannot change while it runs yet (a server
 * or monitor added or removed, a service's router or targets, a parameter read only at start) is
 * reported in the log and counted, never silently ignored; it takes effect when the proxy restarts,
 * which builds everything from the topic.
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
    int changed = 0;
    for (Service service : next.services().values()) {
      Service before = current.services().get(service.id());
      if (before == null || before.equals(service)) {
        continue;
      }
      changed++;
      if (!before.router().equals(service.router())
          || !before.targets().equals(service.targets())
          || !before.filters().equals(service.filters())) {
        problems.add(
            service.key()
                + ": its router, servers or filters changed; proxy-service applies that when it"
                + " restarts");
      }
      if (!before.parameters().equals(service.parameters())) {
        // a service without a listener here has no router yet; one opened later reads next
        ProxyRuntime.ServiceStatus status = runtime.services().get(service.id());
        if (status != null) {
          status.parameters().replace(service.parameters()).stream()
              .map(ConfigurationError::toString)
              .forEach(problems::add);
        }
      }
    }
    for (Server server : next.servers().values()) {
      Server before = current.servers().get(server.id());
      if (before != null && !before.equals(server)) {
        changed++;
        runtime.servers().replace(server.id(), server.parameters()).stream()
            .map(ConfigurationError::toString)
            .forEach(problems::add);
      }
    }
    Map<String, String> unwatched = monitors.applyOperatorStates(next);
    unwatched.forEach(
        (server, problem) -> {
          if (!problem.equals(unappliedStates.get(server))) {
            problems.add(problem);
          }
        });
    unappliedStates = unwatched;
    changed += listeners(next, problems);
    // a service opens with its first listener and goes with its last: nothing else to do
    changed += count(current.services(), next.services());
    changed += addedOrRemoved(current.servers(), next.servers(), problems);
    changed += addedOrRemoved(current.monitors(), next.monitors(), problems);
    changed += addedOrRemoved(current.filters(), next.filters(), problems);
    changed += changedInPlace(current.monitors(), next.monitors(), problems);
    changed += changedInPlace(current.filters(), next.filters(), problems);
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

  private static <R extends Resource> int addedOrRemoved(
      Map<String, R> before, Map<String, R> after, List<String> problems) {
    int count = 0;
    for (R resource : after.values()) {
      if (!before.containsKey(resource.id())) {
        count++;
        problems.add(resource.key() + ": added; proxy-service takes it in when it restarts");
      }
    }
    for (R resource : before.values()) {
      if (!after.containsKey(resource.id())) {
        count++;
        problems.add(resource.key() + ": removed; proxy-service lets it go when it restarts");
      }
    }
    return count;
  }

  private static <R extends Resource> int changedInPlace(
      Map<String, R> before, Map<String, R> after, List<String> problems) {
    int count = 0;
    for (R resource : after.values()) {
      R previous = before.get(resource.id());
      if (previous != null && !Objects.equals(previous, resource)) {
        count++;
        problems.add(resource.key() + ": changed; proxy-service applies that when it restarts");
      }
    }
    return count;
  }
}
