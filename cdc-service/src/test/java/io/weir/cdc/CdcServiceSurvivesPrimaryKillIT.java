package io.weir.cdc;

import static io.weir.cdc.testing.Scrape.label;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.cdc.testing.CommittingWriter;
import io.weir.cdc.testing.CommittingWriter.InDoubt;
import io.weir.cdc.testing.CommittingWriter.RowEvent;
import io.weir.cdc.testing.DeliveredRecords;
import io.weir.cdc.testing.Scrape;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import io.weir.testkit.service.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cdc-service as a process of its own, replicating a primary with one replica while a writer
 * commits a steady stream of transactions; the primary's {@code mariadbd} is SIGKILLed at an
 * arbitrary moment and the replica promoted, and the writer goes on there.
 *
 * <p>What is expected: with asynchronous replication a transaction the killed primary acknowledged
 * may never have reached the replica; the database lost it, not the service. So the expected events
 * are those of the transactions the new primary's binlog holds ({@code @@gtid_binlog_state}), which
 * the test cross-checks with the rows the new primary's table holds. In the rare run where the
 * service had read such a transaction before the kill (a lossy failover), the documented behaviour
 * is checked instead: the service stops, counts the failover as lossy and delivers nothing of the
 * new primary. {@link #stopsOnALossyFailover} makes that case on purpose.
 *
 * <p>Each test starts a topology of its own: a killed primary leaves it unfit for sharing.
 */
@WithKafka
class CdcServiceSurvivesPrimaryKillIT {

  /** As {@code CdcServiceSurvivesFaultsIT}: C1 only and the serial collector start faster. */
  private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final String FAILOVERS = "weir_cdc_failovers_total";

  @ParameterizedTest(name = "exactly_once={0}")
  @ValueSource(booleans = {false, true})
  @DisplayName(
      "the primary SIGKILLed mid-stream and the replica promoted: the service continues from its"
          + " GTID on the new primary; every transaction the new primary holds is in the topic, in"
          + " commit order, and with exactly_once once")
  void continuesOnThePromotedReplica(
      boolean exactlyOnce, KafkaBroker broker, @TempDir Path directory) throws Exception {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(1))) {
      MariaDbServer former = topology.primary();
      MariaDbServer replica = topology.replicas().getFirst();
      String topic = "weir.cdc.kill-primary." + UUID.randomUUID();
      String table = "killed_" + UUID.randomUUID().toString().substring(0, 8);
      broker.createTopic(topic, 3, Map.of());
      former.execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
      topology.awaitReplicasCaughtUp();
      List<String> arguments = arguments(topology, broker, topic, table, exactlyOnce, directory);

      CommittingWriter writer = new CommittingWriter(topology::primary, table);
      try (ServiceProcess cdc = ServiceProcess.start("cdc", jar(), directory, JVM, arguments)) {
        writer.start();
        Thread.sleep(ThreadLocalRandom.current().nextLong(2_000, 4_000));
        former.kill();
        topology.promote(replica);
        Thread.sleep(4_000);
        writer.stopAndAwait();
        assertThat(writer.lostConnections()).as("the writer saw its primary die").isPositive();

        Map<String, Long> held = binlogState(replica);
        Map<String, List<RowEvent>> kept = keptTransactions(writer, held);
        assertThat(insertedIds(kept))
            .as("the rows the new primary has")
            .isEqualTo(ids(replica, table));
        assertThat(kept.keySet().stream().filter(gtid -> gtid.startsWith("0-2-")))
            .as("transactions written on the new primary")
            .hasSizeGreaterThan(20);
        Map<String, RowEvent> expected = CommittingWriter.eventsByKey(kept);

        DeliveredRecords delivered =
            DeliveredRecords.await(
                broker,
                topic,
                expected.keySet(),
                Duration.ofSeconds(90),
                () -> Scrape.value(cdc, FAILOVERS, label("result", "lossy")) > 0);
        Set<String> lostByTheDatabase =
            delivered.timesPerKey().keySet().stream()
                .filter(key -> !isHeld(key, held))
                .collect(Collectors.toSet());
        if (!lostByTheDatabase.isEmpty()) {
          // the service had read a transaction the replica never received: a lossy failover
          System.err.printf(
              "lossy failover in this run: %s delivered, never on the new primary%n",
              lostByTheDatabase);
          assertLossyFailover(cdc, delivered);
          return;
        }
        printLogOnFailure(cdc, delivered, expected);
        delivered.assertDelivered(expected, exactlyOnce);
        assertThat(Scrape.value(cdc, FAILOVERS, label("result", "continued")))
            .as("failovers counted as continued")
            .isEqualTo(1.0);
        assertThat(Scrape.value(cdc, "weir_cdc_replicating")).as("still replicating").isEqualTo(1);
      } finally {
        writer.stopAndAwait();
      }
    }
  }

  @Test
  @DisplayName(
      "a lossy failover (the new primary never received transactions the service delivered) stops"
          + " the service with an error naming them, counts it, and delivers nothing of the new"
          + " primary, also after a restart")
  void stopsOnALossyFailover(KafkaBroker broker, @TempDir Path directory) throws Exception {
    try (MariaDbTopology topology = MariaDbTopology.start(TopologySpec.of(1))) {
      MariaDbServer former = topology.primary();
      MariaDbServer replica = topology.replicas().getFirst();
      String topic = "weir.cdc.lossy." + UUID.randomUUID();
      String table = "lossy_" + UUID.randomUUID().toString().substring(0, 8);
      broker.createTopic(topic, 3, Map.of());
      former.execute("CREATE TABLE app." + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
      topology.awaitReplicasCaughtUp();
      List<String> arguments = arguments(topology, broker, topic, table, false, directory);

      try (ServiceProcess cdc = ServiceProcess.start("cdc", jar(), directory, JVM, arguments)) {
        Set<String> replicated = new HashSet<>();
        for (int id = 1; id <= 5; id++) {
          replicated.add(insert(former, table, id));
        }
        topology.awaitReplicasCaughtUp();
        topology.stopReplication(replica);
        Set<String> lost = new HashSet<>();
        for (int id = 6; id <= 8; id++) {
          lost.add(insert(former, table, id));
        }
        Set<String> before = new HashSet<>(replicated);
        before.addAll(lost);
        assertThat(
                DeliveredRecords.await(broker, topic, before, Duration.ofSeconds(60), () -> false)
                    .timesPerKey())
            .as("delivered before the kill")
            .containsOnlyKeys(before);

        former.kill();
        topology.promote(replica);
        Set<String> newPrimary = new HashSet<>();
        for (int id = 9; id <= 10; id++) {
          newPrimary.add(insert(replica, table, id));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Scrape.value(cdc, FAILOVERS, label("result", "lossy")) == 0) {
          assertThat(System.nanoTime())
              .as("a lossy failover counted within 60 s")
              .isLessThan(deadline);
          Thread.sleep(200);
        }
        assertThat(Scrape.value(cdc, "weir_cdc_replicating")).as("stopped").isZero();
        assertThat(Files.readString(cdc.logFile()))
            .as("the error names the missing transaction")
            .contains("lossy failover")
            .contains(lost.stream().max(CommittingWriter.COMMIT_ORDER).orElseThrow().split(":")[0]);
        Thread.sleep(2_000);
        assertThat(broker.readAll(topic, Duration.ofSeconds(20)))
            .as("nothing of the new primary")
            .noneMatch(record -> newPrimary.contains(record.key()));

        // a restart resumes from the topic, whose position the new primary lacks: refused again
        cdc.kill();
        try (ServiceProcess again =
            ServiceProcess.start("cdc-again", jar(), directory, JVM, arguments)) {
          long stopped = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (Scrape.value(again, "weir_cdc_replicating") != 0) {
            assertThat(System.nanoTime())
                .as("the restarted service refuses the position within 60 s")
                .isLessThan(stopped);
            Thread.sleep(200);
          }
          Thread.sleep(2_000);
          assertThat(broker.readAll(topic, Duration.ofSeconds(20)))
              .as("nothing of the new primary after the restart")
              .noneMatch(record -> newPrimary.contains(record.key()));
          System.err.println(
              "after the restart: "
                  + Files.readString(again.logFile())
                      .lines()
                      .filter(line -> line.contains("ERROR"))
                      .toList());
        }
      }
    }
  }

  /** The lossy case of a random kill: stopped, counted, and nothing of the new primary sent. */
  private static void assertLossyFailover(ServiceProcess cdc, DeliveredRecords delivered)
      throws IOException {
    assertThat(Scrape.value(cdc, FAILOVERS, label("result", "lossy"))).isEqualTo(1.0);
    assertThat(Scrape.value(cdc, "weir_cdc_replicating")).as("stopped").isZero();
    assertThat(Files.readString(cdc.logFile())).contains("lossy failover");
    assertThat(delivered.timesPerKey().keySet())
        .as("nothing of the new primary")
        .noneMatch(key -> key.startsWith("0-2-"));
  }

  /**
   * The writer's transactions the new primary holds: the committed ones its binlog has, and an
   * in-doubt one if its binlog has the GTID it would have had.
   */
  private static Map<String, List<RowEvent>> keptTransactions(
      CommittingWriter writer, Map<String, Long> held) {
    Map<String, List<RowEvent>> kept = new LinkedHashMap<>();
    writer
        .committed()
        .forEach(
            (gtid, events) -> {
              if (isHeld(gtid, held)) {
                kept.put(gtid, events);
              }
            });
    for (InDoubt doubt : writer.inDoubt()) {
      String previous = doubt.previousGtid();
      if (previous != null) {
        String next =
            previous.substring(0, previous.lastIndexOf('-') + 1)
                + (CommittingWriter.sequenceOf(previous) + 1);
        if (isHeld(next, held) && !writer.committed().containsKey(next)) {
          kept.put(next, doubt.events());
        }
      }
    }
    return kept;
  }

  /** Whether the binlog state {@code held} ({@code d-s} to sequence) has GTID or key {@code id}. */
  private static boolean isHeld(String gtidOrKey, Map<String, Long> held) {
    String gtid = gtidOrKey.contains(":") ? gtidOrKey.split(":")[0] : gtidOrKey;
    Long last = held.get(gtid.substring(0, gtid.lastIndexOf('-')));
    return last != null && CommittingWriter.sequenceOf(gtid) <= last;
  }

  /** {@code @@gtid_binlog_state} as {@code domain-server_id} to the last sequence logged. */
  private static Map<String, Long> binlogState(MariaDbServer server) {
    Map<String, Long> state = new HashMap<>();
    String text = server.queryString("SELECT @@gtid_binlog_state");
    for (String gtid : (text == null ? "" : text).split(",")) {
      if (!gtid.isBlank()) {
        state.put(
            gtid.strip().substring(0, gtid.strip().lastIndexOf('-')),
            CommittingWriter.sequenceOf(gtid.strip()));
      }
    }
    return state;
  }

  private static Set<Integer> insertedIds(Map<String, List<RowEvent>> transactions) {
    return transactions.values().stream()
        .flatMap(List::stream)
        .filter(event -> event.type().equals("insert"))
        .map(RowEvent::id)
        .collect(Collectors.toSet());
  }

  private static Set<Integer> ids(MariaDbServer server, String table) throws SQLException {
    Set<Integer> ids = new HashSet<>();
    try (Connection connection = server.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM app." + table)) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    return ids;
  }

  /** Inserts row {@code id} in a transaction of its own; returns its row event's key. */
  private static String insert(MariaDbServer server, String table, int id) throws SQLException {
    try (Connection connection = server.connect(Credentials.ADMIN);
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO app." + table + " VALUES (" + id + ", 'row')");
      try (ResultSet gtid = statement.executeQuery("SELECT @@last_gtid")) {
        gtid.next();
        return gtid.getString(1) + ":1";
      }
    }
  }

  private static void printLogOnFailure(
      ServiceProcess cdc, DeliveredRecords delivered, Map<String, RowEvent> expected)
      throws IOException {
    if (!delivered.timesPerKey().keySet().containsAll(expected.keySet())) {
      System.err.println(
          Files.readString(cdc.logFile()).lines().toList().reversed().stream()
              .limit(40)
              .toList()
              .reversed());
    }
  }

  private static List<String> arguments(
      MariaDbTopology topology,
      KafkaBroker broker,
      String topic,
      String table,
      boolean exactlyOnce,
      Path directory)
      throws IOException {
    MariaDbServer first = topology.servers().get(0);
    MariaDbServer second = topology.servers().get(1);
    Path file =
        Files.writeString(
            directory.resolve("weir.yaml"),
            """
            servers:
              db1: {parameters: {address: 127.0.0.1, port: %d}}
              db2: {parameters: {address: 127.0.0.1, port: %d}}
            services:
              cdc:
                router: kafkacdc
                servers: [db1, db2]
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
                    first.port(),
                    second.port(),
                    Credentials.SERVICE.user(),
                    Credentials.SERVICE.password(),
                    broker.bootstrapServers(),
                    topic,
                    table,
                    exactlyOnce));
    return List.of(
        "--weir.cdc.config-file=" + file,
        "--weir.cdc.data-directory=" + directory.resolve("data"),
        "--weir.cdc.delivery-timeout=90s");
  }

  static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(path -> path.getFileName().toString().matches("cdc-service-.*[.]jar"))
          .filter(path -> !path.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no cdc-service jar in target: run package first"));
    }
  }
}
