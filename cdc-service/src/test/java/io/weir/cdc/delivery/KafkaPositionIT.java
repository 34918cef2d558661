package io.weir.cdc.delivery;

import static io.weir.cdc.delivery.KafkaDeliveryIT.await;
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
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading where to resume from a real topic, and resuming from it. */
@WithKafka
class KafkaPositionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  @DisplayName(
      "a crash mid-transaction: resume from the previous GTID, skip the events already delivered,"
          + " and every event ends up in the topic exactly once")
  void resumesAfterAPartialTransaction(KafkaBroker broker) throws Exception {
    String topic = KafkaDeliveryIT.topic();
    broker.createTopic(topic, 3, Map.of());
    Map<String, Object> client =
        KafkaAccess.plaintext(broker.bootstrapServers()).clientProperties();
    try (KafkaDelivery delivery = delivery(broker, topic, ResumePoint.at(GtidPosition.empty()))) {
      for (int sequence = 1; sequence <= 5; sequence++) {
        delivery.accept(TestingTransactions.inserts(new Gtid(0, 1, sequence), "app", "t", 3));
      }
      for (int sequence = 1; sequence <= 3; sequence++) {
        delivery.accept(TestingTransactions.inserts(new Gtid(1, 2, sequence), "app", "u", 2));
      }
      await(
          () -> delivery.checkpoint().equals(GtidPosition.parse("0-1-5,1-2-3")),
          "checkpoint 0-1-5,1-2-3");
    }
    // the crash: events 1 and 3 of 0-1-6 reached Kafka, event 2 did not
    TransactionPiece sixth = TestingTransactions.inserts(new Gtid(0, 1, 6), "app", "t", 3);
    try (var producer =
        new KafkaProducer<String, String>(
            KafkaAccess.plaintext(broker.bootstrapServers())
                .producerProperties(false, TIMEOUT, 32L * 1024 * 1024, "crashed"))) {
      for (ChangeDocument document : sixth.documents()) {
        if (document.eventNumber() == 1 || document.eventNumber() == 3) {
          var record = new ProducerRecord<>(topic, document.key(), document.json());
          RecordHeaders.write(record.headers(), sixth.gtid().toString(), OptionalInt.of(3));
          producer.send(record).get();
        }
      }
    }

    ResumePoint resume = KafkaPosition.read(client, topic, 1000, TIMEOUT);

    assertThat(resume.position()).isEqualTo(GtidPosition.parse("0-1-5,1-2-3"));
    assertThat(resume.delivered()).isEqualTo(Map.of(new Gtid(0, 1, 6), Set.of(1, 3)));

    try (KafkaDelivery delivery = delivery(broker, topic, resume)) {
      delivery.accept(sixth);
      delivery.accept(TestingTransactions.inserts(new Gtid(0, 1, 7), "app", "t", 1));
      await(
          () -> delivery.checkpoint().equals(GtidPosition.parse("0-1-7,1-2-3")),
          "checkpoint 0-1-7,1-2-3");
    }

    ResumePoint after = KafkaPosition.read(client, topic, 1000, TIMEOUT);
    assertThat(after.position()).isEqualTo(GtidPosition.parse("0-1-7,1-2-3"));
    assertThat(after.delivered()).isEmpty();
    List<String> sixthRows =
        broker.readAll(topic, TIMEOUT).stream()
            .map(ConsumerRecord::key)
            .filter(key -> key.startsWith("0-1-6:") && !key.endsWith(":0"))
            .sorted()
            .toList();
    assertThat(sixthRows).containsExactly("0-1-6:1", "0-1-6:2", "0-1-6:3");
  }

  @Test
  @DisplayName(
      "a crash between the pieces of a transaction: resume before it, skip the events delivered,"
          + " and every event of it ends up in the topic once")
  void resumesAfterATransactionCutBetweenPieces(KafkaBroker broker) throws Exception {
    String topic = KafkaDeliveryIT.topic();
    broker.createTopic(topic, 3, Map.of());
    Map<String, Object> client =
        KafkaAccess.plaintext(broker.bootstrapServers()).clientProperties();
    List<TransactionPiece> second =
        TestingTransactions.insertsInPieces(new Gtid(0, 1, 2), "app", "t", 10, 4);
    try (KafkaDelivery delivery = delivery(broker, topic, ResumePoint.at(GtidPosition.empty()))) {
      delivery.accept(TestingTransactions.inserts(new Gtid(0, 1, 1), "app", "t", 2));
      delivery.accept(second.get(0));
      delivery.accept(second.get(1));
      await(
          () -> delivery.inFlightBytes() == 0 && delivery.checkpoint().equals(position(1)),
          "the first transaction and two pieces acknowledged");
    } // the crash: the last piece never comes

    ResumePoint resume = KafkaPosition.read(client, topic, 1000, TIMEOUT);

    assertThat(resume.position()).isEqualTo(position(1));
    // rows 1-8 came in two pieces; the newest one (8) was held back for the last piece
    assertThat(resume.delivered())
        .isEqualTo(Map.of(new Gtid(0, 1, 2), Set.of(1, 2, 3, 4, 5, 6, 7)));

    try (KafkaDelivery delivery = delivery(broker, topic, resume)) {
      for (TransactionPiece piece : second) {
        delivery.accept(piece);
      }
      await(() -> delivery.checkpoint().equals(position(2)), "checkpoint 0-1-2");
    }

    ResumePoint after = KafkaPosition.read(client, topic, 1000, TIMEOUT);
    assertThat(after.position()).isEqualTo(position(2));
    assertThat(after.delivered()).isEmpty();
    assertThat(
            broker.readAll(topic, TIMEOUT).stream()
                .map(ConsumerRecord::key)
                .filter(key -> key.startsWith("0-1-2:") && !key.endsWith(":0"))
                .sorted())
        .containsExactlyInAnyOrder(
            "0-1-2:1",
            "0-1-2:2",
            "0-1-2:3",
            "0-1-2:4",
            "0-1-2:5",
            "0-1-2:6",
            "0-1-2:7",
            "0-1-2:8",
            "0-1-2:9",
            "0-1-2:10");
  }

  private static GtidPosition position(long sequence) {
    return GtidPosition.empty().with(new Gtid(0, 1, sequence));
  }

  @Test
  @DisplayName(
      "the newest complete transaction is found when only the tail of each partition is" + " read")
  void readsOnlyTheTailOfEachPartition(KafkaBroker broker) throws Exception {
    String topic = KafkaDeliveryIT.topic();
    broker.createTopic(topic, 2, Map.of());
    try (KafkaDelivery delivery = delivery(broker, topic, ResumePoint.at(GtidPosition.empty()))) {
      for (int sequence = 1; sequence <= 200; sequence++) {
        delivery.accept(TestingTransactions.inserts(new Gtid(0, 1, sequence), "app", "t", 2));
      }
      await(() -> delivery.checkpoint().equals(GtidPosition.parse("0-1-200")), "0-1-200");
    }

    ResumePoint resume =
        KafkaPosition.read(
            KafkaAccess.plaintext(broker.bootstrapServers()).clientProperties(),
            topic,
            20,
            TIMEOUT);

    assertThat(resume.position()).isEqualTo(GtidPosition.parse("0-1-200"));
    assertThat(resume.delivered()).isEmpty();
  }

  @Test
  void aTopicThatDoesNotExistGivesNoPosition(KafkaBroker broker) {
    ResumePoint resume =
        KafkaPosition.read(
            KafkaAccess.plaintext(broker.bootstrapServers()).clientProperties(),
            KafkaDeliveryIT.topic(),
            100,
            TIMEOUT);

    assertThat(resume.isEmpty()).isTrue();
  }

  private static KafkaDelivery delivery(KafkaBroker broker, String topic, ResumePoint resume) {
    var producer =
        new KafkaProducer<String, String>(
            KafkaAccess.plaintext(broker.bootstrapServers())
                .producerProperties(false, TIMEOUT, 32L * 1024 * 1024, "position-it"));
    return new KafkaDelivery(
        new Delivery.Settings("test", topic, TableFilter.all(), true, 1 << 20),
        producer,
        resume,
        new DeliveryMetrics(new SimpleMeterRegistry(), "test", InstantSource.system()),
        (position, committedAt) -> {},
        failure -> {});
  }
}
