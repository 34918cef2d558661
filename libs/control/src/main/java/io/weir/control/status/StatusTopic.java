package io.weir.control.status;

import io.weir.control.topic.CompactedTopic;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes this instance's live state to the compacted {@code weir.status} topic: one record keyed
 * {@code <service>/<instance-id>} (see {@link StatusKey}), rewritten every interval on a thread of
 * its own, and a tombstone on {@link #close()}, so that a cleanly stopped instance disappears from
 * the topic while one that died stays with its last document until a reader judges it stale.
 *
 * <p>A write that fails (Kafka away) is logged and tried again at the next interval; it never stops
 * the service.
 */
public final class StatusTopic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusTopic.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The topic's default name. */
  public static final String DEFAULT_NAME = "weir.status";

  /** The longest {@link #close()} waits for the tombstone. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final CompactedTopic topic;
  private final InstanceIdentity identity;
  private final Duration interval;
  private final InstantSource clock;
  private final Supplier<String> health;
  private final Supplier<? extends Map<String, ?>> state;
  private final ScheduledExecutorService scheduler;
  private volatile boolean failing;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param topic where to publish; closed with this
   * @param identity who publishes
   * @param interval how often
   * @param clock what {@code published_at} is read from
   * @param health the instance's health (UP, DOWN, ...), read at each publish
   * @param state the service's live state, read at each publish, on the publisher's thread
   */
  public StatusTopic(
      CompactedTopic topic,
      InstanceIdentity identity,
      Duration interval,
      InstantSource clock,
      Supplier<String> health,
      Supplier<? extends Map<String, ?>> state) {
    this.topic = topic;
    this.identity = identity;
    this.interval = interval;
    this.clock = clock;
    this.health = health;
    this.state = state;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("weir-status-" + identity.instance()).factory());
  }

  /**
   * Creates the topic when missing, publishes the first document and waits for it, then publishes
   * every interval.
   *
   * @param replicationFactor the topic's copies when it is created
   * @return this
   * @throws IllegalStateException when Kafka cannot be reached or does not take the first document
   *     within the topic's timeout
   */
  public StatusTopic start(short replicationFactor) {
    try {
      topic.ensureExists(replicationFactor);
      await(publish(), "publish the status of " + identity.key(), topic.timeout());
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      topic.close();
      throw e;
    }
    log.info("publishing the status of {} to {} every {}", identity.key(), topic.name(), interval);
    scheduler.scheduleWithFixedDelay(
        this::publishQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Who publishes. */
  public InstanceIdentity identity() {
    return identity;
  }

  /**
   * Writes the current document now.
   *
   * @return completes with the record's offset once Kafka acknowledged it
   */
  public CompletableFuture<Long> publish() {
    String document;
    try {
      document =
          JSON.writeValueAsString(
              StatusDocument.compose(
                  identity, clock.instant(), interval, health.get(), state.get()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return topic.write(identity.key().text(), document);
  }

  private void publishQuietly() {
    try {
      publish().get(topic.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (failing) {
        log.info("publishing the status of {} works again", identity.key());
        failing = false;
      }
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (!failing) {
        log.warn(
            "cannot publish the status of {} to {} ({}); trying again every {}",
            identity.key(),
            topic.name(),
            e instanceof ExecutionException ? e.getCause() : e,
            interval);
        failing = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops publishing and writes the instance's tombstone, waiting for it at most {@link
   * #CLOSE_TIMEOUT} (or the topic's timeout, if shorter), so that a stop while Kafka is away does
   * not outlast the platform's grace period. A second call does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    Duration wait = topic.timeout().compareTo(CLOSE_TIMEOUT) < 0 ? topic.timeout() : CLOSE_TIMEOUT;
    try {
      scheduler.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
      await(
          topic.write(identity.key().text(), null), "remove the status of " + identity.key(), wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      log.warn("{}; it stays until readers judge it stale", e.getMessage());
    } finally {
      topic.close();
    }
  }

  private void await(CompletableFuture<Long> write, String what, Duration timeout) {
    try {
      write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot " + what + " in '" + topic.name() + "': " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot " + what + " in '" + topic.name() + "' within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted trying to " + what, e);
    }
  }
}
