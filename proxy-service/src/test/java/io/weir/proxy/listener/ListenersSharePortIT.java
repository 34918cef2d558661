package io.weir.proxy.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.control.config.Configuration;
import io.weir.control.config.StaticConfiguration;
import io.weir.control.resource.Listener;
import io.weir.proxy.metrics.ProxyMetrics;
import io.weir.proxy.monitor.Monitors;
import io.weir.proxy.runtime.ProxyRuntime;
import io.weir.proxy.runtime.ProxySettings;
import io.weir.testkit.process.FreePort;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Listeners bind with {@code SO_REUSEPORT}: two proxies with the same configuration on one host
 * listen on the same port and both take clients, while one proxy still refuses two of its own
 * listeners on one port. No server is needed: a client is counted when the proxy greets it.
 */
class ListenersSharePortIT {

  private static final int CLIENTS = 40;

  @Test
  @DisplayName("two proxies bind the same listener port and the kernel gives both of them clients")
  void twoProxiesShareAListenerPort() throws Exception {
    int port = FreePort.next();
    Configuration configuration = configuration(port);
    SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
    SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
    try (Monitors monitors = Monitors.start(configuration);
        ProxyRuntime first = ProxyRuntime.start(configuration, monitors, firstMeters, settings());
        ProxyRuntime second =
            ProxyRuntime.start(configuration, monitors, secondMeters, settings())) {
      assertThat(first.port("shared")).isEqualTo(port);
      assertThat(second.port("shared")).isEqualTo(port);

      // the kernel picks a socket by a hash of the client's address and port: 40 clients all
      // reaching one proxy would have a chance of 2^-39
      for (int i = 0; i < CLIENTS; i++) {
        greetedOn(port);
      }

      double firstClients = accepted(firstMeters);
      double secondClients = accepted(secondMeters);
      assertThat(firstClients + secondClients).isEqualTo(CLIENTS);
      assertThat(firstClients).as("clients the first proxy greeted").isPositive();
      assertThat(secondClients).as("clients the second proxy greeted").isPositive();
    }
  }

  @Test
  @DisplayName("one proxy refuses a second listener of its own on a port it listens on already")
  void oneProxyRefusesTwoListenersOnOnePort() throws Exception {
    int port = FreePort.next();
    Configuration configuration = configuration(port);
    try (Monitors monitors = Monitors.start(configuration);
        ProxyRuntime runtime =
            ProxyRuntime.start(configuration, monitors, new SimpleMeterRegistry(), settings())) {
      Listener shared = configuration.listeners().get("shared");
      Listener twin =
          new Listener(
              "twin",
              shared.service(),
              "0.0.0.0",
              shared.port(),
              shared.tls(),
              shared.parameters());

      assertThatThrownBy(() -> runtime.open(twin, configuration))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("collides with listeners/shared");
      assertThat(runtime.listenerIds()).containsExactly("shared");
    }
  }

  /** Connects, reads the proxy's greeting (its first packet header), and leaves. */
  private static void greetedOn(int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(5_000);
      InputStream in = socket.getInputStream();
      assertThat(in.readNBytes(4)).as("a packet header").hasSize(4);
    }
  }

  private static double accepted(SimpleMeterRegistry registry) {
    return registry.get(ProxyMetrics.CONNECTIONS).counter().count();
  }

  /** A listener whose service's only server is not running: greetings need no server. */
  private static Configuration configuration(int port) throws Exception {
    int nobody = FreePort.next();
    String yaml =
        """
        servers:
          db1: {parameters: {address: 127.0.0.1, port: %d}}
        services:
          svc:
            router: readconnroute
            servers: [db1]
            parameters: {user: weir, password: weir, router_options: running}
        listeners:
          shared: {service: svc, parameters: {address: 127.0.0.1, port: %d}}
        """
            .formatted(nobody, port);
    return StaticConfiguration.parse("shared-port.yaml", new StringReader(yaml));
  }

  private static ProxySettings settings() {
    return ProxySettings.defaults();
  }
}
