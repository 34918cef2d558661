package io.weir.bench.cdc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offset of a one-partition topic, polled through an admin client: how many records a tool
 * has delivered, without reading them (reading would compete with the tool for the CPU).
 */
final class EndOffsets implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  private final Admin admin;

  EndOffsets(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  long of(String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    try {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get(30, TimeUnit.SECONDS)
          .offset();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the end offset of " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** When the topic first grew past {@code from}, and when it reached {@code target}. */
  record Drain(long firstRecordNanos, long completeNanos) {}

  /**
   * Polls the topic until its end offset reaches {@code target}.
   *
   * @param alive false once the tool died, which ends the wait with its log
   * @throws IllegalStateException when the tool died or {@code timeout} passed first
   */
  Drain awaitEndOffset(
      String topic, long from, long target, Duration timeout, BooleanSupplier alive, String tool)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long first = 0;
    long end = from;
    while (System.nanoTime() < deadline) {
      end = of(topic);
      long now = System.nanoTime();
      if (first == 0 && end > from) {
        first = now;
      }
      if (end >= target) {
        return new Drain(first, now);
      }
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException(tool + " ended with " + end + " of " + target + " records");
      }
      Thread.sleep(POLL);
    }
    throw new IllegalStateException(
        tool
            + " delivered "
            + end
            + " of "
            + target
            + " records to "
            + topic
            + " within "
            + timeout);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
