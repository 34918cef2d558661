package io.weir.bench.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.service.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Weir's cdc-service against Debezium's MySQL connector on Kafka Connect, on the same MariaDB
 * primary and the same Kafka broker (both from the test kit), in one run, each tool alone on the
 * machine while it is measured and on a topic of its own ({@code message.timestamp.type=
 * LogAppendTime}, one partition).
 *
 * <ol>
 *   <li><b>Backlog drain.</b> Before either tool starts, the primary takes at least {@code rows}
 *       row changes (default 1,000,000; 60% inserts, 25% updates, 15% deletes, in multi-row
 *       statements of 300–1,200 rows) into a table of mixed column types. Then each tool in turn
 *       starts from the first binlog, and the time from its start (and from its first record) until
 *       its topic's end offset covers every expected record gives row changes per second. Weir is
 *       stopped after its drain; Debezium goes on to its live phase.
 *   <li><b>Live.</b> While a tool streams, a writer commits 1,000 inserts a second (10-row
 *       transactions every 10 ms) for a warm-up and then a measured period; each inserted row's lag
 *       is its record's broker append time minus the wall-clock time its commit returned. Debezium
 *       goes first, then Weir restarts (resuming from its topic, catching up with Debezium's live
 *       rows before its own live phase). Next to each tool's figures, the baseline over the same
 *       seconds: the writer's own producer sends each row id right after its commit returned, to a
 *       LogAppendTime topic, so what the machine and the broker alone cost is visible.
 * </ol>
 *
 * <p>Afterwards each topic is read whole and its records counted by kind, to check that the drained
 * records are the expected row changes. Arguments: row changes (default 1,000,000), measured live
 * seconds (default 30). System properties: {@code weir.cdc.jar}, {@code
 * weir.bench.debezium.classpath} (set by {@code bench/run-cdc}), {@code weir.bench.cdc.warm-up}
 * (live warm-up seconds, 10), {@code weir.bench.cdc.jvm-options} (Weir's JVM, default {@code
 * -Xmx1g}), {@code weir.bench.debezium.jvm-options} (Connect's JVM, which has {@code -Xmx1g}),
 * {@code weir.bench.cdc.verify} (true).
 */
public final class CdcVersusDebeziumBenchmark {
  private static final String WEIR_TOPIC = "weir.cdc.bench";
  private static final String BASELINE_TOPIC = "bench.live.baseline";
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(20);
  private static final int ROWS_PER_COMMIT = 10;

  private CdcVersusDebeziumBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
    Duration warmUp = Duration.ofSeconds(Long.getLong("weir.bench.cdc.warm-up", 10));
    Path cdcJar = Path.of(System.getProperty("weir.cdc.jar", "missing-weir.cdc.jar"));
    Path debeziumClassPath =
        Path.of(System.getProperty("weir.bench.debezium.classpath", "missing-classpath"));
    List<String> weirJvm = options("weir.bench.cdc.jvm-options", "-Xmx1g");
    List<String> debeziumJvm = options("weir.bench.debezium.jvm-options", "");
    boolean verify = Boolean.parseBoolean(System.getProperty("weir.bench.cdc.verify", "true"));
    Path directory = Files.createTempDirectory("weir-cdc-bench");

    try (MariaDbTopology topology =
            MariaDbTopology.start(
                TopologySpec.of(0).withServerOptions(DebeziumConnect.SERVER_VERSION));
        KafkaBroker broker = KafkaBroker.start();
        EndOffsets offsets = new EndOffsets(broker.bootstrapServers())) {
      MariaDbServer primary = topology.primary();
      BenchTables.create(primary);
      Backlog backlog = Backlog.write(primary, rows);
      System.out.printf(
          "backlog: %,d row changes (%,d inserts, %,d updates, %,d deletes) in %,d transactions,"
              + " written in %.1f s%n",
          backlog.rowChanges(),
          backlog.inserts(),
          backlog.updates(),
          backlog.deletes(),
          backlog.transactions(),
          backlog.writeNanos() / 1e9);
      String debeziumBacklog = DebeziumConnect.topic(BenchTables.BACKLOG);
      String debeziumLive = DebeziumConnect.topic(BenchTables.LIVE);
      for (String topic : List.of(WEIR_TOPIC, debeziumBacklog, debeziumLive)) {
        broker.createTopic(topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
      }
      WeirCdc weir =
          new WeirCdc(cdcJar, directory.resolve("weir"), weirJvm, topology, broker, WEIR_TOPIC);
      DebeziumConnect debezium =
          new DebeziumConnect(
              debeziumClassPath, directory.resolve("debezium"), debeziumJvm, topology, broker);
      broker.createTopic(BASELINE_TOPIC, 1, Map.of("message.timestamp.type", "LogAppendTime"));
      KafkaProducer<String, String> baselineProducer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  broker.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.LINGER_MS_CONFIG,
                  0),
              new StringSerializer(),
              new StringSerializer());
      LiveWriter writer =
          new LiveWriter(primary, ROWS_PER_COMMIT, baselineProducer, BASELINE_TOPIC);

      // 1. Weir drains the backlog (its rows, both images of an update, and one schema record)
      long weirTarget = backlog.weirRowRecords() + 1;
      AtomicReference<BooleanSupplier> weirAlive = new AtomicReference<>(() -> true);
      long weirStart = System.nanoTime();
      Future<EndOffsets.Drain> weirWatch =
          watch(offsets, WEIR_TOPIC, weirTarget, weirAlive, "weir");
      ServiceProcess weirProcess = weir.start();
      weirAlive.set(weirProcess::isRunning);
      EndOffsets.Drain weirDrain = await(weirWatch, weirProcess.logFile());
      double weirCpu = ProcessCpu.seconds(weirProcess.pid());
      weirProcess.close();
      long weirEnd = offsets.of(WEIR_TOPIC);
      Drained weirDrained = new Drained("weir", weirStart, weirDrain, weirCpu, weirTarget);
      System.out.println(weirDrained.line(backlog));

      // 2. Debezium drains the same backlog, then streams live writes
      AtomicReference<BooleanSupplier> debeziumAlive = new AtomicReference<>(() -> true);
      long debeziumStart = System.nanoTime();
      Future<EndOffsets.Drain> debeziumWatch =
          watch(offsets, debeziumBacklog, backlog.debeziumRecords(), debeziumAlive, "debezium");
      ChildProcess connect = debezium.start();
      debeziumAlive.set(connect::isAlive);
      Live debeziumLag;
      Drained debeziumDrained;
      try {
        EndOffsets.Drain drain = await(debeziumWatch, connect.logFile());
        debeziumDrained =
            new Drained(
                "debezium",
                debeziumStart,
                drain,
                ProcessCpu.seconds(connect.pid()),
                backlog.debeziumRecords());
        System.out.println(debeziumDrained.line(backlog));
        debeziumLag =
            live(
                broker,
                debeziumLive,
                CdcVersusDebeziumBenchmark::debeziumInsert,
                writer,
                1,
                warmUp,
                measured);
      } finally {
        DebeziumConnect.stop(connect);
      }
      long debeziumLiveRows = debeziumLag.tool().written().commitMillis().length;

      // 3. Weir restarts, catches up with Debezium's live rows, then streams its own
      ServiceProcess weirAgain = weir.start();
      Live weirLag;
      try {
        offsets.awaitEndOffset(
            WEIR_TOPIC,
            weirEnd,
            weirEnd + debeziumLiveRows,
            Duration.ofMinutes(5),
            weirAgain::isRunning,
            "weir");
        weirLag =
            live(
                broker,
                WEIR_TOPIC,
                CdcVersusDebeziumBenchmark::weirInsert,
                writer,
                debeziumLiveRows + 1,
                warmUp,
                measured);
      } finally {
        weirAgain.close();
      }
      baselineProducer.close();

      printDrain(backlog, weirDrained, debeziumDrained);
      printLive(warmUp, measured, weirLag, debeziumLag);
      if (verify) {
        System.out.println();
        System.out.println("topics read back (records by kind):");
        System.out.println(
            "  weir      "
                + TopicCensus.count(broker.bootstrapServers(), WEIR_TOPIC, TopicCensus::weirKind));
        System.out.println(
            "  debezium  "
                + TopicCensus.count(
                    broker.bootstrapServers(), debeziumBacklog, TopicCensus::debeziumKind)
                + " (backlog), "
                + TopicCensus.count(
                    broker.bootstrapServers(), debeziumLive, TopicCensus::debeziumKind)
                + " (live)");
        System.out.printf(
            "  expected  backlog: %,d inserts, %,d updates, %,d deletes; live: %,d + %,d inserts%n",
            backlog.inserts(),
            backlog.updates(),
            backlog.deletes(),
            debeziumLiveRows,
            weirLag.tool().written().commitMillis().length);
      }
    }
  }

  private static List<String> options(String property, String defaults) {
    String value = System.getProperty(property, defaults).trim();
    return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
  }

  private static Future<EndOffsets.Drain> watch(
      EndOffsets offsets,
      String topic,
      long target,
      AtomicReference<BooleanSupplier> alive,
      String tool) {
    // a daemon, so that a tool that fails to start ends the run instead of this poll holding it
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("drain-watch").factory());
    try {
      return executor.submit(
          () ->
              offsets.awaitEndOffset(
                  topic, 0, target, DRAIN_TIMEOUT, () -> alive.get().getAsBoolean(), tool));
    } finally {
      executor.shutdown();
    }
  }

  private static EndOffsets.Drain await(Future<EndOffsets.Drain> watch, Path log)
      throws InterruptedException {
    try {
      return watch.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          e.getCause().getMessage() + "; its log: " + log, e.getCause());
    }
  }

  /** The live row inserted by a Weir document, or null. */
  private static @Nullable Long weirInsert(JsonNode document) {
    return BenchTables.LIVE.equals(document.path("table_name").asText())
            && "insert".equals(document.path("event_type").asText())
        ? document.path("id").asLong()
        : null;
  }

  /** The live row inserted by a Debezium change event, or null. */
  private static @Nullable Long debeziumInsert(JsonNode event) {
    return "c".equals(event.path("op").asText()) ? event.path("after").path("id").asLong() : null;
  }

  /** Lags (ms) of the measured rows; {@code missing} rows never arrived. */
  record Lag(LiveWriter.Written written, long[] sortedMillis, long missing) {
    String line(String tool) {
      if (sortedMillis.length == 0) {
        return "%-22s no measured row arrived".formatted(tool);
      }
      return "%-22s %10d %10d %10d %10d %10d"
          .formatted(
              tool,
              percentile(0.50),
              percentile(0.99),
              sortedMillis[sortedMillis.length - 1],
              sortedMillis.length,
              missing);
    }

    long percentile(double fraction) {
      return sortedMillis[(int) Math.ceil(sortedMillis.length * fraction) - 1];
    }
  }

  /** A tool's live lags and the baseline's, measured over the same writes. */
  record Live(Lag tool, Lag baseline) {}

  private static Live live(
      KafkaBroker broker,
      String topic,
      Function<JsonNode, @Nullable Long> insertedId,
      LiveWriter writer,
      long firstId,
      Duration warmUp,
      Duration measured)
      throws Exception {
    try (LagConsumer consumer = new LagConsumer(broker.bootstrapServers(), topic, insertedId);
        LagConsumer baseline =
            new LagConsumer(
                broker.bootstrapServers(),
                BASELINE_TOPIC,
                document -> document.path("id").asLong())) {
      LiveWriter.Written written = writer.run(firstId, warmUp, measured);
      consumer.awaitIds(written.measuredFromId(), written.lastId(), Duration.ofSeconds(60));
      baseline.awaitIds(written.measuredFromId(), written.lastId(), Duration.ofSeconds(10));
      return new Live(lags(written, consumer), lags(written, baseline));
    }
  }

  private static Lag lags(LiveWriter.Written written, LagConsumer consumer) {
    long[] lags = new long[(int) (written.lastId() - written.measuredFromId() + 1)];
    int arrived = 0;
    for (long id = written.measuredFromId(); id <= written.lastId(); id++) {
      Long appended = consumer.appendMillis(id);
      if (appended != null) {
        lags[arrived++] = appended - written.commitMillis(id);
      }
    }
    long[] sorted = Arrays.copyOf(lags, arrived);
    Arrays.sort(sorted);
    return new Lag(written, sorted, lags.length - arrived);
  }

  /** One tool's drain of the backlog. */
  record Drained(
      String tool, long startNanos, EndOffsets.Drain drain, double cpuSeconds, long records) {
    double fromStartSeconds() {
      return (drain.completeNanos() - startNanos) / 1e9;
    }

    double fromFirstSeconds() {
      return (drain.completeNanos() - drain.firstRecordNanos()) / 1e9;
    }

    String line(Backlog backlog) {
      return "%-10s %,12d %,12d %10.1f %12.0f %10.1f %12.0f %10.1f"
          .formatted(
              tool,
              backlog.rowChanges(),
              records,
              fromStartSeconds(),
              backlog.rowChanges() / fromStartSeconds(),
              fromFirstSeconds(),
              backlog.rowChanges() / fromFirstSeconds(),
              cpuSeconds);
    }
  }

  private static void printDrain(Backlog backlog, Drained weir, Drained debezium) {
    System.out.println();
    System.out.printf(
        "backlog drain: %,d row changes (%,d inserts, %,d updates, %,d deletes)%n",
        backlog.rowChanges(), backlog.inserts(), backlog.updates(), backlog.deletes());
    System.out.printf(
        "%-10s %12s %12s %10s %12s %10s %12s %10s%n",
        "tool", "row changes", "records", "start s", "changes/s", "first s", "changes/s", "cpu s");
    System.out.println(weir.line(backlog));
    System.out.println(debezium.line(backlog));
    System.out.printf(
        "weir / debezium: %.2fx from each tool's start, %.2fx from its first record;"
            + " CPU per row change %.2fx%n",
        debezium.fromStartSeconds() / weir.fromStartSeconds(),
        debezium.fromFirstSeconds() / weir.fromFirstSeconds(),
        weir.cpuSeconds() / debezium.cpuSeconds());
  }

  private static void printLive(Duration warmUp, Duration measured, Live weir, Live debezium) {
    System.out.println();
    System.out.printf(
        "live: 1,000 inserts/s (%d-row transactions every %d ms), %d s warm-up, %d s measured;"
            + " lag = broker append time - commit returned%n",
        ROWS_PER_COMMIT, ROWS_PER_COMMIT, warmUp.toSeconds(), measured.toSeconds());
    System.out.printf(
        "%-22s %10s %10s %10s %10s %10s%n", "lag ms", "p50", "p99", "max", "rows", "missing");
    System.out.println(weir.tool().line("weir"));
    System.out.println(weir.baseline().line("  baseline (same time)"));
    System.out.println(debezium.tool().line("debezium"));
    System.out.println(debezium.baseline().line("  baseline (same time)"));
    System.out.println(
        "baseline: the writer's own producer sends each row id right after the commit returned;"
            + " its lag is the machine's and the broker's share");
  }
}
