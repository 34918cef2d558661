package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.cdc.event.ChangeDocument;
import io.weir.cdc.event.Gtid;
import io.weir.cdc.event.GtidPosition;
import io.weir.cdc.event.TransactionPiece;
import io.weir.cdc.testing.TestingTransactions;
import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.kafka.WithKafka;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code exactly_once} against a real broker: a crash inside a Kafka transaction. */
@WithKafka
class ExactlyOnceDeliveryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  @DisplayName(
      "a crash inside a Kafka transaction: read_committed consumers see every event exactly once"
          + " and the position comes from the committed position record")
  void crashInsideATransaction(KafkaBroker broker) throws Exception {
    String topic = KafkaDeliveryIT.topic();
    String transactionalId = "it-" + UUID.randomUUID();
    broker.createTopic(topic, 2, Map.of());
    Map<String, Object> client =
        KafkaAccess.plaintext(broker.bootstrapServers()).clientProperties();
    PositionTopic.ensureExists(client, topic, TIMEOUT);
    List<Exception> failures = new CopyOnWriteArrayList<>();

    ExactlyOnceDelivery first =
        delivery(broker, topic, transactionalId, GtidPosition.empty(), failures);
    try {
      for (int sequence = 1; sequence <= 5; sequence++) {
        first.accept(TestingTransactions.inserts(new Gtid(0, 1, sequence), "app", "t", 2));
      }
      assertThat(first.checkpoint()).isEqualTo(GtidPosition.parse("0-1-5"));
    } finally {
      first.close(TIMEOUT);
    }
    assertThat(PositionTopic.read(client, topic, "test", TIMEOUT))
        .contains(GtidPosition.parse("0-1-5"));

    // the crash: an instance wrote part of 0-1-6 inside its Kafka transaction and died
    TransactionPiece sixth = TestingTransactions.inserts(new Gtid(0, 1, 6), "app", "t", 2);
    var crashed = new KafkaProducer<String, String>(properties(broker, transactionalId));
    crashed.initTransactions();
    crashed.beginTransaction();
    for (ChangeDocument document : sixth.documents()) {
      crashed.send(new ProducerRecord<>(topic, document.key(), document.json())).get();
    }
    // never committed, never aborted: the next instance's initTransactions must abort it

    GtidPosition resumeAfter =
        PositionTopic.read(client, topic, "test", TIMEOUT).orElse(GtidPosition.empty());
    assertThat(resumeAfter).isEqualTo(GtidPosition.parse("0-1-5"));
    ExactlyOnceDelivery second = delivery(broker, topic, transactionalId, resumeAfter, failures);
    try {
      second.accept(sixth);
      second.accept(TestingTransactions.inserts(new Gtid(0, 1, 7), "app", "t", 1));
      assertThat(second.checkpoint()).isEqualTo(GtidPosition.parse("0-1-7"));
    } finally {
      second.close(TIMEOUT);
      crashed.close(Duration.ZERO);
    }

    assertThat(failures).isEmpty();
    // the test kit reads read_committed
    List<String> expected =
        List.of(
            "0-1-1:1", "0-1-1:2", "0-1-2:1", "0-1-2:2", "0-1-3:1", "0-1-3:2", "0-1-4:1", "0-1-4:2",
            "0-1-5:1", "0-1-5:2", "0-1-6:1", "0-1-6:2", "0-1-7:1");
    assertThat(awaitRowKeys(broker, topic, expected)).containsExactlyElementsOf(expected);
    assertThat(PositionTopic.read(client, topic, "test", TIMEOUT))
        .contains(GtidPosition.parse("0-1-7"));
  }

  @Test
  @DisplayName(
      "a transaction in pieces is one Kafka transaction: nothing of it is visible before its last"
          + " piece, a crash between pieces leaves nothing, and a reader starting it over sends it"
          + " once")
  void piecesFormOneKafkaTransaction(KafkaBroker broker) throws Exception {
    String topic = KafkaDeliveryIT.topic();
    String transactionalId = "it-" + UUID.randomUUID();
    broker.createTopic(topic, 2, Map.of());
    Map<String, Object> client =
        KafkaAccess.plaintext(broker.bootstrapServers()).clientProperties();
    PositionTopic.ensureExists(client, topic, TIMEOUT);
    List<Exception> failures = new CopyOnWriteArrayList<>();
    List<TransactionPiece> second =
        TestingTransactions.insertsInPieces(new Gtid(0, 1, 2), "app", "t", 9, 3);

    ExactlyOnceDelivery first =
        delivery(broker, topic, transactionalId, GtidPosition.empty(), failures);
    try {
      first.accept(TestingTransactions.inserts(new Gtid(0, 1, 1), "app", "t", 1));
      first.accept(second.get(0));
      first.accept(second.get(1));
      assertThat(first.checkpoint()).isEqualTo(GtidPosition.parse("0-1-1"));
      assertThat(awaitRowKeys(broker, topic, List.of("0-1-1:1")))
          .as("read_committed")
          .containsExactly("0-1-1:1");
    } finally {
      first.close(Duration.ZERO); // the crash between pieces
    }

    GtidPosition resumeAfter =
        PositionTopic.read(client, topic, "test", TIMEOUT).orElse(GtidPosition.empty());
    assertThat(resumeAfter).isEqualTo(GtidPosition.parse("0-1-1"));
    ExactlyOnceDelivery restarted = delivery(broker, topic, transactionalId, resumeAfter, failures);
    try {
      restarted.accept(second.get(0));
      restarted.accept(second.get(1));
      // the reader lost its connection: the transaction comes again from piece 0
      for (TransactionPiece piece : second) {
        restarted.accept(piece);
      }
      assertThat(restarted.checkpoint()).isEqualTo(GtidPosition.parse("0-1-2"));
    } finally {
      restarted.close(TIMEOUT);
    }

    assertThat(failures).isEmpty();
    List<String> all =
        List.of(
            "0-1-1:1", "0-1-2:1", "0-1-2:2", "0-1-2:3", "0-1-2:4", "0-1-2:5", "0-1-2:6", "0-1-2:7",
            "0-1-2:8", "0-1-2:9");
    assertThat(awaitRowKeys(broker, topic, all)).containsExactlyElementsOf(all);
    assertThat(PositionTopic.read(client, topic, "test", TIMEOUT))
        .contains(GtidPosition.parse("0-1-2"));
  }

  /**
   * The row event keys a read_committed consumer sees once they are {@code expected}, or after
   * {@link #TIMEOUT}. A commit returns once the coordinator logged it; the markers that make the
   * records visible reach the partitions a moment later, so a read right after may see less.
   */
  private static List<String> awaitRowKeys(KafkaBroker broker, String topic, List<String> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> seen = rowKeys(broker, topic);
    while (!seen.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      seen = rowKeys(broker, topic);
    }
    return seen;
  }

  /** Row event keys a read_committed consumer sees, sorted. */
  private static List<String> rowKeys(KafkaBroker broker, String topic) {
    return broker.readAll(topic, TIMEOUT).stream()
        .map(ConsumerRecord::key)
        .filter(key -> !key.endsWith(":0"))
        .sorted()
        .toList();
  }

  private static ExactlyOnceDelivery delivery(
      KafkaBroker broker,
      String topic,
      String transactionalId,
      GtidPosition start,
      List<Exception> failures) {
    return ExactlyOnceDelivery.start(
        new Delivery.Settings("test", topic, TableFilter.all(), true, 1 << 20),
        new KafkaProducer<>(properties(broker, transactionalId)),
        start,
        new DeliveryMetrics(new SimpleMeterRegistry(), "test", InstantSource.system()),
        (position, committedAt) -> {},
        failures::add);
  }

  private static Map<String, Object> properties(KafkaBroker broker, String transactionalId) {
    Map<String, Object> properties =
        KafkaAccess.plaintext(broker.bootstrapServers())
            .producerProperties(true, TIMEOUT, 32L * 1024 * 1024, "exactly-once-it");
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return properties;
  }
}
