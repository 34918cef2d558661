package io.weir.cdc.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.event.ChangeSource;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.source.BinlogHistory;
import io.weir.cdc.source.ChangeSourceFactory;
import io.weir.cdc.source.ChangeSourceRequest;
import io.weir.cdc.source.ServerSettingsCheck;
import io.weir.cdc.source.SourceEndpoint;
import io.weir.cdc.source.SourceRefusedException;
import io.weir.cdc.source.SourceServers;
import io.weir.cdc.source.StartPositionResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running kafkacdc service: its primary checked, its start position resolved (the topic, then
 * {@code current_gtid.txt}, then {@code gtid}), its binlog reader started with a {@link
 * KafkaDelivery} (or, with {@code exactly_once}, an {@link ExactlyOnceDelivery}) as sink, and the
 * checkpoint saved to the state file every second and at close. When the reader or Kafka fails for
 * good the reader is stopped and {@link #failure()} says why; nothing after the checkpoint is lost,
 * a new start sends it again.
 */
public final class KafkaCdcStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaCdcStream.class);

  private static final Duration STATE_INTERVAL = Duration.ofSeconds(1);

  /** How often the primary's binlog position is read for the lag in transactions. */
  private static final Duration PRIMARY_POSITION_INTERVAL = Duration.ofSeconds(5);

  /**
   * How long a service with several servers looks for a new primary after losing its own for good
   * (a failover takes a monitor or an operator some seconds).
   */
  static final Duration FAILOVER_WAIT = Duration.ofSeconds(60);

  private static final Duration FAILOVER_POLL = Duration.ofSeconds(1);

  /**
   * How streams run, the same for every service ({@code weir.cdc.*}).
   *
   * @param dataDirectory each service keeps its state in {@code <dataDirectory>/<service>}
   * @param inFlightLimit bytes handed to Kafka and not yet acknowledged at most
   * @param deliveryTimeout how long a record may take to be acknowledged, retries included, before
   *     delivery stops
   * @param shutdownTimeout how long closing waits for Kafka to acknowledge what is in flight
   * @param positionScanRecords records read from the end of each partition to find the position
   * @param kafkaTimeout how long reading the position from Kafka may take
   * @param maxRecordBytes the largest record the producer sends ({@code max.request.size}); a
   *     larger one stops the stream with an error naming {@code weir.cdc.max-record-bytes}
   */
  public record Options(
      Path dataDirectory,
      long inFlightLimit,
      Duration deliveryTimeout,
      Duration shutdownTimeout,
      int positionScanRecords,
      Duration kafkaTimeout,
      long maxRecordBytes) {

    /** Kafka's own default {@code max.request.size}: 1 MiB. */
    public static final long DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    /** Options with Kafka's default record size limit. */
    public Options(
        Path dataDirectory,
        long inFlightLimit,
        Duration deliveryTimeout,
        Duration shutdownTimeout,
        int positionScanRecords,
        Duration kafkaTimeout) {
      this(
          dataDirectory,
          inFlightLimit,
          deliveryTimeout,
          shutdownTimeout,
          positionScanRecords,
          kafkaTimeout,
          DEFAULT_MAX_RECORD_BYTES);
    }
  }

  private final KafkaCdcSettings settings;
  private final Options options;
  private final StateFile stateFile;
  private final AtomicReference<GtidPosition> checkpoint;
  private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
  private final ScheduledExecutorService scheduler;
  private @Nullable Delivery delivery;
  private @Nullable ChangeSource source;
  private @Nullable SourceEndpoint primary;
  private @Nullable ChangeSourceFactory sources;
  private final PrimaryPositionProbe primaryPosition = new PrimaryPositionProbe();
  private @Nullable DeliveryMetrics metrics;

  /** The position after the last transaction handed to delivery: where a new reader continues. */
  private final AtomicReference<GtidPosition> handedOn;

  private volatile boolean closing;
  private GtidPosition saved;

  private KafkaCdcStream(KafkaCdcSettings settings, Options options, GtidPosition start) {
    this.settings = settings;
    this.options = options;
    this.stateFile = new StateFile(options.dataDirectory().resolve(settings.service()));
    this.checkpoint = new AtomicReference<>(start);
    this.handedOn = new AtomicReference<>(start);
    this.saved = start;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform()
                .name("weir-cdc-" + settings.service() + "-checkpoint")
                .daemon()
                .factory());
  }

  /**
   * Checks the primary, resolves where to start and starts replicating.
   *
   * @throws SourceRefusedException when no server is a usable primary or its settings would lose
   *     data, naming the setting
   * @throws IllegalStateException when the position cannot be read from Kafka or the state file
   */
  public static KafkaCdcStream start(
      KafkaCdcSettings settings,
      Options options,
      ChangeSourceFactory sources,
      MeterRegistry registry,
      InstantSource clock) {
    SourceEndpoint primary = SourceServers.primary(settings.servers());
    Path directory = options.dataDirectory().resolve(settings.service());
    ResumePoint resume;
    try (Connection connection = primary.connect()) {
      for (String warning : ServerSettingsCheck.check(connection, primary)) {
        log.warn("services/{}: {}", settings.service(), warning);
      }
      resume = resumePoint(settings, options, new StateFile(directory), connection);
    } catch (SQLException e) {
      throw new SourceRefusedException(
          "services/" + settings.service() + ": cannot check " + primary + ": " + e.getMessage(),
          e);
    }
    KafkaCdcStream stream = new KafkaCdcStream(settings, options, resume.position());
    try {
      stream.run(
          primary, resume, sources, new DeliveryMetrics(registry, settings.service(), clock));
      return stream;
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  private static ResumePoint resumePoint(
      KafkaCdcSettings settings, Options options, StateFile stateFile, Connection connection)
      throws SQLException {
    String service = settings.service();
    if (settings.exactlyOnce() && settings.readGtidFromKafka()) {
      Optional<GtidPosition> committed =
          PositionTopic.read(
              settings.kafka().clientProperties(),
              settings.topic(),
              service,
              options.kafkaTimeout());
      if (committed.isPresent()) {
        log.info(
            "services/{}: resuming after {} from topic {}",
            service,
            committed.get(),
            PositionTopic.of(settings.topic()));
        return ResumePoint.at(committed.get());
      }
    } else if (settings.readGtidFromKafka()) {
      ResumePoint fromTopic =
          KafkaPosition.read(
              settings.kafka().clientProperties(),
              settings.topic(),
              options.positionScanRecords(),
              options.kafkaTimeout());
      if (!fromTopic.isEmpty()) {
        log.info(
            "services/{}: resuming after {} from topic {} ({} later transactions partly or wholly"
                + " delivered)",
            service,
            fromTopic.position(),
            settings.topic(),
            fromTopic.delivered().size());
        return fromTopic;
      }
    }
    Optional<GtidPosition> local = stateFile.read();
    if (local.isPresent()) {
      log.info("services/{}: resuming after {} from {}", service, local.get(), stateFile.path());
      return ResumePoint.at(local.get());
    }
    GtidPosition configured = StartPositionResolver.resolve(settings.gtid(), connection);
    log.info("services/{}: starting after '{}' ({})", service, configured, settings.gtid());
    return ResumePoint.at(configured);
  }

  private void run(
      SourceEndpoint primary,
      ResumePoint resume,
      ChangeSourceFactory sources,
      DeliveryMetrics metrics) {
    metrics.replicating(this);
    this.metrics = metrics;
    long limit = options.inFlightLimit();
    Map<String, Object> producerProperties =
        settings
            .kafka()
            .producerProperties(
                settings.enableIdempotence() || settings.exactlyOnce(),
                options.deliveryTimeout(),
                // the budget lets one record over the limit through: room for it as well
                Math.max(32L * 1024 * 1024, 2 * limit + options.maxRecordBytes()),
                "weir-cdc-" + settings.service());
    producerProperties.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, options.maxRecordBytes()));
    var deliverySettings =
        new Delivery.Settings(
            settings.service(), settings.topic(), settings.filter(), settings.sendSchema(), limit);
    CheckpointTracker.Listener onCheckpoint = (position, committedAt) -> checkpoint.set(position);
    Delivery sink;
    if (settings.exactlyOnce()) {
      PositionTopic.ensureExists(
          settings.kafka().clientProperties(), settings.topic(), options.kafkaTimeout());
      // one id per service and topic: a second instance fences the first
      producerProperties.put(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          "weir-cdc-" + settings.service() + "-" + settings.topic());
      var producer = new KafkaProducer<String, String>(producerProperties);
      try {
        sink =
            ExactlyOnceDelivery.start(
                deliverySettings, producer, resume.position(), metrics, onCheckpoint, this::failed);
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        throw new IllegalStateException(
            "services/" + settings.service() + ": cannot start Kafka transactions: " + e, e);
      }
    } else {
      sink =
          new KafkaDelivery(
              deliverySettings,
              new KafkaProducer<>(producerProperties),
              resume,
              metrics,
              onCheckpoint,
              this::failed);
    }
    delivery = sink;
    scheduler.scheduleWithFixedDelay(
        this::saveCheckpoint,
        STATE_INTERVAL.toMillis(),
        STATE_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        () -> readPrimaryPosition(metrics),
        0,
        PRIMARY_POSITION_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    Path directory = stateFile.path().getParent();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
    this.sources = sources;
    startReader(primary, resume.position());
  }

  /**
   * Starts a reader of {@code server}'s binlog after {@code position}, unless the stream closes.
   */
  private synchronized void startReader(SourceEndpoint server, GtidPosition position) {
    ChangeSourceFactory factory = sources;
    Delivery sink = delivery;
    if (closing || failure.get() != null || factory == null || sink == null) {
      return;
    }
    Path directory = stateFile.path().getParent();
    ChangeSource reader =
        factory.create(
            new ChangeSourceRequest(
                settings.service(),
                server,
                settings.serverId(),
                settings.filter().match(),
                settings.filter().exclude(),
                settings.sendSchema(),
                directory));
    source = reader;
    primary = server;
    reader.start(
        position,
        piece -> {
          sink.accept(piece);
          if (piece.last()) {
            handedOn.updateAndGet(handed -> handed.with(piece.gtid()));
          }
        },
        cause -> readerFailed(server, cause));
    log.info(
        "services/{}: replicating {} to topic {} after {}",
        settings.service(),
        server,
        settings.topic(),
        position);
  }

  /**
   * The reader gave up on {@code lost}. With one server that is the end; with several, another one
   * may have become the primary (a failover), so look for it on a thread of its own (never close a
   * reader from its own thread).
   */
  private void readerFailed(SourceEndpoint lost, Exception cause) {
    if (settings.servers().size() < 2 || closing) {
      failed(cause);
      return;
    }
    // a platform thread: virtual threads loading classes from the fat jar can hang
    // (spring-boot#51463)
    Thread.ofPlatform()
        .daemon()
        .name("weir-cdc-" + settings.service() + "-failover")
        .start(
            () -> {
              try {
                failover(lost, cause);
              } catch (RuntimeException e) {
                // a thread that dies silently would leave the service neither failed nor running
                failed(e);
              }
            });
  }

  /**
   * Waits up to {@link #FAILOVER_WAIT} for a primary among the service's servers other than {@code
   * lost} and continues there after the last transaction handed to delivery; MariaDB's GTIDs are
   * the same on every server of a replication topology, so nothing is skipped or read twice. If
   * {@code lost} is still the primary, or none appears in time, {@code cause} stands. If the new
   * primary lacks a transaction already handed to delivery (a lossy failover), the service stops
   * rather than continue from a position the new primary's history does not contain.
   */
  private void failover(SourceEndpoint lost, Exception cause) {
    closeSource();
    log.warn(
        "services/{}: lost {} ({}); looking for a new primary among {}",
        settings.service(),
        lost,
        cause.getMessage(),
        settings.servers());
    long deadline = System.nanoTime() + FAILOVER_WAIT.toNanos();
    String lastReason = cause.getMessage();
    while (!closing && failure.get() == null && System.nanoTime() < deadline) {
      try {
        SourceEndpoint next = SourceServers.primary(settings.servers());
        if (next.equals(lost)) {
          // still the primary: what stopped the reader was not a failover
          failed(cause);
          return;
        }
        try (Connection connection = next.connect()) {
          for (String warning : ServerSettingsCheck.check(connection, next)) {
            log.warn("services/{}: {}", settings.service(), warning);
          }
          BinlogHistory history = BinlogHistory.read(connection);
          List<Gtid> missing = history.missing(handedOn.get());
          if (!missing.isEmpty()) {
            lossyFailover(lost, next, history, missing);
            return;
          }
        }
        countFailover("continued");
        log.warn(
            "services/{}: {} is the primary now; continuing after {}",
            settings.service(),
            next,
            handedOn.get());
        startReader(next, handedOn.get());
        return;
      } catch (SourceRefusedException | SQLException e) {
        lastReason = e.getMessage();
      }
      try {
        Thread.sleep(FAILOVER_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!closing && failure.get() == null) {
      countFailover("no_primary");
      failed(
          new SourceRefusedException(
              "services/"
                  + settings.service()
                  + ": lost "
                  + lost
                  + " ("
                  + cause.getMessage()
                  + ") and found no other primary within "
                  + FAILOVER_WAIT.toSeconds()
                  + " s: "
                  + lastReason,
              cause));
    }
  }

  /**
   * The new primary {@code next} never received {@code missing}, which the reader had read from
   * {@code lost} and handed to delivery: those transactions are (or will be) in the topic although
   * the database lost them, and the position names a transaction the new primary's history lacks
   * (MariaDB refuses it once the new primary logged its own; the service does not count on that).
   * Nothing here can repair it, so the service stops and says what an operator must decide.
   */
  private void lossyFailover(
      SourceEndpoint lost, SourceEndpoint next, BinlogHistory history, List<Gtid> missing) {
    countFailover("lossy");
    failed(
        new SourceRefusedException(
            "services/"
                + settings.service()
                + ": lossy failover: the new primary "
                + next
                + " never received "
                + missing.stream().map(Gtid::toString).toList()
                + ", read from "
                + lost
                + " and handed to Kafka (its binlog holds "
                + history
                + "); the topic has events of transactions the database lost. Replication stopped"
                + " at checkpoint "
                + checkpoint.get()
                + ". To go on from the new primary's history, set gtid to the position to continue"
                + " after, delete current_gtid.txt and start with read_gtid_from_kafka=false"));
  }

  private void countFailover(String result) {
    DeliveryMetrics current = metrics;
    if (current != null) {
      current.failover(result);
    }
  }

  /** The reader or Kafka failed for good: stop reading; the checkpoint stays where it is. */
  private void failed(Exception cause) {
    if (failure.compareAndSet(null, cause)) {
      log.error("services/{}: replication stopped: {}", settings.service(), cause.toString());
      // never close from the producer's or the reader's own thread
      scheduler.execute(this::closeSource);
    }
  }

  private synchronized void closeSource() {
    ChangeSource reader = source;
    if (reader != null) {
      source = null;
      try {
        reader.close();
      } catch (RuntimeException e) {
        log.warn("services/{}: closing the reader failed", settings.service(), e);
      }
    }
  }

  private void readPrimaryPosition(DeliveryMetrics metrics) {
    SourceEndpoint server = primary().orElse(null);
    if (server != null && !closing) {
      primaryPosition.read(server).ifPresent(metrics::primaryAt);
    }
  }

  private synchronized void saveCheckpoint() {
    GtidPosition position = checkpoint.get();
    if (!position.equals(saved)) {
      try {
        stateFile.write(position);
        saved = position;
      } catch (RuntimeException e) {
        log.warn("services/{}: {}", settings.service(), e.getMessage());
      }
    }
  }

  /**
   * Applies a changed {@code match}/{@code exclude} and {@code send_schema} while replicating: the
   * reader takes them when it begins its next transaction, delivery when it is handed its next one
   * (a transaction read at that moment is filtered by both, old and new).
   */
  public void reselect(TableFilter filter, boolean sendSchema) {
    ChangeSource reader;
    Delivery sink;
    synchronized (this) {
      reader = source;
      sink = delivery;
    }
    if (reader != null) {
      reader.reselect(filter.match(), filter.exclude(), sendSchema);
    }
    if (sink != null) {
      sink.reselect(filter, sendSchema);
    }
  }

  /** The service's id. */
  public String service() {
    return settings.service();
  }

  /** The checkpoint: every transaction up to it is in Kafka. */
  public GtidPosition checkpoint() {
    return checkpoint.get();
  }

  /** The server the stream replicates from (after a failover, the new primary). */
  public synchronized Optional<SourceEndpoint> primary() {
    return Optional.ofNullable(primary);
  }

  /** Whether it replicates: not failed and not closed. */
  public boolean replicating() {
    return failure.get() == null && !closing;
  }

  /** Why replication stopped, if it did. */
  public Optional<Exception> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Stops the reader, waits up to the shutdown timeout for Kafka to acknowledge what is in flight,
   * and saves the checkpoint.
   */
  @Override
  public void close() {
    closing = true;
    closeSource();
    Delivery sink = delivery;
    if (sink != null) {
      sink.close(options.shutdownTimeout());
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(options.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    primaryPosition.close();
    saveCheckpoint();
    log.info("services/{}: stopped at {}", settings.service(), checkpoint.get());
  }
}
