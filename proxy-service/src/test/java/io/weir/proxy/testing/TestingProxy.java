package io.weir.proxy.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.cluster.monitor.ClusterSnapshot;
import io.weir.control.config.Configuration;
import io.weir.control.config.InvalidConfigurationException;
import io.weir.control.config.StaticConfiguration;
import io.weir.proxy.monitor.Monitors;
import io.weir.proxy.runtime.ProxyRuntime;
import io.weir.proxy.runtime.ProxySettings;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import io.weir.testkit.tls.TestCertificates;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A proxy in this JVM in front of a test topology: a {@code mariadbmon} monitor over every server
 * of the topology and one {@code readconnroute} listener on a free loopback port. It returns once
 * the monitor has seen every server, so the first session finds its server. The router is {@code
 * readconnroute} unless the builder sets another.
 */
public final class TestingProxy implements AutoCloseable {
  /** The listener's id. */
  public static final String LISTENER = "rcr-port";

  private final Monitors monitors;
  private final ProxyRuntime runtime;
  private final SimpleMeterRegistry registry;

  private TestingProxy(Monitors monitors, ProxyRuntime runtime, SimpleMeterRegistry registry) {
    this.monitors = monitors;
    this.runtime = runtime;
    this.registry = registry;
  }

  /** Starts a proxy with one readconnroute listener with these {@code router_options}. */
  public static TestingProxy start(MariaDbTopology topology, String routerOptions) {
    return start(topology, routerOptions, "", settings());
  }

  /**
   * The defaults, except that every failed login reloads users: tests create accounts after the
   * proxy started and expect them to work at once.
   */
  public static ProxySettings settings() {
    ProxySettings defaults = ProxySettings.defaults();
    return new ProxySettings(
        defaults.maximumPacketLength(),
        defaults.connectTimeout(),
        defaults.authenticationTimeout(),
        Duration.ZERO,
        defaults.eventLoops(),
        defaults.writeBufferLowWaterMark(),
        defaults.writeBufferHighWaterMark());
  }

  /**
   * Starts a proxy whose service has {@code router_options} and the extra service parameter lines
   * in {@code serviceParameters} (YAML, indented six spaces).
   */
  public static TestingProxy start(
      MariaDbTopology topology,
      String routerOptions,
      String serviceParameters,
      ProxySettings settings) {
    return start(topology, routerOptions, serviceParameters, settings, "");
  }

  /**
   * As {@link #start(MariaDbTopology, String, String, ProxySettings)}, with extra listener
   * parameter lines in {@code listenerParameters} (YAML, indented six spaces), such as {@link
   * #tlsListenerParameters}.
   */
  public static TestingProxy start(
      MariaDbTopology topology,
      String routerOptions,
      String serviceParameters,
      ProxySettings settings,
      String listenerParameters) {
    return builder(topology)
        .routerOptions(routerOptions)
        .serviceParameters(serviceParameters)
        .settings(settings)
        .listenerParameters(listenerParameters)
        .start();
  }

  /** A proxy in front of {@code topology}, configured step by step. */
  public static Builder builder(MariaDbTopology topology) {
    return new Builder(topology);
  }

  /** The parts of a testing proxy's configuration a test may change. */
  public static final class Builder {
    private final MariaDbTopology topology;
    private String router = "readconnroute";
    private String routerOptions = "master";
    private String serviceParameters = "";
    private String listenerParameters = "";
    private String serverParameters = "";
    private final Map<String, String> oneServerParameters = new LinkedHashMap<>();
    private ProxySettings settings = TestingProxy.settings();

    private Builder(MariaDbTopology topology) {
      this.topology = topology;
    }

    /** The service's router module; {@code readconnroute} unless set. */
    public Builder router(String module) {
      this.router = module;
      return this;
    }

    /** The {@code router_options} of a readconnroute service. */
    public Builder routerOptions(String options) {
      this.routerOptions = options;
      return this;
    }

    /** Extra service parameter lines (YAML, indented six spaces). */
    public Builder serviceParameters(String lines) {
      this.serviceParameters = lines;
      return this;
    }

    /** Extra listener parameter lines (YAML, indented six spaces). */
    public Builder listenerParameters(String lines) {
      this.listenerParameters = lines;
      return this;
    }

    /** Extra parameter lines for every server (YAML, indented six spaces). */
    public Builder serverParameters(String lines) {
      this.serverParameters = lines;
      return this;
    }

    /**
     * Extra parameter lines for the server named {@code server} only (YAML, indented six spaces),
     * such as a {@code weight} that sets it apart from the others.
     */
    public Builder serverParameters(String server, String lines) {
      this.oneServerParameters.merge(server, lines, String::concat);
      return this;
    }

    public Builder settings(ProxySettings proxySettings) {
      this.settings = proxySettings;
      return this;
    }

    public TestingProxy start() {
      Configuration configuration =
          configuration(
              topology,
              router,
              routerOptions,
              serviceParameters,
              listenerParameters,
              serverParameters,
              oneServerParameters);
      Monitors monitors = Monitors.start(configuration);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try {
        awaitEveryServerPolled(monitors, topology.servers().size());
        ProxyRuntime runtime = ProxyRuntime.start(configuration, monitors, registry, settings);
        return new TestingProxy(monitors, runtime, registry);
      } catch (RuntimeException e) {
        monitors.close();
        throw e;
      }
    }
  }

  /** Listener parameters that make the listener require TLS with the test certificates. */
  public static String tlsListenerParameters(TestCertificates certificates) {
    return """
              ssl: true
              ssl_cert: %s
              ssl_key: %s
        """
        .formatted(certificates.serverCertificate(), certificates.serverKey());
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return runtime.port(LISTENER);
  }

  /** A MariaDB Connector/J URL for the proxy's listener. */
  public String jdbcUrl(String database) {
    return "jdbc:mariadb://" + host() + ":" + port() + "/" + database;
  }

  public ProxyRuntime runtime() {
    return runtime;
  }

  public Monitors monitors() {
    return monitors;
  }

  /** The proxy's meters. */
  public SimpleMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    try {
      runtime.close();
    } finally {
      monitors.close();
    }
  }

  private static Configuration configuration(
      MariaDbTopology topology,
      String router,
      String routerOptions,
      String serviceParameters,
      String listenerParameters,
      String serverParameters,
      Map<String, String> oneServerParameters) {
    String generated =
        ProxyConfigurationFile.yaml(
            topology,
            List.of(
                new ProxyListener(
                    LISTENER,
                    router,
                    FreePort.next(),
                    router.equals("readconnroute")
                        ? "      router_options: " + routerOptions + "\n" + serviceParameters
                        : serviceParameters,
                    listenerParameters)),
            Duration.ofMillis(200),
            serverParameters);
    String yaml = withServerParameters(generated, oneServerParameters);
    try {
      return StaticConfiguration.parse("testing-proxy.yaml", new StringReader(yaml));
    } catch (InvalidConfigurationException e) {
      throw new IllegalStateException(e.getMessage() + "\n" + yaml, e);
    }
  }

  /** Adds each server's own lines under its {@code parameters:} in the generated file. */
  private static String withServerParameters(String yaml, Map<String, String> perServer) {
    String result = yaml;
    for (Map.Entry<String, String> server : perServer.entrySet()) {
      String heading = "\n  " + server.getKey() + ":\n    parameters:\n";
      int at = result.indexOf(heading);
      if (at < 0) {
        throw new IllegalArgumentException("no server named " + server.getKey() + " in\n" + yaml);
      }
      String lines =
          server.getValue().endsWith("\n") ? server.getValue() : server.getValue() + "\n";
      int end = at + heading.length();
      result = result.substring(0, end) + lines + result.substring(end);
    }
    return result;
  }

  private static void awaitEveryServerPolled(Monitors monitors, int servers) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      ClusterSnapshot snapshot = monitors.snapshots().get("cluster1");
      if (snapshot != null
          && snapshot.servers().size() == servers
          && snapshot.servers().stream().allMatch(state -> !state.status().isEmpty())
          && snapshot.master().isPresent()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the monitor did not see every server within 30 s");
  }
}
