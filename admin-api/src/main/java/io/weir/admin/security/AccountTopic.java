package io.weir.admin.security;

import io.weir.admin.resource.StoreUnavailableException;
import io.weir.control.topic.ConfigTopic;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts made through {@code /v1/users}, kept in their own compacted topic ({@code
 * weir.admin.users} by default; key the account's name, value a {@link StoredAccount}, a tombstone
 * when deleted) and followed by every admin-api instance, so an account made on one logs in on all.
 * Only the admin API reads this topic: the services that follow {@code weir.config} never see a
 * hash (ADR 0011).
 *
 * <p>As with resources, a write returns only once Kafka acknowledged it and this instance read it
 * back. Without Kafka there are no such accounts and writes are refused.
 */
public final class AccountTopic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccountTopic.class);

  private final @Nullable ConfigTopic writer;
  private final @Nullable KafkaConsumer<String, String> consumer;
  private final @Nullable Thread thread;
  private final @Nullable TopicPartition partition;
  private final Duration timeout;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile Map<String, StoredAccount> accounts = Map.of();
  private volatile boolean closed;
  // the offset of the next record to read; guarded by this
  private long position;

  private AccountTopic(
      @Nullable String topic,
      Map<String, Object> clientProperties,
      short replicationFactor,
      Duration timeout) {
    this.timeout = timeout;
    if (topic == null) {
      this.writer = null;
      this.consumer = null;
      this.thread = null;
      this.partition = null;
      caughtUp.countDown();
      return;
    }
    this.writer = new ConfigTopic(topic, clientProperties, timeout);
    writer.ensureExists(replicationFactor);
    this.partition = new TopicPartition(topic, 0);
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    this.thread = Thread.ofPlatform().daemon().name("weir-accounts-" + topic).start(this::follow);
  }

  /**
   * Follows {@code topic}, creating it (compacted, one partition) when missing, and returns once it
   * has read every account written before.
   *
   * @param clientProperties Kafka client properties, as for {@code weir.config}
   * @throws IllegalStateException when Kafka cannot be reached or read within {@code timeout}
   */
  public static AccountTopic open(
      String topic,
      Map<String, Object> clientProperties,
      short replicationFactor,
      Duration timeout) {
    AccountTopic accounts = new AccountTopic(topic, clientProperties, replicationFactor, timeout);
    try {
      if (!accounts.caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "cannot read the accounts topic '" + topic + "' within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      accounts.close();
      throw new IllegalStateException("interrupted reading the accounts topic", e);
    } catch (RuntimeException e) {
      accounts.close();
      throw e;
    }
    return accounts;
  }

  /** No Kafka: no accounts beyond the configured ones, and none can be made. */
  public static AccountTopic none(Duration timeout) {
    return new AccountTopic(null, Map.of(), (short) 1, timeout);
  }

  /** The accounts by name, as read so far. */
  public Map<String, StoredAccount> accounts() {
    return accounts;
  }

  /** One account. */
  public Optional<StoredAccount> account(String name) {
    return Optional.ofNullable(accounts.get(name));
  }

  /**
   * Stores an account, or deletes it when {@code account} is null.
   *
   * @return the record's offset
   * @throws StoreUnavailableException when there is no Kafka, or it did not acknowledge the write
   *     or this instance did not read it back within the timeout
   */
  public long write(String name, @Nullable StoredAccount account) {
    if (writer == null) {
      throw new StoreUnavailableException(
          "no Kafka is configured (weir.config.bootstrap-servers), so accounts cannot be made or"
              + " changed through the API");
    }
    long offset;
    try {
      offset =
          writer
              .write(name, account == null ? null : account.toJson())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException(
          "Kafka did not store the change: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException(
          "Kafka did not acknowledge the change within " + timeout + "; it may be down", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted writing the change", e);
    }
    if (!awaitRead(offset)) {
      throw new StoreUnavailableException(
          "Kafka stored the change at offset "
              + offset
              + " but this instance did not read it back within "
              + timeout);
    }
    return offset;
  }

  /**
   * Waits until this instance has read the record at {@code offset}, which another instance may
   * have written.
   *
   * @return whether it was read within the timeout
   */
  public synchronized boolean awaitRead(long offset) {
    if (writer == null) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (position <= offset) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private void follow() {
    KafkaConsumer<String, String> consumer = this.consumer;
    TopicPartition partition = this.partition;
    if (consumer == null || partition == null) {
      return;
    }
    long end = -1;
    while (!closed) {
      try {
        if (end < 0) {
          end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }
        Map<String, StoredAccount> next = new LinkedHashMap<>(accounts);
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() == null) {
            next.remove(record.key());
            continue;
          }
          try {
            next.put(record.key(), StoredAccount.fromJson(record.value()));
          } catch (RuntimeException e) {
            log.warn(
                "{} offset {}: account '{}' is unreadable ({}); skipped",
                partition,
                record.offset(),
                record.key(),
                e.getMessage());
          }
        }
        accounts = Collections.unmodifiableMap(next);
        long read = consumer.position(partition);
        advanceTo(read);
        if (read >= end) {
          caughtUp.countDown();
        }
      } catch (WakeupException e) {
        // close() woke the poll
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("reading {} failed ({}); retrying", partition, e.toString());
          try {
            Thread.sleep(1000);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }

  private synchronized void advanceTo(long next) {
    if (next > position) {
      position = next;
      notifyAll();
    }
  }

  @Override
  public void close() {
    closed = true;
    if (consumer != null && thread != null) {
      consumer.wakeup();
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (writer != null) {
      writer.close();
    }
  }
}
