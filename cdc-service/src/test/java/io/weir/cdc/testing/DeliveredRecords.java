package io.weir.cdc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.cdc.testing.CommittingWriter.RowEvent;
import io.weir.testkit.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The row events of a cdc topic as a {@code read_committed} consumer sees them, and the checks the
 * fault tests make on them: every expected event there, none invented, each partition in commit
 * order, and (with {@code exactly_once}) none twice.
 *
 * @param records the topic's records, partition by partition, each in offset order
 */
public record DeliveredRecords(List<ConsumerRecord<String, String>> records) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads {@code topic} until every key of {@code expected} is in it, {@code timeout} passed or
   * {@code giveUp} says waiting is pointless (the service stopped).
   */
  public static DeliveredRecords await(
      KafkaBroker broker,
      String topic,
      Set<String> expected,
      Duration timeout,
      BooleanSupplier giveUp)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ConsumerRecord<String, String>> records;
      try {
        records = broker.readAll(topic, Duration.ofSeconds(20));
      } catch (IllegalStateException e) {
        records = List.of(); // not created yet
      }
      DeliveredRecords delivered = new DeliveredRecords(records);
      if (delivered.timesPerKey().keySet().containsAll(expected)
          || giveUp.getAsBoolean()
          || System.nanoTime() > deadline) {
        return delivered;
      }
      Thread.sleep(500);
    }
  }

  /** How often each row event's key is there (schema records, key {@code ...:0}, left out). */
  public Map<String, Integer> timesPerKey() {
    Map<String, Integer> times = new HashMap<>();
    for (ConsumerRecord<String, String> record : rowRecords()) {
      times.merge(record.key(), 1, Integer::sum);
    }
    return times;
  }

  /** The row events' records, schema records left out. */
  public List<ConsumerRecord<String, String>> rowRecords() {
    return records.stream().filter(record -> !record.key().endsWith(":0")).toList();
  }

  /**
   * Every event of {@code expected} is there with its type and row id, no other row event is, each
   * partition's first occurrences are in commit order, and with {@code exactlyOnce} none is there
   * twice.
   */
  public void assertDelivered(Map<String, RowEvent> expected, boolean exactlyOnce)
      throws Exception {
    Map<Integer, List<String>> firstSeenPerPartition = new HashMap<>();
    Map<String, Integer> timesPerKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : rowRecords()) {
      RowEvent event = expected.get(record.key());
      assertThat(event).as("an event that was committed and kept: " + record.key()).isNotNull();
      JsonNode document = JSON.readTree(record.value());
      assertThat(document.get("event_type").asText()).as(record.key()).isEqualTo(event.type());
      assertThat(document.get("id").asInt()).as(record.key()).isEqualTo(event.id());
      if (timesPerKey.merge(record.key(), 1, Integer::sum) == 1) {
        firstSeenPerPartition
            .computeIfAbsent(record.partition(), partition -> new ArrayList<>())
            .add(record.key());
      }
    }
    assertThat(timesPerKey.keySet()).as("every expected row event").containsAll(expected.keySet());
    for (List<String> keys : firstSeenPerPartition.values()) {
      assertThat(keys)
          .as("a partition in commit order")
          .isSortedAccordingTo(CommittingWriter.COMMIT_ORDER);
    }
    if (exactlyOnce) {
      assertThat(timesPerKey.values()).as("read_committed: each event once").containsOnly(1);
    }
  }

  /**
   * Per partition, how often a row event follows one later in commit order. One producer writing in
   * commit order makes none; a new producer resuming before the old one's last transaction makes
   * one where it begins; two producers writing at once interleave and make many.
   */
  public Map<Integer, Integer> stepsBackPerPartition() {
    Map<Integer, Integer> steps = new TreeMap<>();
    Map<Integer, String> previous = new HashMap<>();
    for (ConsumerRecord<String, String> record : rowRecords()) {
      steps.putIfAbsent(record.partition(), 0);
      String before = previous.put(record.partition(), record.key());
      if (before != null && CommittingWriter.COMMIT_ORDER.compare(record.key(), before) < 0) {
        steps.merge(record.partition(), 1, Integer::sum);
      }
    }
    return steps;
  }
}
