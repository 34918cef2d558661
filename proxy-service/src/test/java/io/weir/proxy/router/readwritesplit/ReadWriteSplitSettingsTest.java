package io.weir.proxy.router.readwritesplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.proxy.router.UnsupportedParameterException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadWriteSplitSettingsTest {

  @Test
  @DisplayName("the defaults are MaxScale's")
  void defaults() {
    ReadWriteSplitSettings settings = RoutingRulesTest.settings(Map.of());

    assertThat(settings.maxSlaveConnections()).isEqualTo(255);
    assertThat(settings.maxSlaveConnectionsPercent()).isFalse();
    assertThat(settings.maxSlaveReplicationLag()).isEqualTo(Duration.ZERO);
    assertThat(settings.variablesOnMaster()).isFalse();
    assertThat(settings.connectionKeepalive()).isEqualTo(Duration.ofSeconds(300));
    assertThat(settings.slaveSelection())
        .isEqualTo(SlaveSelectionCriteria.LEAST_CURRENT_OPERATIONS);
    assertThat(settings.maxSessionCommandHistory()).isEqualTo(50);
    assertThat(settings.masterAcceptReads()).isFalse();
    assertThat(settings.masterFailureMode()).isEqualTo(MasterFailureMode.FAIL_INSTANTLY);
    assertThat(settings.retryFailedReads()).isTrue();
  }

  @Test
  @DisplayName("max_slave_connections as a percentage rounds down but keeps one replica")
  void percentages() {
    ReadWriteSplitSettings half = RoutingRulesTest.settings(Map.of("max_slave_connections", "50%"));
    ReadWriteSplitSettings none = RoutingRulesTest.settings(Map.of("max_slave_connections", "0%"));
    ReadWriteSplitSettings two = RoutingRulesTest.settings(Map.of("max_slave_connections", "2"));

    assertThat(half.replicasFor(4)).isEqualTo(2);
    assertThat(half.replicasFor(1)).isEqualTo(1);
    assertThat(half.replicasFor(0)).isZero();
    assertThat(none.replicasFor(4)).isZero();
    assertThat(two.replicasFor(5)).isEqualTo(2);
    assertThat(two.replicasFor(1)).isEqualTo(1);
  }

  @Test
  @DisplayName("a feature that is not built yet is refused by name, not silently ignored")
  void refusesUnbuiltFeatures() {
    assertThatThrownBy(
            () ->
                RoutingRulesTest.settings(Map.of("transaction_replay", true, "causal_reads", true)))
        .isInstanceOf(UnsupportedParameterException.class)
        .hasMessage(
            "services/test: parameters 'transaction_replay', 'causal_reads': readwritesplit does"
                + " not implement it yet; set it to false");
  }
}
