package io.weir.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaBrokerRestartIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaBroker broker;

  KafkaBrokerRestartIT(KafkaBroker broker) {
    this.broker = broker;
  }

  @Test
  @DisplayName("an acknowledged record is read after a clean stop and restart")
  void recordSurvivesStopAndRestart() throws Exception {
    String topic = uniqueTopic("stopped");
    broker.createTopic(topic, 2, Map.of());
    send(topic, "before-stop");

    broker.stop();
    assertThat(broker.isRunning()).isFalse();
    broker.restart();

    assertThat(broker.isRunning()).isTrue();
    send(topic, "after-restart");
    assertThat(values(broker.readAll(topic, READ_TIMEOUT)))
        .containsExactlyInAnyOrder("before-stop", "after-restart");
  }

  @Test
  @DisplayName("an acknowledged, flushed record is read after SIGKILL and restart")
  void recordSurvivesKillAndRestart() throws Exception {
    String topic = uniqueTopic("killed");
    broker.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
    send(topic, "before-kill");

    broker.kill();
    assertThat(broker.isRunning()).isFalse();
    broker.restart();

    List<ConsumerRecord<String, String>> records = broker.readAll(topic, READ_TIMEOUT);
    assertThat(values(records)).containsExactly("before-kill");
    assertThat(records.getFirst().key()).isEqualTo("key-before-kill");
  }

  @Test
  @DisplayName("restart on a running broker stops it first and keeps its topics")
  void restartWhileRunning() throws Exception {
    String topic = uniqueTopic("running");
    broker.createTopic(topic, 1, Map.of());
    send(topic, "kept");

    broker.restart();

    assertThat(values(broker.readAll(topic, READ_TIMEOUT))).containsExactly("kept");
  }

  private void send(String topic, String value) throws Exception {
    Map<String, Object> properties = broker.clientProperties();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "key-" + value, value)).get(30, TimeUnit.SECONDS);
      producer.flush();
    }
  }

  private static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static String uniqueTopic(String purpose) {
    return "restart-it-" + purpose + "-" + UUID.randomUUID();
  }
}
