package io.weir.testkit.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link KafkaBroker}: its ports, extra broker settings and how long it may take to
 * become ready.
 *
 * <p>Start from {@link #defaults()} and change what a test needs:
 *
 * <pre>{@code
 * KafkaBroker.start(KafkaBrokerSpec.defaults().withServerProperty("log.retention.ms", "1000"))
 * }</pre>
 *
 * @param port the client listener's port on 127.0.0.1, or 0 for a free one
 * @param controllerPort the KRaft controller listener's port on 127.0.0.1, or 0 for a free one
 * @param serverProperties {@code server.properties} entries that replace or add to the kit's
 *     single-node settings
 * @param startupTimeout how long the broker may take to answer after its JVM starts
 */
public record KafkaBrokerSpec(
    int port, int controllerPort, Map<String, String> serverProperties, Duration startupTimeout) {

  private static final int HIGHEST_PORT = 65_535;

  public KafkaBrokerSpec {
    requirePort(port, "port");
    requirePort(controllerPort, "controllerPort");
    if (port != 0 && port == controllerPort) {
      throw new IllegalArgumentException("port and controllerPort are both " + port);
    }
    serverProperties = Map.copyOf(serverProperties);
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
    }
  }

  /** Free ports, the kit's single-node settings, and 30 seconds to become ready. */
  public static KafkaBrokerSpec defaults() {
    return new KafkaBrokerSpec(0, 0, Map.of(), Duration.ofSeconds(30));
  }

  public KafkaBrokerSpec withPort(int newPort) {
    return new KafkaBrokerSpec(newPort, controllerPort, serverProperties, startupTimeout);
  }

  public KafkaBrokerSpec withControllerPort(int newControllerPort) {
    return new KafkaBrokerSpec(port, newControllerPort, serverProperties, startupTimeout);
  }

  /** Adds or replaces one {@code server.properties} entry. */
  public KafkaBrokerSpec withServerProperty(String key, String value) {
    Map<String, String> properties = new LinkedHashMap<>(serverProperties);
    properties.put(key, value);
    return new KafkaBrokerSpec(port, controllerPort, properties, startupTimeout);
  }

  public KafkaBrokerSpec withStartupTimeout(Duration newStartupTimeout) {
    return new KafkaBrokerSpec(port, controllerPort, serverProperties, newStartupTimeout);
  }

  private static void requirePort(int value, String name) {
    if (value < 0 || value > HIGHEST_PORT) {
      throw new IllegalArgumentException(name + " must be 0 (any free port) or a port: " + value);
    }
  }
}
