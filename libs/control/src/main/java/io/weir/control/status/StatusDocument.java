package io.weir.control.status;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields every {@code weir.status} document starts with, and how a document is put together
 * from them and a service's own live state.
 */
public final class StatusDocument {

  /** The service's name. */
  public static final String SERVICE = "service";

  /** The instance's id. */
  public static final String INSTANCE = "instance";

  /** The service's version. */
  public static final String VERSION = "version";

  /** The base URL of the instance's HTTP API. */
  public static final String MANAGEMENT_URL = "management_url";

  /** When the instance started, ISO-8601 UTC. */
  public static final String STARTED_AT = "started_at";

  /** When this document was written, ISO-8601 UTC. */
  public static final String PUBLISHED_AT = "published_at";

  /** How often the instance publishes, in milliseconds: what a reader judges staleness by. */
  public static final String PUBLISH_INTERVAL_MS = "publish_interval_ms";

  /** The instance's health as its {@code /actuator/health} says it: UP, DOWN, ... */
  public static final String HEALTH = "health";

  private StatusDocument() {}

  /**
   * The document an instance publishes.
   *
   * @param state the service's own live state (servers, sessions, ...): JSON values (maps, lists,
   *     strings, numbers, booleans, null); a key that names a field above is ignored
   */
  public static Map<String, Object> compose(
      InstanceIdentity identity,
      Instant publishedAt,
      Duration interval,
      String health,
      Map<String, ?> state) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put(SERVICE, identity.service());
    document.put(INSTANCE, identity.instance());
    document.put(VERSION, identity.version());
    document.put(MANAGEMENT_URL, identity.managementUrl());
    document.put(STARTED_AT, identity.startedAt().toString());
    document.put(PUBLISHED_AT, publishedAt.toString());
    document.put(PUBLISH_INTERVAL_MS, interval.toMillis());
    document.put(HEALTH, health);
    state.forEach(document::putIfAbsent);
    return document;
  }
}
