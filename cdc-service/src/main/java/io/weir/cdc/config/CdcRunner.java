package io.weir.cdc.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.delivery.KafkaCdcSettings;
import io.weir.cdc.delivery.KafkaCdcStream;
import io.weir.cdc.delivery.LeasedStream;
import io.weir.cdc.source.ChangeSourceFactory;
import io.weir.control.config.Configuration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs every {@code kafkacdc} service of the configuration: all settings are checked first (so one
 * start names every refused parameter), then each service's stream starts; if one cannot start, the
 * others are stopped again and the application does not start. Stops them, flushing Kafka, when the
 * application stops. A service with {@code cooperative_replication} runs as a {@link LeasedStream}:
 * only while this instance holds its Lease; without {@link CdcLeases} it is refused.
 */
public final class CdcRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(CdcRunner.class);

  private final Configuration configuration;
  private final KafkaCdcStream.Options options;
  private final @Nullable ChangeSourceFactory sources;
  private final MeterRegistry registry;
  private final InstantSource clock;
  private final CdcLeases leases;
  private final List<KafkaCdcStream> streams = new ArrayList<>();
  private final List<LeasedStream> leased = new ArrayList<>();
  private boolean running;

  /**
   * @param sources the binlog reader; null when none is plugged in, which is fine as long as no
   *     kafkacdc service is configured
   */
  public CdcRunner(
      Configuration configuration,
      KafkaCdcStream.Options options,
      @Nullable ChangeSourceFactory sources,
      MeterRegistry registry,
      InstantSource clock) {
    this(configuration, options, sources, registry, clock, CdcLeases.disabled());
  }

  /**
   * @param leases where {@code cooperative_replication} services get their Lease
   */
  public CdcRunner(
      Configuration configuration,
      KafkaCdcStream.Options options,
      @Nullable ChangeSourceFactory sources,
      MeterRegistry registry,
      InstantSource clock,
      CdcLeases leases) {
    this.leases = leases;
    this.configuration = configuration;
    this.options = options;
    this.sources = sources;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    List<KafkaCdcSettings> services = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (var service : KafkaCdcSettings.services(configuration)) {
      try {
        KafkaCdcSettings settings = KafkaCdcSettings.of(service, configuration);
        if (settings.cooperativeReplication() && !leases.enabled()) {
          problems.add(
              "services/"
                  + settings.service()
                  + ": parameter 'cooperative_replication' needs a Kubernetes Lease per service so"
                  + " that only one instance replicates: set weir.cdc.lease.enabled=true (and"
                  + " weir.cdc.lease.identity, kubernetes-url, namespace as needed), or set"
                  + " cooperative_replication=false and run one instance");
        }
        services.add(settings);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!services.isEmpty() && sources == null) {
      problems.add(
          "no binlog reader is plugged into this cdc-service (no ChangeSourceFactory bean), so"
              + " services "
              + services.stream().map(KafkaCdcSettings::service).toList()
              + " cannot run");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("cdc-service cannot start: " + String.join("\n  ", problems));
    }
    if (services.isEmpty()) {
      log.info("no kafkacdc service is configured");
    }
    try {
      for (KafkaCdcSettings settings : services) {
        if (settings.cooperativeReplication()) {
          leased.add(
              LeasedStream.start(
                  settings,
                  options,
                  sources,
                  registry,
                  clock,
                  leases.join(settings.service()),
                  leases.duration()));
        } else {
          streams.add(KafkaCdcStream.start(settings, options, sources, registry, clock));
        }
      }
    } catch (RuntimeException e) {
      stopStreams();
      throw e;
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    stopStreams();
    running = false;
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  /**
   * The running stream of {@code service}, if any (with {@code cooperative_replication}, only while
   * this instance holds the service's Lease).
   */
  public synchronized Optional<KafkaCdcStream> stream(String service) {
    Optional<KafkaCdcStream> own =
        streams.stream().filter(stream -> stream.service().equals(service)).findFirst();
    if (own.isPresent()) {
      return own;
    }
    return leased.stream()
        .filter(stream -> stream.service().equals(service))
        .findFirst()
        .flatMap(LeasedStream::stream);
  }

  /**
   * Whether {@code service} runs here: its stream, or its Lease watch with cooperative_replication.
   */
  public synchronized boolean runs(String service) {
    return streams.stream().anyMatch(stream -> stream.service().equals(service))
        || leased.stream().anyMatch(stream -> stream.service().equals(service));
  }

  /**
   * Gives a running service changed settings: {@code match}, {@code exclude} and {@code
   * send_schema} reach its stream in flight; with {@code restart}, the stream is stopped (Kafka
   * flushed, checkpoint saved) and started again with {@code settings}, resuming from its
   * checkpoint, which is how a changed {@code timeout} reaches the binlog connection.
   *
   * @throws IllegalStateException when the service does not run here
   * @throws RuntimeException as {@link KafkaCdcStream#start} throws when the restart fails; the
   *     service is then stopped (with cooperative_replication, its Lease watch tries again)
   */
  public synchronized void reconfigure(KafkaCdcSettings settings, boolean restart) {
    String service = settings.service();
    for (LeasedStream stream : leased) {
      if (stream.service().equals(service)) {
        stream.reconfigure(settings, restart);
        return;
      }
    }
    for (int index = 0; index < streams.size(); index++) {
      KafkaCdcStream stream = streams.get(index);
      if (!stream.service().equals(service)) {
        continue;
      }
      if (!restart) {
        stream.reselect(settings.filter(), settings.sendSchema());
        return;
      }
      streams.remove(index);
      stream.close();
      streams.add(index, KafkaCdcStream.start(settings, options, sources(), registry, clock));
      return;
    }
    throw new IllegalStateException("services/" + service + " does not run here");
  }

  private ChangeSourceFactory sources() {
    if (sources == null) {
      throw new IllegalStateException(
          "no binlog reader is plugged into this cdc-service (no ChangeSourceFactory bean)");
    }
    return sources;
  }

  /**
   * Starts one more service while running (a kafkacdc service added to {@code weir.config}).
   *
   * @throws IllegalStateException when the runner is not running, the service already runs or no
   *     binlog reader is plugged in; or as {@link KafkaCdcStream#start} throws
   */
  public synchronized void startService(KafkaCdcSettings settings) {
    if (!running) {
      throw new IllegalStateException("cdc-service is not running");
    }
    if (runs(settings.service())) {
      throw new IllegalStateException("services/" + settings.service() + " runs already");
    }
    if (settings.cooperativeReplication()) {
      if (!leases.enabled()) {
        throw new IllegalStateException(
            "parameter 'cooperative_replication' needs weir.cdc.lease.enabled=true");
      }
      leased.add(
          LeasedStream.start(
              settings,
              options,
              sources(),
              registry,
              clock,
              leases.join(settings.service()),
              leases.duration()));
      return;
    }
    streams.add(KafkaCdcStream.start(settings, options, sources(), registry, clock));
  }

  /**
   * Stops one service while running (removed from {@code weir.config}): the reader stops, Kafka
   * gets the shutdown timeout to acknowledge what is in flight, and the checkpoint is saved. Its
   * metrics go with it.
   *
   * @return whether it was running
   */
  public synchronized boolean stopService(String service) {
    Optional<LeasedStream> watch =
        leased.stream().filter(stream -> stream.service().equals(service)).findFirst();
    Optional<KafkaCdcStream> own =
        streams.stream().filter(stream -> stream.service().equals(service)).findFirst();
    if (watch.isPresent()) {
      leased.remove(watch.get());
      watch.get().close();
    } else if (own.isPresent()) {
      streams.remove(own.get());
      own.get().close();
    } else {
      return false;
    }
    // a service started again under the same id registers its gauges anew
    registry.getMeters().stream()
        .filter(meter -> meter.getId().getName().startsWith("weir.cdc."))
        .filter(meter -> service.equals(meter.getId().getTag("service")))
        .forEach(registry::remove);
    return true;
  }

  /** The running streams, in start order. */
  public synchronized List<KafkaCdcStream> streams() {
    return List.copyOf(streams);
  }

  private void stopStreams() {
    for (LeasedStream stream : leased.reversed()) {
      try {
        stream.close();
      } catch (RuntimeException e) {
        log.warn("services/{}: stopping failed", stream.service(), e);
      }
    }
    leased.clear();
    for (KafkaCdcStream stream : streams.reversed()) {
      try {
        stream.close();
      } catch (RuntimeException e) {
        log.warn("services/{}: stopping failed", stream.service(), e);
      }
    }
    streams.clear();
  }
}
