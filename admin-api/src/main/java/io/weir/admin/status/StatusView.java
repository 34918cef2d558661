package io.weir.admin.status;

import io.weir.control.status.InstanceStatus;
import io.weir.control.status.StatusFollower;
import io.weir.control.status.StatusKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The instances of {@code weir.status} as this admin API reads them, and which of them are live: an
 * instance silent for three of its intervals is stale, and its state is left out of what the API
 * merges (servers, services, sessions), though {@code /v1/weir} still lists it as {@code stale}.
 */
public final class StatusView implements AutoCloseable {

  private final Supplier<Map<StatusKey, InstanceStatus>> documents;
  private final @Nullable String topic;
  private final InstantSource clock;
  private final Duration interval;
  private final AutoCloseable source;

  /**
   * @param documents every instance's latest document, as a {@link StatusFollower} reads them
   * @param topic the topic's name, or null when Kafka is not configured and nothing is read
   * @param clock what staleness is judged against
   * @param interval the interval assumed for a document that does not name its own
   * @param source what {@code documents} come from, closed with this view
   */
  public StatusView(
      Supplier<Map<StatusKey, InstanceStatus>> documents,
      @Nullable String topic,
      InstantSource clock,
      Duration interval,
      AutoCloseable source) {
    this.documents = documents;
    this.source = source;
    this.topic = topic;
    this.clock = clock;
    this.interval = interval;
  }

  /** The topic read, e.g. {@code weir.status}, or null when none is (no Kafka). */
  public @Nullable String topic() {
    return topic;
  }

  /** Every instance that has a document, stale or not, ordered by service and instance. */
  public Map<StatusKey, InstanceStatus> all() {
    return documents.get();
  }

  /** The instances whose state is live now, ordered by service and instance. */
  public List<InstanceStatus> live() {
    Instant now = clock.instant();
    return all().values().stream().filter(status -> !status.isStale(now, interval)).toList();
  }

  /**
   * The live instances of {@code service} that said where their management port answers: where the
   * admin API runs module commands.
   */
  public List<ServiceInstance> running(String service) {
    return live().stream()
        .filter(status -> status.key().service().equals(service))
        .filter(status -> status.managementUrl() != null)
        .map(
            status ->
                new ServiceInstance(
                    service, status.key().instance(), URI.create(status.managementUrl())))
        .toList();
  }

  /** An instance's health now: what it reported, or {@code stale}. */
  public String health(InstanceStatus status) {
    return status.health(clock.instant(), interval);
  }

  @Override
  public void close() throws Exception {
    source.close();
  }
}
