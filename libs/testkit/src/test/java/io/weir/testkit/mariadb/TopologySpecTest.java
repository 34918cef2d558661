package io.weir.testkit.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologySpecTest {

  @Test
  void equalSpecsAreInterchangeableSoTestClassesCanShareATopology() {
    assertThat(TopologySpec.of(2).withServerOptions("--max-allowed-packet=64M"))
        .isEqualTo(TopologySpec.of(2).withServerOptions("--max-allowed-packet=64M"))
        .isNotEqualTo(TopologySpec.of(2))
        .isNotEqualTo(TopologySpec.of(1).withServerOptions("--max-allowed-packet=64M"));
  }

  @Test
  void optionsAccumulateAndCannotBeChangedAfterwards() {
    TopologySpec spec = TopologySpec.of(0).withServerOptions("--a=1").withServerOptions("--b=2");

    assertThat(spec.serverOptions()).containsExactly("--a=1", "--b=2");
    assertThatThrownBy(() -> spec.serverOptions().add("--c=3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsANegativeNumberOfReplicas() {
    assertThatThrownBy(() -> TopologySpec.of(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replicas");
  }

  @Test
  void credentialsNeverPrintTheirPassword() {
    assertThat(Credentials.APPLICATION.toString()).isEqualTo("app").doesNotContain("password");
  }
}
