package io.weir.cdc.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.cdc.config.CdcRunner;
import io.weir.cdc.delivery.DeliveryMetrics;
import io.weir.cdc.delivery.KafkaCdcStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * cdc-service's live state as its {@code weir.status} document carries it, next to the fields every
 * service publishes (ADR 0010): {@code services}, one entry per running kafkacdc service with its
 * {@code id}, {@code router} and {@code router_diagnostics} ({@code gtid_position}: the checkpoint,
 * every transaction up to it is in Kafka; {@code replicating}; {@code events}: row events Kafka
 * acknowledged since this instance started it; {@code lag_transactions}: per domain, transactions
 * the checkpoint is behind the primary's binlog; {@code lag_seconds}: primary commit to checkpoint
 * of the last checkpointed transaction; {@code error}: why replication stopped, when it did), and
 * {@code weir_config_position} when it follows {@code weir.config}. The entries have the proxy's
 * shape, so the admin API shows them under a service's {@code instances}.
 */
public final class CdcStatus implements Supplier<Map<String, Object>> {

  private final CdcRunner runner;
  private final MeterRegistry registry;
  private final Supplier<OptionalLong> configPosition;

  /**
   * @param configPosition the offset of the next {@code weir.config} record to read, empty when the
   *     service runs from a static file
   */
  public CdcStatus(
      CdcRunner runner, MeterRegistry registry, Supplier<OptionalLong> configPosition) {
    this.runner = runner;
    this.registry = registry;
    this.configPosition = configPosition;
  }

  @Override
  public Map<String, Object> get() {
    Map<String, Object> state = new LinkedHashMap<>();
    List<Object> services = new ArrayList<>();
    for (KafkaCdcStream stream : runner.streams()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", stream.service());
      entry.put("router", "kafkacdc");
      entry.put("router_diagnostics", diagnostics(stream));
      services.add(entry);
    }
    state.put("services", services);
    OptionalLong position = configPosition.get();
    if (position.isPresent()) {
      state.put("weir_config_position", position.getAsLong());
    }
    return state;
  }

  private Map<String, Object> diagnostics(KafkaCdcStream stream) {
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("gtid_position", stream.checkpoint().toString());
    diagnostics.put("replicating", stream.failure().isEmpty());
    double events =
        registry.find(DeliveryMetrics.EVENTS).tag("service", stream.service()).counters().stream()
            .mapToDouble(Counter::count)
            .sum();
    diagnostics.put("events", (long) events);
    Gauge lag = registry.find(DeliveryMetrics.LAG).tag("service", stream.service()).gauge();
    if (lag != null) {
      diagnostics.put("lag_seconds", lag.value());
    }
    Map<String, Long> behind = new LinkedHashMap<>();
    for (Gauge domain :
        registry.find(DeliveryMetrics.LAG_TRANSACTIONS).tag("service", stream.service()).gauges()) {
      behind.put(domain.getId().getTag("domain"), (long) domain.value());
    }
    if (!behind.isEmpty()) {
      diagnostics.put("lag_transactions", behind);
    }
    stream
        .failure()
        .ifPresent(failure -> diagnostics.put("error", String.valueOf(failure.getMessage())));
    return diagnostics;
  }
}
