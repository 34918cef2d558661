package io.weir.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

@WithKafka
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class KafkaBrokerExtensionIT {

  private static final AtomicReference<KafkaBroker> FIRST_SEEN = new AtomicReference<>();

  private final KafkaBroker constructorBroker;

  KafkaBrokerExtensionIT(KafkaBroker broker) {
    this.constructorBroker = broker;
  }

  @BeforeAll
  static void remember(KafkaBroker broker) {
    FIRST_SEEN.set(broker);
  }

  @Test
  @DisplayName("constructor, @BeforeAll and method parameters get the same broker")
  void sameBrokerEverywhere(KafkaBroker broker) {
    assertThat(broker).isSameAs(FIRST_SEEN.get()).isSameAs(constructorBroker);
    assertThat(broker.isRunning()).isTrue();
  }

  @Nested
  @Order(1)
  class KillsTheBroker {

    @Test
    void leavesItKilled(KafkaBroker broker) {
      assertThat(broker).isSameAs(FIRST_SEEN.get());
      broker.kill();
      assertThat(broker.isRunning()).isFalse();
    }
  }

  @Nested
  @Order(2)
  class RunsAfterTheKill {

    @Test
    @DisplayName("the next class finds the shared broker running again")
    void findsItRunning(KafkaBroker broker) {
      assertThat(broker).isSameAs(FIRST_SEEN.get());
      assertThat(broker.isRunning()).isTrue();
    }
  }
}
