package io.weir.control.status;

import java.util.Comparator;
import java.util.Optional;

/**
 * The key of an instance's record in {@code weir.status}: {@code <service>/<instance-id>}, e.g.
 * {@code proxy-service/proxy-7f9c-1}. A service name never has a slash; an instance id may.
 *
 * @param service the service, e.g. {@code proxy-service}
 * @param instance the instance's id, unique among the service's instances
 */
public record StatusKey(String service, String instance) implements Comparable<StatusKey> {

  private static final Comparator<StatusKey> ORDER =
      Comparator.comparing(StatusKey::service).thenComparing(StatusKey::instance);

  public StatusKey {
    if (service.isEmpty() || service.contains("/")) {
      throw new IllegalArgumentException("a service name is not empty and has no '/': " + service);
    }
    if (instance.isEmpty()) {
      throw new IllegalArgumentException("an instance id is not empty");
    }
  }

  /** The key as written in the topic. */
  public String text() {
    return service + "/" + instance;
  }

  /** The key written as {@code text}, or empty when it is not {@code service/instance}. */
  public static Optional<StatusKey> parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new StatusKey(text.substring(0, slash), text.substring(slash + 1)));
  }

  @Override
  public int compareTo(StatusKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return text();
  }
}
