package io.weir.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.WithMariaDb;
import io.weir.testkit.service.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cdc-service as a process of its own (its executable jar, built by {@code package} before the
 * integration tests run) while a writer commits a steady stream of single- and multi-row
 * transactions: the service is SIGKILLed several times at arbitrary moments (between and inside
 * transactions, with records in flight) and started again, and the Kafka broker is restarted once
 * mid-stream. Afterwards every committed row event is in the topic under its key, in commit order
 * within its partition, and with {@code exactly_once} none is there twice for a read_committed
 * reader.
 */
@WithKafka
@WithMariaDb(replicas = 0)
class CdcServiceSurvivesFaultsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KILLS = 3;

  /** The service's JVM starts four times per run: C1 only and the serial collector start faster. */
  private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @ParameterizedTest(name = "exactly_once={0}")
  @ValueSource(booleans = {false, true})
  @DisplayName(
      "SIGKILLed three times and with the broker restarted mid-stream, the service loses no"
          + " committed row event, keeps each partition in commit order, and with exactly_once"
          + " repeats none")
  void losesNothingWhenKilled(
      boolean exactlyOnce, MariaDbTopology topology, KafkaBroker broker, @TempDir Path directory)
      throws Exception {
    String topic = "weir.cdc.faults." + UUID.randomUUID();
    String table = "faults_" + UUID.randomUUID().toString().substring(0, 8);
    broker.createTopic(topic, 3, Map.of());
    topology
        .primary()
        .execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            configuration(topology, broker, topic, table, exactlyOnce));
    List<String> arguments =
        List.of(
            "--weir.cdc.config-file=" + file,
            "--weir.cdc.data-directory=" + directory.resolve("data"),
            "--weir.cdc.delivery-timeout=90s");

    Writer writer = new Writer(topology, table);
    ServiceProcess cdc = ServiceProcess.start("cdc", jar(), directory, JVM, arguments);
    try {
      writer.start();
      for (int kill = 1; kill <= KILLS; kill++) {
        Thread.sleep(ThreadLocalRandom.current().nextLong(1_000, 3_000));
        cdc.kill();
        if (kill == 2) {
          // the broker goes away and comes back while the service streams
          cdc = ServiceProcess.start("cdc", jar(), directory, JVM, arguments);
          Thread.sleep(1_500);
          broker.stop();
          Thread.sleep(3_000);
          broker.restart();
        } else {
          cdc = ServiceProcess.start("cdc", jar(), directory, JVM, arguments);
        }
      }
      Thread.sleep(2_000);
      writer.stopAndAwait();
      assertThat(writer.committed()).as("transactions written").hasSizeGreaterThan(50);

      Map<String, RowEvent> expected = writer.expectedEvents();
      List<ConsumerRecord<String, String>> records = awaitEveryKey(broker, topic, expected, cdc);

      Map<String, Integer> timesPerKey = new HashMap<>();
      Map<Integer, List<String>> firstSeenPerPartition = new HashMap<>();
      for (ConsumerRecord<String, String> record : records) {
        JsonNode document = JSON.readTree(record.value());
        if (document.has("namespace")) {
          continue; // a schema record may repeat after a restart
        }
        RowEvent event = expected.get(record.key());
        assertThat(event).as("an event that was committed: " + record.key()).isNotNull();
        assertThat(document.get("event_type").asText()).as(record.key()).isEqualTo(event.type());
        assertThat(document.get("id").asInt()).as(record.key()).isEqualTo(event.id());
        if (timesPerKey.merge(record.key(), 1, Integer::sum) == 1) {
          firstSeenPerPartition
              .computeIfAbsent(record.partition(), partition -> new ArrayList<>())
              .add(record.key());
        }
      }
      assertThat(timesPerKey.keySet())
          .as("every committed row event")
          .containsAll(expected.keySet());
      for (List<String> keys : firstSeenPerPartition.values()) {
        assertThat(keys).as("a partition in commit order").isSortedAccordingTo(Writer.COMMIT_ORDER);
      }
      if (exactlyOnce) {
        assertThat(timesPerKey.values()).as("read_committed: each event once").containsOnly(1);
      }
    } finally {
      writer.stopAndAwait();
      cdc.close();
    }
  }

  private static String configuration(
      MariaDbTopology topology,
      KafkaBroker broker,
      String topic,
      String table,
      boolean exactlyOnce) {
    return """
        servers:
          db1: {parameters: {address: 127.0.0.1, port: %d}}
        services:
          cdc:
            router: kafkacdc
            servers: [db1]
            parameters:
              user: %s
              password: %s
              bootstrap_servers: %s
              topic: %s
              gtid: newest
              match: 'app[.]%s'
              exactly_once: %s
        """
        .formatted(
            topology.primary().port(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            broker.bootstrapServers(),
            topic,
            table,
            exactlyOnce);
  }

  /** Reads the topic until every expected key is in it (or a minute passed). */
  private static List<ConsumerRecord<String, String>> awaitEveryKey(
      KafkaBroker broker, String topic, Map<String, RowEvent> expected, ServiceProcess cdc)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      List<ConsumerRecord<String, String>> records = broker.readAll(topic, Duration.ofSeconds(20));
      long present =
          records.stream()
              .map(ConsumerRecord::key)
              .distinct()
              .filter(expected::containsKey)
              .count();
      if (present == expected.size() || System.nanoTime() > deadline) {
        if (present < expected.size()) {
          System.err.println(
              Files.readString(cdc.logFile()).lines().toList().reversed().stream()
                  .limit(40)
                  .toList()
                  .reversed());
        }
        return records;
      }
      Thread.sleep(500);
    }
  }

  private static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(path -> path.getFileName().toString().matches("cdc-service-.*[.]jar"))
          .filter(path -> !path.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no cdc-service jar in target: run package first"));
    }
  }

  /** A row event the writer committed: its type and the row's id. */
  record RowEvent(String type, int id) {}

  /**
   * Commits transactions one after the other on its own thread: every other one a single-row
   * INSERT, the others three INSERTs and an UPDATE of one of them (five row events). It remembers
   * each committed transaction's GTID ({@code @@last_gtid}) and row events.
   */
  private static final class Writer {
    /** Orders keys {@code d-s-n:e} by sequence, then event number. */
    static final java.util.Comparator<String> COMMIT_ORDER =
        java.util.Comparator.<String>comparingLong(
                key -> Long.parseLong(key.substring(key.lastIndexOf('-') + 1, key.indexOf(':'))))
            .thenComparingInt(key -> Integer.parseInt(key.substring(key.indexOf(':') + 1)));

    private final MariaDbTopology topology;
    private final String table;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, List<RowEvent>> committed = new LinkedHashMap<>();
    private final Thread thread;
    private volatile @org.jspecify.annotations.Nullable Exception failure;

    Writer(MariaDbTopology topology, String table) {
      this.topology = topology;
      this.table = table;
      this.thread = Thread.ofPlatform().name("writer").unstarted(this::write);
    }

    void start() {
      thread.start();
    }

    private void write() {
      int id = 0;
      try (Connection connection = topology.primary().connect(Credentials.ADMIN);
          Statement statement = connection.createStatement()) {
        connection.setAutoCommit(false);
        for (int n = 0; running.get(); n++) {
          List<RowEvent> events = new ArrayList<>();
          if (n % 2 == 0) {
            id++;
            statement.execute("INSERT INTO app." + table + " VALUES (" + id + ", 'single')");
            events.add(new RowEvent("insert", id));
          } else {
            int first = id + 1;
            statement.execute(
                "INSERT INTO app."
                    + table
                    + " VALUES ("
                    + (id + 1)
                    + ", 'a'), ("
                    + (id + 2)
                    + ", 'b'), ("
                    + (id + 3)
                    + ", 'c')");
            statement.execute("UPDATE app." + table + " SET name = 'updated' WHERE id = " + first);
            for (int i = 1; i <= 3; i++) {
              events.add(new RowEvent("insert", id + i));
            }
            events.add(new RowEvent("update_before", first));
            events.add(new RowEvent("update_after", first));
            id += 3;
          }
          connection.commit();
          try (ResultSet gtid = statement.executeQuery("SELECT @@last_gtid")) {
            gtid.next();
            synchronized (committed) {
              committed.put(gtid.getString(1), events);
            }
          }
          Thread.sleep(15);
        }
      } catch (SQLException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stopAndAwait() throws InterruptedException {
      running.set(false);
      thread.join();
      assertThat(failure).as("the writer's failure").isNull();
    }

    Map<String, List<RowEvent>> committed() {
      synchronized (committed) {
        return new LinkedHashMap<>(committed);
      }
    }

    /** Each committed row event by its key {@code domain-server_id-sequence:event_number}. */
    Map<String, RowEvent> expectedEvents() {
      Map<String, RowEvent> expected = new HashMap<>();
      committed()
          .forEach(
              (gtid, events) -> {
                for (int i = 0; i < events.size(); i++) {
                  expected.put(gtid + ":" + (i + 1), events.get(i));
                }
              });
      return expected;
    }
  }
}
