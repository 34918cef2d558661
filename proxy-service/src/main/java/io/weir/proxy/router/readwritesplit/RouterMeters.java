package io.weir.proxy.router.readwritesplit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.proxy.metrics.ProxyMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A readwritesplit service's routing counters (see {@link ProxyMetrics}). */
final class RouterMeters {
  private final MeterRegistry registry;
  private final String service;
  private final Counter toMaster;
  private final Counter toSlave;
  private final Counter toAll;
  private final Counter readWriteTransactions;
  private final Counter readOnlyTransactions;
  private final Map<String, Counter> serverReads = new ConcurrentHashMap<>();
  private final Map<String, Counter> serverWrites = new ConcurrentHashMap<>();

  RouterMeters(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
    this.toMaster = statements("master");
    this.toSlave = statements("slave");
    this.toAll = statements("all");
    this.readWriteTransactions = transactions("read_write");
    this.readOnlyTransactions = transactions("read_only");
  }

  private Counter statements(String target) {
    return Counter.builder(ProxyMetrics.ROUTER_STATEMENTS)
        .description("Statements routed, by target")
        .tag("service", service)
        .tag("target", target)
        .register(registry);
  }

  private Counter transactions(String access) {
    return Counter.builder(ProxyMetrics.ROUTER_TRANSACTIONS)
        .description("Transactions started, by access mode")
        .tag("service", service)
        .tag("access", access)
        .register(registry);
  }

  /** A statement went to one server; {@code master} tells which counter it adds to. */
  void routed(String server, boolean master, boolean write) {
    (master ? toMaster : toSlave).increment();
    serverCounter(write ? serverWrites : serverReads, server, write ? "write" : "read").increment();
  }

  /** A session command went to every backend of a session. */
  void routedToAll() {
    toAll.increment();
  }

  void transactionStarted(boolean readOnly) {
    (readOnly ? readOnlyTransactions : readWriteTransactions).increment();
  }

  long statementsToMaster() {
    return (long) toMaster.count();
  }

  long statementsToSlaves() {
    return (long) toSlave.count();
  }

  long statementsToAll() {
    return (long) toAll.count();
  }

  long readWriteTransactions() {
    return (long) readWriteTransactions.count();
  }

  long readOnlyTransactions() {
    return (long) readOnlyTransactions.count();
  }

  private Counter serverCounter(Map<String, Counter> counters, String server, String kind) {
    Counter counter = counters.get(server);
    if (counter == null) {
      counter =
          counters.computeIfAbsent(
              server,
              name ->
                  Counter.builder(ProxyMetrics.ROUTER_SERVER_STATEMENTS)
                      .description("Statements sent to a server, by kind")
                      .tag("service", service)
                      .tag("server", name)
                      .tag("kind", kind)
                      .register(registry));
    }
    return counter;
  }
}
