package io.weir.proxy.router;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backend connections the whole proxy holds to each server, over every service: what {@code
 * LEAST_GLOBAL_CONNECTIONS} compares.
 */
public final class ServerConnections {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public void opened(String server) {
    counts.computeIfAbsent(server, name -> new AtomicInteger()).incrementAndGet();
  }

  public void closed(String server) {
    AtomicInteger count = counts.get(server);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  public int count(String server) {
    AtomicInteger count = counts.get(server);
    return count == null ? 0 : count.get();
  }
}
