package io.weir.cdc.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.source.ChangeSourceFactory;
import io.weir.control.ownership.Ownership;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kafkacdc service with {@code cooperative_replication}: its {@link KafkaCdcStream} runs only
 * while this instance holds the service's ownership (a Kubernetes Lease). Taking the Lease starts
 * the stream, which resumes from the position in Kafka like any start; losing it closes the stream
 * before the Lease can pass to another instance: the Lease's renew deadline is a third of its
 * duration shorter than the duration, and the stream's shutdown timeout is cut to fit in that
 * margin. Closing stops the stream first and then releases the Lease, so the next holder starts
 * only after this one stopped producing.
 */
public final class LeasedStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeasedStream.class);

  private static final Duration RETRY_START = Duration.ofSeconds(5);

  /** Replaced by {@link #reconfigure}; every start of the stream takes the newest. */
  private volatile KafkaCdcSettings settings;

  private final KafkaCdcStream.Options options;
  private final ChangeSourceFactory sources;
  private final MeterRegistry registry;
  private final InstantSource clock;
  private final Ownership ownership;
  private final Duration pollInterval;
  private final Thread watcher;
  private volatile boolean closed;
  private @Nullable KafkaCdcStream stream;
  private long nextStartNanos;

  private LeasedStream(
      KafkaCdcSettings settings,
      KafkaCdcStream.Options options,
      ChangeSourceFactory sources,
      MeterRegistry registry,
      InstantSource clock,
      Ownership ownership,
      Duration leaseDuration) {
    this.settings = settings;
    this.sources = sources;
    this.registry = registry;
    this.clock = clock;
    this.ownership = ownership;
    this.pollInterval = leaseDuration.dividedBy(20);
    // what is left of the Lease after its renew deadline (a third), less one look at it
    Duration margin = leaseDuration.dividedBy(3).minus(pollInterval);
    this.options =
        new KafkaCdcStream.Options(
            options.dataDirectory(),
            options.inFlightLimit(),
            options.deliveryTimeout(),
            margin.compareTo(options.shutdownTimeout()) < 0 ? margin : options.shutdownTimeout(),
            options.positionScanRecords(),
            options.kafkaTimeout(),
            options.maxRecordBytes());
    this.watcher =
        Thread.ofPlatform()
            .name("weir-cdc-" + settings.service() + "-lease")
            .daemon()
            .unstarted(this::watch);
  }

  /**
   * Starts watching {@code ownership}; the stream starts once it is held.
   *
   * @param ownership the service's Lease, closed with this
   * @param leaseDuration the Lease's duration: it is looked at every twentieth of it
   */
  public static LeasedStream start(
      KafkaCdcSettings settings,
      KafkaCdcStream.Options options,
      ChangeSourceFactory sources,
      MeterRegistry registry,
      InstantSource clock,
      Ownership ownership,
      Duration leaseDuration) {
    LeasedStream leased =
        new LeasedStream(settings, options, sources, registry, clock, ownership, leaseDuration);
    leased.watcher.start();
    log.info("services/{}: cooperative replication through {}", settings.service(), ownership);
    return leased;
  }

  private void watch() {
    while (!closed) {
      try {
        follow(ownership.owns());
        Thread.sleep(pollInterval);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("services/{}: {}", settings.service(), e.toString());
      }
    }
  }

  private synchronized void follow(boolean owns) {
    if (closed) {
      return;
    }
    KafkaCdcStream running = stream;
    if (owns && running == null && System.nanoTime() - nextStartNanos >= 0) {
      try {
        stream = KafkaCdcStream.start(settings, options, sources, registry, clock);
      } catch (RuntimeException e) {
        nextStartNanos = System.nanoTime() + RETRY_START.toNanos();
        log.error(
            "services/{}: holds the Lease but cannot start: {}",
            settings.service(),
            e.getMessage());
      }
    } else if (!owns && running != null) {
      log.warn("services/{}: lost the Lease; stopping replication", settings.service());
      stream = null;
      running.close();
    }
  }

  /**
   * Takes changed settings of the service: the stream, if this instance replicates now, gets {@code
   * next}'s {@code match}, {@code exclude} and {@code send_schema} in flight, or is restarted with
   * {@code next} (stopped with its checkpoint saved and started again from it) when {@code
   * restart}; a later start, after the Lease is taken again, uses {@code next} in any case.
   *
   * @throws RuntimeException as {@link KafkaCdcStream#start} throws, when the restart fails; the
   *     watcher tries again while the Lease is held
   */
  public synchronized void reconfigure(KafkaCdcSettings next, boolean restart) {
    settings = next;
    KafkaCdcStream running = stream;
    if (closed || running == null) {
      return;
    }
    if (!restart) {
      running.reselect(next.filter(), next.sendSchema());
      return;
    }
    stream = null;
    running.close();
    try {
      stream = KafkaCdcStream.start(next, options, sources, registry, clock);
    } catch (RuntimeException e) {
      nextStartNanos = System.nanoTime() + RETRY_START.toNanos();
      throw e;
    }
  }

  /** The service's id. */
  public String service() {
    return settings.service();
  }

  /** The stream while this instance holds the Lease and replicates. */
  public synchronized Optional<KafkaCdcStream> stream() {
    return Optional.ofNullable(stream);
  }

  /** Stops the stream (flushing Kafka), then releases the Lease. */
  @Override
  public void close() {
    closed = true;
    watcher.interrupt();
    synchronized (this) {
      KafkaCdcStream running = stream;
      stream = null;
      if (running != null) {
        running.close();
      }
    }
    ownership.close();
  }
}
