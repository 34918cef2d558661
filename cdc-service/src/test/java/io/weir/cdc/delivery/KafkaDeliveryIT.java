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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Delivery against a real broker: acknowledgements, a broker restart, a refused record. */
@WithKafka
class KafkaDeliveryIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<Exception> failures = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  @DisplayName(
      "the checkpoint moves only after Kafka acknowledged; a broker restarted mid-stream loses"
          + " nothing and keeps each partition in order")
  void brokerRestartMidStreamLosesNothing(KafkaBroker broker) throws Exception {
    String topic = topic();
    broker.createTopic(topic, 3, Map.of());
    try (KafkaDelivery delivery = delivery(broker, topic, TableFilter.all())) {
      for (int sequence = 1; sequence <= 20; sequence++) {
        delivery.accept(TestingTransactions.inserts(gtid(sequence), "app", "t", 3));
      }
      await(() -> delivery.checkpoint().equals(position(20)), "checkpoint 0-1-20");

      broker.stop();
      // the reader's thread: a send may block while the producer has no leader to send to
      Thread reader =
          Thread.ofPlatform()
              .name("reader")
              .start(
                  () -> {
                    try {
                      for (int sequence = 21; sequence <= 30; sequence++) {
                        delivery.accept(TestingTransactions.inserts(gtid(sequence), "app", "t", 3));
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      try {
        // until the reader has handed everything over or waits in the producer
        while (reader.isAlive() && reader.getState() == Thread.State.RUNNABLE) {
          Thread.sleep(10);
        }
        // nothing can be acknowledged while the broker is down
        assertThat(delivery.checkpoint()).isEqualTo(position(20));
      } finally {
        broker.restart();
      }
      reader.join(WAIT.toMillis());
      assertThat(reader.isAlive()).isFalse();

      await(() -> delivery.checkpoint().equals(position(30)), "checkpoint 0-1-30 after restart");
      assertThat(failures).isEmpty();
      assertThat(delivery.inFlightBytes()).isZero();
    }

    List<ConsumerRecord<String, String>> records = broker.readAll(topic, WAIT);
    Set<String> keys = new HashSet<>();
    Map<Integer, List<Long>> sequencesByPartition = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      keys.add(record.key());
      if (record.key().endsWith(":1")) {
        sequencesByPartition
            .computeIfAbsent(record.partition(), p -> new ArrayList<>())
            .add(Gtid.parse(record.key().substring(0, record.key().indexOf(':'))).sequence());
      }
    }
    for (int sequence = 1; sequence <= 30; sequence++) {
      for (int event = 0; event <= 3; event++) {
        assertThat(keys).contains(TestingTransactions.key(gtid(sequence), event));
      }
    }
    sequencesByPartition.values().forEach(sequences -> assertThat(sequences).isSorted());
    assertThat(registry.get(DeliveryMetrics.EVENTS).tag("table", "app.t").counter().count())
        .isEqualTo(90);
    assertThat(
            registry.get(DeliveryMetrics.SCHEMA_VERSIONS).tag("table", "app.t").counter().count())
        .isEqualTo(30);
    assertThat(registry.get(DeliveryMetrics.GTID_SEQUENCE).tag("domain", "0").gauge().value())
        .isEqualTo(30);
  }

  @Test
  @DisplayName("a record Kafka refuses stops delivery at the checkpoint before it, and is reported")
  void aRefusedRecordStopsTheCheckpoint(KafkaBroker broker) throws Exception {
    String topic = topic();
    broker.createTopic(topic, 1, Map.of("max.message.bytes", "2000"));
    try (KafkaDelivery delivery = delivery(broker, topic, TableFilter.all())) {
      delivery.accept(TestingTransactions.inserts(gtid(1), "app", "t", 2));
      await(() -> delivery.checkpoint().equals(position(1)), "checkpoint 0-1-1");

      ChangeDocument large = TestingTransactions.row(gtid(2), "app", "t", 1, "x".repeat(5000));
      delivery.accept(TransactionPiece.whole(gtid(2), Instant.now(), List.of(large)));
      delivery.accept(TestingTransactions.inserts(gtid(3), "app", "t", 1));

      await(() -> !failures.isEmpty(), "the refused record reported");
      assertThat(failures.getFirst())
          .hasRootCauseInstanceOf(RecordTooLargeException.class)
          .hasMessageContaining("row event 1 of transaction 0-1-2 on app.t")
          .hasMessageContaining("weir.cdc.max-record-bytes")
          .hasMessageContaining("max.message.bytes");
      assertThat(delivery.checkpoint()).isEqualTo(position(1));
      assertThat(registry.get(DeliveryMetrics.PRODUCER_ERRORS).counter().count()).isPositive();
    }
  }

  @Test
  @DisplayName(
      "a transaction in pieces: checkpointed only after its last piece; started over from piece 0,"
          + " nothing is sent twice; only the last piece's records carry the row total")
  void piecesAreCheckpointedAtTheLastOne(KafkaBroker broker) throws Exception {
    String topic = topic();
    broker.createTopic(topic, 3, Map.of());
    List<TransactionPiece> pieces = TestingTransactions.insertsInPieces(gtid(2), "app", "t", 10, 3);
    assertThat(pieces).hasSize(4);
    try (KafkaDelivery delivery = delivery(broker, topic, TableFilter.all())) {
      delivery.accept(TestingTransactions.inserts(gtid(1), "app", "t", 1));
      delivery.accept(pieces.get(0));
      delivery.accept(pieces.get(1));
      await(() -> delivery.inFlightBytes() == 0, "the first pieces acknowledged");
      assertThat(delivery.checkpoint()).as("before the last piece").isEqualTo(position(1));

      // the reader lost its connection and reads the transaction again from its start
      for (TransactionPiece piece : pieces) {
        delivery.accept(piece);
      }
      await(() -> delivery.checkpoint().equals(position(2)), "checkpoint 0-1-2");
      assertThat(failures).isEmpty();
    }

    List<ConsumerRecord<String, String>> records =
        broker.readAll(topic, WAIT).stream()
            .filter(record -> record.key().startsWith("0-1-2:"))
            .toList();
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(0, 10).mapToObj(event -> "0-1-2:" + event).toList());
    for (ConsumerRecord<String, String> record : records) {
      assertThat(RecordHeaders.fromWeir(record.headers())).isTrue();
      int event = Integer.parseInt(record.key().substring("0-1-2:".length()));
      // pieces of 3 rows; the newest row of a piece is held back until the next one
      boolean sentWithLastPiece = event >= 9;
      assertThat(RecordHeaders.transactionRows(record.headers()))
          .as(record.key())
          .isEqualTo(sentWithLastPiece ? OptionalInt.of(10) : OptionalInt.empty());
    }
  }

  @Test
  @DisplayName(
      "a reader that begins another transaction before the last piece of the open one stops"
          + " delivery before it")
  void anUnfinishedTransactionStopsDelivery(KafkaBroker broker) throws Exception {
    String topic = topic();
    broker.createTopic(topic, 1, Map.of());
    List<TransactionPiece> pieces = TestingTransactions.insertsInPieces(gtid(2), "app", "t", 4, 2);
    try (KafkaDelivery delivery = delivery(broker, topic, TableFilter.all())) {
      delivery.accept(TestingTransactions.inserts(gtid(1), "app", "t", 1));
      await(() -> delivery.checkpoint().equals(position(1)), "checkpoint 0-1-1");
      delivery.accept(pieces.get(0));
      delivery.accept(TestingTransactions.inserts(gtid(3), "app", "t", 1));

      await(() -> !failures.isEmpty(), "the broken-off transaction reported");
      assertThat(failures.getFirst()).hasMessageContaining("before the last piece of 0-1-2");
      Thread.sleep(500);
      assertThat(delivery.checkpoint()).isEqualTo(position(1));
    }
  }

  @Test
  @DisplayName(
      "match/exclude and send_schema=false drop documents; a filtered-out transaction is"
          + " still checkpointed")
  void filteredDocumentsAreNotSent(KafkaBroker broker) throws Exception {
    String topic = topic();
    broker.createTopic(topic, 1, Map.of());
    var settings =
        new Delivery.Settings(
            "test",
            topic,
            new TableFilter(null, java.util.regex.Pattern.compile("[.]secret$")),
            false,
            1 << 20);
    try (KafkaDelivery delivery = delivery(broker, settings)) {
      delivery.accept(TestingTransactions.inserts(gtid(1), "app", "t", 1));
      delivery.accept(TestingTransactions.inserts(gtid(2), "app", "secret", 2));
      await(() -> delivery.checkpoint().equals(position(2)), "checkpoint 0-1-2");
    }

    assertThat(broker.readAll(topic, WAIT))
        .extracting(ConsumerRecord::key)
        .containsExactly(TestingTransactions.key(gtid(1), 1));
  }

  private KafkaDelivery delivery(KafkaBroker broker, String topic, TableFilter filter) {
    return delivery(broker, new Delivery.Settings("test", topic, filter, true, 64 * 1024));
  }

  private KafkaDelivery delivery(KafkaBroker broker, Delivery.Settings settings) {
    var producer =
        new KafkaProducer<String, String>(
            KafkaAccess.plaintext(broker.bootstrapServers())
                .producerProperties(false, WAIT, 32L * 1024 * 1024, "delivery-it"));
    return new KafkaDelivery(
        settings,
        producer,
        ResumePoint.at(GtidPosition.empty()),
        new DeliveryMetrics(registry, settings.service(), InstantSource.system()),
        (position, committedAt) -> {},
        failures::add);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + WAIT + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  static String topic() {
    return "cdc-" + UUID.randomUUID();
  }

  static Gtid gtid(long sequence) {
    return new Gtid(0, 1, sequence);
  }

  static GtidPosition position(long sequence) {
    return GtidPosition.empty().with(gtid(sequence));
  }
}
