package io.weir.cdc.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.delivery.KafkaCdcSettings;
import io.weir.control.config.Configuration;
import io.weir.control.resource.Service;
import io.weir.control.topic.ConfigurationSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Applies each new configuration of {@code weir.config} to the running kafkacdc services, once the
 * {@link CdcRunner} has started them:
 *
 * <ul>
 *   <li>a service's {@code match}, {@code exclude} and {@code send_schema} reach its running stream
 *       (the reader's next transaction, delivery's next transaction);
 *   <li>a changed {@code timeout}, and servers added to or removed from the service (or its
 *       monitor) or moved to another address, restart the service's stream (Kafka flushed,
 *       checkpoint saved, resumed from it on the primary among its servers now), since the binlog
 *       connection takes them only when it opens;
 *   <li>{@code read_gtid_from_kafka} is only read when a stream starts: it is kept for the next
 *       start, which is all MaxScale's dynamic flag promises;
 *   <li>a kafkacdc service added starts, one removed stops (Kafka flushed, checkpoint saved);
 *   <li>anything else of a kafkacdc service ({@code bootstrap_servers}, {@code topic}, ...; none of
 *       them runtime-modifiable, so only a replaced resource carries them) is logged and counted as
 *       not applied: it takes effect when the service restarts, which builds everything from the
 *       topic.
 * </ul>
 *
 * With {@code cooperative_replication}, an instance that does not hold the service's Lease keeps
 * the newest settings for when it takes the Lease.
 *
 * <p>Outcomes are counted as {@code weir_config_changes_total{result="applied"|"not_applied"}}, the
 * proxy's meter. Resources that are no kafkacdc service's (other routers, listeners) are not
 * cdc-service's business and are left alone.
 */
public final class CdcConfigurationChanges implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(CdcConfigurationChanges.class);

  /** The parameters a running stream takes. */
  static final Set<String> RUNTIME_PARAMETERS = Set.of("match", "exclude", "send_schema");

  /** The parameters the binlog connection takes when it opens: changing one restarts the stream. */
  static final Set<String> RESTART_PARAMETERS = Set.of("timeout");

  /** The parameters read only when a stream starts, so a change waits for the next start. */
  static final Set<String> START_PARAMETERS = Set.of("read_gtid_from_kafka");

  private final CdcRunner runner;
  private final ConfigurationSource source;
  private final Counter applied;
  private final Counter notApplied;
  private Configuration current;
  private boolean following;

  /**
   * @param runner runs the services of {@code started}; started before this (it is a dependency)
   * @param started the configuration the runner started from
   */
  public CdcConfigurationChanges(
      CdcRunner runner, ConfigurationSource source, Configuration started, MeterRegistry registry) {
    this.runner = runner;
    this.source = source;
    this.current = started;
    this.applied = counter(registry, "applied");
    this.notApplied = counter(registry, "not_applied");
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("weir.config.changes")
        .description("Resource changes read from the configuration topic, by outcome")
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void start() {
    synchronized (this) {
      following = true;
    }
    source.follow(this::apply);
  }

  @Override
  public void stop() {
    source.unfollow();
    synchronized (this) {
      following = false;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return following;
  }

  /**
   * Applies what changed for the kafkacdc services from the configuration applied last to {@code
   * next}.
   *
   * @return what could not be applied, as messages naming the service and what changed
   */
  public synchronized List<String> apply(Configuration next) {
    if (!following) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    int changed = 0;
    Map<String, Service> before = kafkacdc(current);
    Map<String, Service> after = kafkacdc(next);
    for (Service service : after.values()) {
      Service previous = before.get(service.id());
      if (previous == null || !runner.runs(service.id())) {
        changed++;
        start(service, next, problems);
      } else if (!previous.equals(service) || serversMoved(previous, service, next)) {
        changed++;
        change(previous, service, next, problems);
      }
    }
    for (Service service : before.values()) {
      if (!after.containsKey(service.id())) {
        changed++;
        if (runner.stopService(service.id())) {
          log.info("{}: removed from the configuration, stopped", service.key());
        }
      }
    }
    current = next;
    notApplied.increment(problems.size());
    applied.increment(Math.max(0, changed - problems.size()));
    problems.forEach(problem -> log.warn("configuration change not applied: {}", problem));
    return problems;
  }

  private void start(Service service, Configuration next, List<String> problems) {
    try {
      runner.startService(KafkaCdcSettings.of(service, next));
      log.info("{}: added to the configuration, started", service.key());
    } catch (RuntimeException e) {
      problems.add(service.key() + ": cannot start: " + e.getMessage());
    }
  }

  /** Reselects or restarts a running stream; reports what only a restart of the service applies. */
  private void change(
      Service previous, Service service, Configuration next, List<String> problems) {
    KafkaCdcSettings settings;
    KafkaCdcSettings was;
    try {
      settings = KafkaCdcSettings.of(service, next);
      was = KafkaCdcSettings.of(previous, current);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage() + "; it keeps replicating as it was");
      return;
    }
    Set<String> names = changedParameters(previous, service);
    List<String> restartOnly = new ArrayList<>();
    for (String name : names) {
      if (!RUNTIME_PARAMETERS.contains(name)
          && !RESTART_PARAMETERS.contains(name)
          && !START_PARAMETERS.contains(name)) {
        restartOnly.add("parameter '" + name + "'");
      }
    }
    // servers moved or re-pointed: a stream started again picks the primary among the new ones
    boolean restart =
        restartOnly.isEmpty()
            && (names.stream().anyMatch(RESTART_PARAMETERS::contains)
                || !was.servers().equals(settings.servers()));
    try {
      runner.reconfigure(settings, restart);
    } catch (RuntimeException e) {
      problems.add(
          service.key()
              + ": restarting its stream with the new servers or timeout failed ("
              + e.getMessage()
              + "); it is tried again with the next record");
      return;
    }
    if (restart) {
      log.info(
          "{}: stream restarted from its checkpoint for its new servers or timeout", service.key());
    }
    if (names.stream().anyMatch(RUNTIME_PARAMETERS::contains)) {
      log.info(
          "{}: match '{}', exclude '{}', send_schema {} from the next transaction",
          service.key(),
          pattern(settings.filter().match()),
          pattern(settings.filter().exclude()),
          settings.sendSchema());
    }
    if (!restartOnly.isEmpty()) {
      problems.add(
          service.key()
              + ": "
              + String.join(", ", restartOnly)
              + " changed; cdc-service applies that only when it restarts and keeps replicating"
              + " as before");
    }
  }

  /** Whether a server of the service moved, or its monitor has other servers (same body). */
  private boolean serversMoved(Service previous, Service service, Configuration next) {
    try {
      return !KafkaCdcSettings.of(previous, current)
          .servers()
          .equals(KafkaCdcSettings.of(service, next).servers());
    } catch (IllegalArgumentException e) {
      return true; // change() reports it
    }
  }

  private static Set<String> changedParameters(Service before, Service after) {
    Set<String> names = new LinkedHashSet<>(before.parameters().values().keySet());
    names.addAll(after.parameters().values().keySet());
    names.removeIf(
        name ->
            Objects.equals(
                before.parameters().values().get(name), after.parameters().values().get(name)));
    return names;
  }

  private static String pattern(java.util.regex.@org.jspecify.annotations.Nullable Pattern regex) {
    return regex == null ? "" : regex.pattern();
  }

  private static Map<String, Service> kafkacdc(Configuration configuration) {
    Map<String, Service> services = new LinkedHashMap<>();
    KafkaCdcSettings.services(configuration).forEach(s -> services.put(s.id(), s));
    return services;
  }
}
