package io.weir.cdc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weir.cdc.delivery.DeliveryMetrics;
import io.weir.cdc.delivery.KafkaCdcStream;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import io.weir.cdc.source.ChangeSourceRequest;
import io.weir.cdc.testing.TestingChangeSource;
import io.weir.cdc.testing.TestingTransactions;
import io.weir.control.config.Configuration;
import io.weir.control.config.StaticConfiguration;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kafkacdc service from its configuration to Kafka and back: a real primary checked, a real
 * broker, and the test's stand-in reader ({@link TestingChangeSource}) in place of the binlog.
 */
@WithMariaDb(replicas = 0)
@WithKafka
class CdcRunnerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDirectory;

  private final CopyOnWriteArrayList<TransactionPiece> binlog = new CopyOnWriteArrayList<>();
  private final List<ChangeSourceRequest> requests = new CopyOnWriteArrayList<>();
  private final List<TestingChangeSource> sources = new CopyOnWriteArrayList<>();

  @Test
  @DisplayName(
      "a service delivers, saves current_gtid.txt, and a restart resumes from the topic's position")
  void deliversAndResumesFromTheTopic(MariaDbTopology topology, KafkaBroker broker)
      throws Exception {
    String topic = "cdc-" + UUID.randomUUID();
    broker.createTopic(topic, 2, Map.of());
    Configuration configuration = configuration(topology, broker, topic, "");
    for (int sequence = 1; sequence <= 5; sequence++) {
      binlog.add(TestingTransactions.inserts(gtid(sequence), "app", "t", 2));
    }
    binlog.add(TestingTransactions.inserts(gtid(6), "app", "secret", 2));

    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CdcRunner first = runner(configuration, registry);
    first.start();
    try {
      KafkaCdcStream stream = first.stream("cdc").orElseThrow();
      await(() -> stream.checkpoint().equals(position(6)), "checkpoint 0-1-6");
      assertThat(requests.getFirst().primary().port()).isEqualTo(topology.primary().port());
      assertThat(requests.getFirst().serverId()).isEqualTo(4321L);
      assertThat(requests.getFirst().dataDirectory()).isDirectory().endsWith(Path.of("cdc"));
      assertThat(sources.getFirst().startedAfter()).isEqualTo(GtidPosition.empty());
      assertThat(registry.get(DeliveryMetrics.EVENTS).tag("table", "app.t").counter().count())
          .isEqualTo(10);
      assertThat(registry.find(DeliveryMetrics.EVENTS).tag("table", "app.secret").counter())
          .isNull();
      assertThat(registry.scrape())
          .contains(
              "weir_cdc_events_total{service=\"cdc\",table=\"app.t\"} 10.0",
              "weir_cdc_schema_versions_total{service=\"cdc\",table=\"app.t\"} 5.0",
              "weir_cdc_gtid_sequence{domain=\"0\",service=\"cdc\"} 6.0",
              "weir_cdc_bytes_total{",
              "weir_cdc_producer_errors_total{service=\"cdc\"} 0.0",
              "weir_cdc_lag_seconds{service=\"cdc\"}",
              "weir_cdc_in_flight_bytes{service=\"cdc\"}",
              "weir_cdc_replicating{service=\"cdc\"} 1.0");
    } finally {
      first.stop();
    }
    assertThat(Files.readString(dataDirectory.resolve("cdc/current_gtid.txt")).strip())
        .isEqualTo("0-1-6");

    binlog.add(TestingTransactions.inserts(gtid(7), "app", "t", 1));
    CdcRunner second = runner(configuration, new SimpleMeterRegistry());
    second.start();
    try {
      KafkaCdcStream stream = second.stream("cdc").orElseThrow();
      await(() -> stream.checkpoint().equals(position(7)), "checkpoint 0-1-7");
      // the topic's newest complete transaction is 0-1-5 (0-1-6 sent nothing)
      assertThat(sources.getLast().startedAfter()).isEqualTo(position(5));
    } finally {
      second.stop();
    }

    List<String> keys =
        broker.readAll(topic, WAIT).stream()
            .map(ConsumerRecord::key)
            .filter(key -> !key.endsWith(":0"))
            .sorted()
            .toList();
    assertThat(keys)
        .containsExactly(
            "0-1-1:1", "0-1-1:2", "0-1-2:1", "0-1-2:2", "0-1-3:1", "0-1-3:2", "0-1-4:1", "0-1-4:2",
            "0-1-5:1", "0-1-5:2", "0-1-7:1");
  }

  @Test
  @DisplayName(
      "stopping while Kafka is away takes the shutdown timeout, not longer, and the checkpoint"
          + " stays before what Kafka did not acknowledge")
  void stopsWithinTheShutdownTimeoutWhenKafkaIsAway(MariaDbTopology topology, KafkaBroker broker)
      throws Exception {
    String topic = "cdc-" + UUID.randomUUID();
    broker.createTopic(topic, 1, Map.of());
    binlog.add(TestingTransactions.inserts(gtid(1), "app", "t", 2));
    var registry = new SimpleMeterRegistry();
    Duration shutdownTimeout = Duration.ofSeconds(3);
    CdcRunner runner =
        runner(configuration(topology, broker, topic, ""), registry, shutdownTimeout);
    runner.start();
    try {
      KafkaCdcStream stream = runner.stream("cdc").orElseThrow();
      await(() -> stream.checkpoint().equals(position(1)), "checkpoint 0-1-1");
      broker.stop();
      binlog.addAll(TestingTransactions.insertsInPieces(gtid(2), "app", "t", 6, 2));
      await(
          () -> registry.get(DeliveryMetrics.IN_FLIGHT_BYTES).gauge().value() > 0,
          "records waiting for Kafka");

      long started = System.nanoTime();
      runner.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(shutdownTimeout.plusSeconds(5));
      assertThat(stream.checkpoint()).isEqualTo(position(1));
    } finally {
      runner.stop();
      broker.restart();
    }
    assertThat(Files.readString(dataDirectory.resolve("cdc/current_gtid.txt")).strip())
        .isEqualTo("0-1-1");
  }

  @Test
  @DisplayName("with exactly_once a restart resumes from the committed position record")
  void exactlyOnceResumesFromThePositionTopic(MariaDbTopology topology, KafkaBroker broker)
      throws Exception {
    String topic = "cdc-" + UUID.randomUUID();
    broker.createTopic(topic, 2, Map.of());
    Configuration configuration =
        configuration(topology, broker, topic, "      exactly_once: true\n");
    for (int sequence = 1; sequence <= 3; sequence++) {
      binlog.add(TestingTransactions.inserts(gtid(sequence), "app", "t", 2));
    }

    CdcRunner first = runner(configuration, new SimpleMeterRegistry());
    first.start();
    try {
      KafkaCdcStream stream = first.stream("cdc").orElseThrow();
      await(() -> stream.checkpoint().equals(position(3)), "checkpoint 0-1-3");
    } finally {
      first.stop();
    }
    binlog.add(TestingTransactions.inserts(gtid(4), "app", "t", 1));
    CdcRunner second = runner(configuration, new SimpleMeterRegistry());
    second.start();
    try {
      KafkaCdcStream stream = second.stream("cdc").orElseThrow();
      await(() -> stream.checkpoint().equals(position(4)), "checkpoint 0-1-4");
      assertThat(sources.getLast().startedAfter()).isEqualTo(position(3));
    } finally {
      second.stop();
    }

    assertThat(
            broker.readAll(topic, WAIT).stream()
                .map(ConsumerRecord::key)
                .filter(key -> !key.endsWith(":0"))
                .sorted()
                .toList())
        .containsExactly(
            "0-1-1:1", "0-1-1:2", "0-1-2:1", "0-1-2:2", "0-1-3:1", "0-1-3:2", "0-1-4:1");
  }

  @Test
  @DisplayName("without read_gtid_from_kafka the local current_gtid.txt is where it resumes")
  void resumesFromTheStateFile(MariaDbTopology topology, KafkaBroker broker) throws Exception {
    String topic = "cdc-" + UUID.randomUUID();
    broker.createTopic(topic, 1, Map.of());
    Files.createDirectories(dataDirectory.resolve("cdc"));
    Files.writeString(dataDirectory.resolve("cdc/current_gtid.txt"), "0-1-41\n");
    binlog.add(TestingTransactions.inserts(gtid(41), "app", "t", 1));
    binlog.add(TestingTransactions.inserts(gtid(42), "app", "t", 1));

    CdcRunner runner =
        runner(
            configuration(topology, broker, topic, "      read_gtid_from_kafka: false\n"),
            new SimpleMeterRegistry());
    runner.start();
    try {
      KafkaCdcStream stream = runner.stream("cdc").orElseThrow();
      await(() -> stream.checkpoint().equals(position(42)), "checkpoint 0-1-42");
      assertThat(sources.getFirst().startedAfter()).isEqualTo(position(41));
    } finally {
      runner.stop();
    }
  }

  @Test
  @DisplayName("a service whose account cannot replicate does not start, and says why")
  void anAccountWithoutTheGrantIsRefused(MariaDbTopology topology, KafkaBroker broker)
      throws Exception {
    String yaml =
        yaml(topology, broker, "cdc-" + UUID.randomUUID(), "")
            .replace(
                "password: " + Credentials.SERVICE.password(),
                "password: " + Credentials.APPLICATION.password())
            .replace(
                "user: " + Credentials.SERVICE.user(), "user: " + Credentials.APPLICATION.user());
    CdcRunner runner =
        runner(
            StaticConfiguration.parse("weir.yaml", new StringReader(yaml)),
            new SimpleMeterRegistry());

    assertThatThrownBy(runner::start).hasMessageContaining("lacks the REPLICATION SLAVE grant");
    assertThat(runner.isRunning()).isFalse();
    assertThat(requests).isEmpty();
  }

  private CdcRunner runner(Configuration configuration, MeterRegistry registry) {
    return runner(configuration, registry, Duration.ofSeconds(10));
  }

  private CdcRunner runner(
      Configuration configuration, MeterRegistry registry, Duration shutdownTimeout) {
    return new CdcRunner(
        configuration,
        new KafkaCdcStream.Options(
            dataDirectory,
            1 << 20,
            Duration.ofSeconds(30),
            shutdownTimeout,
            1000,
            Duration.ofSeconds(30)),
        request -> {
          requests.add(request);
          TestingChangeSource source = new TestingChangeSource(binlog);
          sources.add(source);
          return source;
        },
        registry,
        InstantSource.system());
  }

  private static Configuration configuration(
      MariaDbTopology topology, KafkaBroker broker, String topic, String extra) throws Exception {
    return StaticConfiguration.parse(
        "weir.yaml", new StringReader(yaml(topology, broker, topic, extra)));
  }

  private static String yaml(
      MariaDbTopology topology, KafkaBroker broker, String topic, String extra) {
    return """
        servers:
          db1:
            parameters: {address: 127.0.0.1, port: %d}
        services:
          cdc:
            router: kafkacdc
            servers: [db1]
            parameters:
              user: %s
              password: %s
              bootstrap_servers: %s
              topic: %s
              server_id: 4321
              exclude: '[.]secret$'
        """
            .formatted(
                topology.primary().port(),
                Credentials.SERVICE.user(),
                Credentials.SERVICE.password(),
                broker.bootstrapServers(),
                topic)
        + extra;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + WAIT + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  private static Gtid gtid(long sequence) {
    return new Gtid(0, 1, sequence);
  }

  private static GtidPosition position(long sequence) {
    return GtidPosition.empty().with(gtid(sequence));
  }
}
