package io.weir.cdc.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of one kafkacdc service, tagged {@code service}. Names are declared here once; in
 * Prometheus they read {@code weir_cdc_*}.
 */
public final class DeliveryMetrics {

  /** Row events Kafka acknowledged, tagged {@code table} ({@code db.table}). */
  public static final String EVENTS = "weir.cdc.events";

  /** Bytes (key and document) of records Kafka acknowledged, tagged {@code table}. */
  public static final String BYTES = "weir.cdc.bytes";

  /** Schema records Kafka acknowledged: table versions sent, tagged {@code table}. */
  public static final String SCHEMA_VERSIONS = "weir.cdc.schema.versions";

  /** Records Kafka refused or that could not be sent. */
  public static final String PRODUCER_ERRORS = "weir.cdc.producer.errors";

  /** The checkpoint's sequence number, tagged {@code domain}. */
  public static final String GTID_SEQUENCE = "weir.cdc.gtid.sequence";

  /**
   * Seconds between the primary's commit of the last checkpointed transaction and its checkpoint.
   */
  public static final String LAG = "weir.cdc.lag.seconds";

  /**
   * Transactions the checkpoint is behind the primary, tagged {@code domain}: the sequence of the
   * primary's {@code @@gtid_binlog_pos} less the checkpoint's, read every few seconds.
   */
  public static final String LAG_TRANSACTIONS = "weir.cdc.lag.transactions";

  /** Bytes handed to the producer and not yet acknowledged. */
  public static final String IN_FLIGHT_BYTES = "weir.cdc.in.flight.bytes";

  /** 1 while the service replicates, 0 once the reader or Kafka stopped it (see the log). */
  public static final String REPLICATING = "weir.cdc.replicating";

  /**
   * Failovers of the service's primary, tagged {@code result}: {@code continued} (on the new
   * primary), {@code lossy} (the new primary lacks a transaction already read; the service stopped)
   * or {@code no_primary} (none appeared in time; the service stopped).
   */
  public static final String FAILOVERS = "weir.cdc.failovers";

  private final MeterRegistry registry;
  private final String service;
  private final InstantSource clock;

  private record TableName(String database, String table) {}

  private record TableCounters(Counter events, Counter schemaVersions, Counter bytes) {}

  // looked up once per table: the registry hashes the tags on every lookup, which was 4.7% of the
  // service's CPU samples when it called it for every acknowledged record
  private final Map<TableName, TableCounters> tables = new ConcurrentHashMap<>();
  private final Map<Long, AtomicLong> sequences = new ConcurrentHashMap<>();
  private final Map<Long, AtomicLong> primarySequences = new ConcurrentHashMap<>();
  private final AtomicLong lagMillis = new AtomicLong();
  private final Counter errors;

  public DeliveryMetrics(MeterRegistry registry, String service, InstantSource clock) {
    this.registry = registry;
    this.service = service;
    this.clock = clock;
    // a service started again in this JVM (a Lease taken again) reports its new stream's values,
    // not the closed stream's: a gauge registered twice would keep the first one's object
    for (String gauge :
        List.of(LAG, IN_FLIGHT_BYTES, REPLICATING, GTID_SEQUENCE, LAG_TRANSACTIONS)) {
      registry.find(gauge).tag("service", service).gauges().forEach(registry::remove);
    }
    this.errors =
        Counter.builder(PRODUCER_ERRORS)
            .tag("service", service)
            .description("Records Kafka refused or that could not be sent")
            .register(registry);
    Gauge.builder(LAG, lagMillis, millis -> millis.get() / 1000.0)
        .tag("service", service)
        .description("Seconds from the primary's commit to the checkpoint of the last transaction")
        .register(registry);
  }

  /** Reports the bytes in flight of {@code budget}. */
  <T> void inFlight(T budget, ToDoubleFunction<T> bytes) {
    Gauge.builder(IN_FLIGHT_BYTES, budget, bytes)
        .tag("service", service)
        .description("Bytes handed to the producer and not yet acknowledged")
        .register(registry);
  }

  /** Reports whether {@code stream} still replicates. */
  void replicating(KafkaCdcStream stream) {
    Gauge.builder(REPLICATING, stream, running -> running.replicating() ? 1 : 0)
        .tag("service", service)
        .description("1 while the service replicates, 0 once a failure or a lost Lease stopped it")
        .register(registry);
  }

  /** Kafka acknowledged {@code document}. */
  void acknowledged(SentRecord record) {
    TableCounters counters =
        tables.computeIfAbsent(new TableName(record.database(), record.table()), this::counters);
    switch (record.kind()) {
      case ROW -> counters.events().increment();
      case SCHEMA -> counters.schemaVersions().increment();
    }
    counters.bytes().increment(record.bytes());
  }

  private TableCounters counters(TableName name) {
    Tags tags = Tags.of("service", service, "table", name.database() + "." + name.table());
    return new TableCounters(
        registry.counter(EVENTS, tags),
        registry.counter(SCHEMA_VERSIONS, tags),
        registry.counter(BYTES, tags));
  }

  /** A failover of the primary ended as {@code result} (see {@link #FAILOVERS}). */
  void failover(String result) {
    Counter.builder(FAILOVERS)
        .tags("service", service, "result", result)
        .description("Failovers of the primary, by how they ended")
        .register(registry)
        .increment();
  }

  void producerError() {
    errors.increment();
  }

  /** The checkpoint moved to {@code position}, completing a transaction committed at that time. */
  void checkpoint(GtidPosition position, Instant committedAt) {
    for (Gtid gtid : position.byDomain().values()) {
      sequences
          .computeIfAbsent(
              gtid.domain(),
              domain -> {
                AtomicLong sequence = new AtomicLong();
                Gauge.builder(GTID_SEQUENCE, sequence, AtomicLong::get)
                    .tags("service", service, "domain", Long.toString(domain))
                    .description("Sequence number of the checkpointed GTID of the domain")
                    .register(registry);
                return sequence;
              })
          .set(gtid.sequence());
    }
    lagMillis.set(Math.max(0, Duration.between(committedAt, clock.instant()).toMillis()));
  }

  /** The primary's binlog position was read as {@code position}. */
  void primaryAt(GtidPosition position) {
    for (Gtid gtid : position.byDomain().values()) {
      primarySequences
          .computeIfAbsent(
              gtid.domain(),
              domain -> {
                AtomicLong sequence = new AtomicLong();
                Gauge.builder(
                        LAG_TRANSACTIONS,
                        sequence,
                        primary -> transactionsBehind(domain, primary.get()))
                    .tags("service", service, "domain", Long.toString(domain))
                    .description("Transactions the checkpoint is behind the primary's binlog")
                    .register(registry);
                return sequence;
              })
          .set(gtid.sequence());
    }
  }

  private double transactionsBehind(long domain, long primarySequence) {
    AtomicLong checkpointed = sequences.get(domain);
    long behind = primarySequence - (checkpointed == null ? 0 : checkpointed.get());
    return Math.max(0, behind);
  }
}
