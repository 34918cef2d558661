package io.weir.control.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link CompactedTopic} from its beginning and keeps following it, on a thread of its own,
 * folding every record into a state of type {@code S} (for {@code weir.config} the resources, for
 * {@code weir.status} the latest document of each instance). Without a consumer group, every
 * instance of every service reads every record.
 *
 * <p>{@link #awaitCaughtUp} returns once everything written before the follower started has been
 * read. From then on, {@code changes} receives the whole state after each batch of records that
 * changed it.
 *
 * @param <S> the state: an immutable value whose {@code equals} tells whether a batch changed it
 */
public final class TopicFollower<S> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  /** How a record changes the state. */
  @FunctionalInterface
  public interface Fold<S> {
    /**
     * The state after {@code record}; a tombstone has a null value.
     *
     * @param partition the partition read, for messages about a record
     */
    S apply(S state, ConsumerRecord<String, @Nullable String> record, TopicPartition partition);
  }

  private final TopicPartition partition;
  private final KafkaConsumer<String, @Nullable String> consumer;
  private final Fold<S> fold;
  private final Consumer<S> changes;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile S current;
  private volatile boolean closed;
  // the offset of the next record to read; guarded by this, for awaitRead
  private long position;

  /**
   * Starts following.
   *
   * @param topic the topic
   * @param clientProperties Kafka client properties: at least {@code bootstrap.servers}
   * @param threadName the name of the follower's thread
   * @param initial the state of an empty topic
   * @param fold how each record changes the state
   * @param changes receives the whole state after each change, once caught up; on the follower's
   *     thread, so it must not block for long
   */
  public TopicFollower(
      String topic,
      Map<String, Object> clientProperties,
      String threadName,
      S initial,
      Fold<S> fold,
      Consumer<S> changes) {
    this.partition = new TopicPartition(topic, 0);
    this.current = initial;
    this.fold = fold;
    this.changes = changes;
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    this.thread = Thread.ofPlatform().daemon().name(threadName).start(this::follow);
  }

  /**
   * Waits until every record written before the follower started has been read.
   *
   * @return the state then, or empty when that took longer than {@code timeout}
   */
  public Optional<S> awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.of(current)
        : Optional.empty();
  }

  /** The state as read so far. */
  public S current() {
    return current;
  }

  private void follow() {
    long end = -1;
    while (!closed) {
      try {
        if (end < 0) {
          end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }
        ConsumerRecords<String, @Nullable String> records = consumer.poll(Duration.ofMillis(500));
        S before = current;
        S state = before;
        for (ConsumerRecord<String, @Nullable String> record : records) {
          state = fold.apply(state, record, partition);
        }
        current = state;
        advanceTo(consumer.position(partition));
        boolean wasCaughtUp = caughtUp.getCount() == 0;
        if (!wasCaughtUp && consumer.position(partition) >= end) {
          caughtUp.countDown();
        } else if (wasCaughtUp && !state.equals(before)) {
          deliver(state);
        }
      } catch (WakeupException e) {
        // close() woke the poll
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("reading {} failed ({}); retrying", partition, e.toString());
          sleepQuietly();
        }
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }

  /**
   * Waits until the record at {@code offset} has been read, so that a writer sees its own write in
   * {@link #current()}.
   *
   * @return whether it was read within {@code timeout}
   */
  public synchronized boolean awaitRead(long offset, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (position <= offset) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** The offset of the next record to read: everything before it is in {@link #current()}. */
  public synchronized long position() {
    return position;
  }

  private synchronized void advanceTo(long next) {
    if (next > position) {
      position = next;
      notifyAll();
    }
  }

  private void deliver(S state) {
    try {
      changes.accept(state);
    } catch (RuntimeException e) {
      log.error("applying a change from {} failed", partition, e);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
