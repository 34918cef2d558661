package io.weir.admin.status;

import io.weir.control.status.InstanceStatus;
import io.weir.control.status.StatusFollower;
import io.weir.control.status.StatusKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The instances of {@code weir.status} as this admin API reads them, and which of them are live: an
 * instance silent for three of its intervals is stale, and its state is left out of what the API
 * merges (servers, services, sessions), though {@code /v1/weir} still lists it as {@code stale}.
 */
public final class StatusView implements AutoCloseable {

  private final @Nullable StatusFollower follower;
  private final String topic;
  private final InstantSource clock;
  private final Duration interval;

  /**
   * @param follower the topic's follower, or null when Kafka is not configured
   * @param topic the topic's name
   * @param clock what staleness is judged against
   * @param interval the interval assumed for a document that does not name its own
   */
  public StatusView(
      @Nullable StatusFollower follower, String topic, InstantSource clock, Duration interval) {
    this.follower = follower;
    this.topic = topic;
    this.clock = clock;
    this.interval = interval;
  }

  /** The topic read, e.g. {@code weir.status}. */
  public String topic() {
    return topic;
  }

  /** Whether the topic is read at all (Kafka is configured). */
  public boolean enabled() {
    return follower != null;
  }

  /** Every instance that has a document, stale or not, ordered by service and instance. */
  public Map<StatusKey, InstanceStatus> all() {
    return follower == null ? Map.of() : follower.current();
  }

  /** The instances whose state is live now, ordered by service and instance. */
  public List<InstanceStatus> live() {
    Instant now = clock.instant();
    return all().values().stream().filter(status -> !status.isStale(now, interval)).toList();
  }

  /** An instance's health now: what it reported, or {@code stale}. */
  public String health(InstanceStatus status) {
    return status.health(clock.instant(), interval);
  }

  @Override
  public void close() {
    if (follower != null) {
      follower.close();
    }
  }
}
