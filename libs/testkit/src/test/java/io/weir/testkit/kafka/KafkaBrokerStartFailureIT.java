package io.weir.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Brokers that cannot start. Each spec allows minutes to start, so a failure reported as an exit
 * (not as a missed deadline) shows the kit noticed the broker die rather than waiting it out.
 */
class KafkaBrokerStartFailureIT {

  private static final KafkaBrokerSpec PATIENT =
      KafkaBrokerSpec.defaults().withStartupTimeout(Duration.ofMinutes(5));

  @Test
  @DisplayName("a broker whose port is taken fails at once with its own log lines")
  void portTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> KafkaBroker.start(PATIENT.withPort(port)).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("its JVM exited with status")
          .hasMessageContaining("port " + port + " on 127.0.0.1 is taken by another process")
          .hasMessageContaining("Last lines of its log")
          .hasMessageContaining("Address already in use");
    }
  }

  @Test
  @DisplayName("a broker with an unloadable server property fails at once with its own log lines")
  void invalidServerProperty() {
    KafkaBrokerSpec spec =
        PATIENT.withServerProperty("authorizer.class.name", "io.weir.NoSuchAuthorizer");

    assertThatThrownBy(() -> KafkaBroker.start(spec).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("its JVM exited with status")
        .hasMessageContaining("Last lines of its log")
        .hasMessageContaining("io.weir.NoSuchAuthorizer");
  }

  @Test
  @DisplayName("a restart whose port another process took names the port and shows the log")
  void restartOntoTakenPort() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(PATIENT)) {
      int port = Integer.parseInt(broker.bootstrapServers().substring("127.0.0.1:".length()));
      broker.stop();

      try (ServerSocket thief = new ServerSocket()) {
        thief.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThatThrownBy(broker::restart)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("port " + port + " on 127.0.0.1 is taken by another process")
            .hasMessageContaining("Address already in use");
        assertThat(broker.isRunning()).isFalse();
      }

      broker.restart();
      assertThat(broker.isRunning()).isTrue();
    }
  }
}
