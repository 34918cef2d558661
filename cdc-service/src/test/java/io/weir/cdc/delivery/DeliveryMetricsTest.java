package io.weir.cdc.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.cdc.event.GtidPosition;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final DeliveryMetrics metrics =
      new DeliveryMetrics(registry, "cdc", InstantSource.system());

  @Test
  @DisplayName(
      "the lag in transactions is, per domain, the primary's sequence less the checkpoint's, never"
          + " below zero")
  void lagInTransactionsPerDomain() {
    metrics.checkpoint(GtidPosition.parse("0-1-5,7-2-40"), Instant.now());
    metrics.primaryAt(GtidPosition.parse("0-1-12,7-2-40"));

    assertThat(behind("0")).isEqualTo(7);
    assertThat(behind("7")).isZero();

    metrics.checkpoint(GtidPosition.parse("0-1-14,7-2-41"), Instant.now());
    assertThat(behind("0")).as("the checkpoint passed the last read of the primary").isZero();

    metrics.primaryAt(GtidPosition.parse("0-3-20,7-2-41,9-1-3"));
    assertThat(behind("0")).as("after a failover, the new primary's sequence").isEqualTo(6);
    assertThat(behind("9")).as("a domain the checkpoint has not seen yet").isEqualTo(3);
  }

  @Test
  @DisplayName("a stream started again reports its own lag, not the closed stream's")
  void aNewStreamReplacesTheGauges() {
    metrics.primaryAt(GtidPosition.parse("0-1-12"));
    DeliveryMetrics again = new DeliveryMetrics(registry, "cdc", InstantSource.system());
    again.checkpoint(GtidPosition.parse("0-1-12"), Instant.now());
    again.primaryAt(GtidPosition.parse("0-1-13"));

    assertThat(behind("0")).isEqualTo(1);
  }

  private double behind(String domain) {
    return registry
        .get(DeliveryMetrics.LAG_TRANSACTIONS)
        .tags("service", "cdc", "domain", domain)
        .gauge()
        .value();
  }
}
