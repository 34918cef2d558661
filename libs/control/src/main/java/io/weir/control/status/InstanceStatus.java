package io.weir.control.status;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One instance's latest document of {@code weir.status}, as a reader sees it.
 *
 * @param key the record's key
 * @param document the whole document
 */
public record InstanceStatus(StatusKey key, JsonNode document) {

  /** How many missed intervals make an instance stale. */
  public static final int STALE_AFTER_INTERVALS = 3;

  /** What {@link #health(Instant)} says of an instance that stopped publishing. */
  public static final String STALE = "stale";

  /** The service's version, or {@code unknown}. */
  public String version() {
    return text(StatusDocument.VERSION, "unknown");
  }

  /** The base URL of the instance's HTTP API, or null when the document has none. */
  public @Nullable String managementUrl() {
    JsonNode url = document.path(StatusDocument.MANAGEMENT_URL);
    return url.isString() ? url.asString() : null;
  }

  /** When the instance started, or null when the document does not say. */
  public @Nullable Instant startedAt() {
    return instant(StatusDocument.STARTED_AT);
  }

  /** When the document was written, or null when it does not say. */
  public @Nullable Instant publishedAt() {
    return instant(StatusDocument.PUBLISHED_AT);
  }

  /** How often the instance publishes, or {@code fallback} when the document does not say. */
  public Duration interval(Duration fallback) {
    long millis = document.path(StatusDocument.PUBLISH_INTERVAL_MS).asLong(0);
    return millis > 0 ? Duration.ofMillis(millis) : fallback;
  }

  /**
   * Whether the instance stopped publishing: its document is older than {@link
   * #STALE_AFTER_INTERVALS} of its intervals at {@code now} (or has no time at all).
   */
  public boolean isStale(Instant now, Duration fallbackInterval) {
    Instant published = publishedAt();
    return published == null
        || published
            .plus(interval(fallbackInterval).multipliedBy(STALE_AFTER_INTERVALS))
            .isBefore(now);
  }

  /** The health the instance reported, or {@link #STALE} when it stopped publishing. */
  public String health(Instant now, Duration fallbackInterval) {
    return isStale(now, fallbackInterval) ? STALE : text(StatusDocument.HEALTH, "UNKNOWN");
  }

  private String text(String field, String fallback) {
    JsonNode value = document.path(field);
    return value.isString() ? value.asString() : fallback;
  }

  private @Nullable Instant instant(String field) {
    JsonNode value = document.path(field);
    if (!value.isString()) {
      return null;
    }
    try {
      return Instant.parse(value.asString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
