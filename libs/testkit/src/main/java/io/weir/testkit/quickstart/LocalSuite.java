package io.weir.testkit.quickstart;

import io.weir.testkit.kafka.KafkaBroker;
import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.mariadb.MariaDbServer;
import io.weir.testkit.mariadb.MariaDbTopology;
import io.weir.testkit.mariadb.TopologySpec;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.service.ProxyConfigurationFile;
import io.weir.testkit.service.ProxyConfigurationFile.ProxyListener;
import io.weir.testkit.service.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Weir locally on embedded defaults: a primary with two replicas, a Kafka broker and every
 * service given on the command line as {@code name=path/to/service.jar}. Prints where to connect,
 * then runs until interrupted (Ctrl-C), when it stops the services, the broker and the servers.
 *
 * <p>Started by {@code bin/quickstart}, which builds the jars first.
 */
public final class LocalSuite implements AutoCloseable {
  private static final String PROXY_SERVICE = "proxy-service";
  private static final String ADMIN_API = "admin-api";
  // the quickstart's account of the admin API; a local, throw-away suite
  private static final String ADMIN_API_PASSWORD = "weir-admin";

  private final Path directory;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<ServiceProcess> services = new ArrayList<>();
  private MariaDbTopology topology;
  private KafkaBroker kafka;
  private List<ProxyListener> proxyListeners = List.of();

  private LocalSuite(Path directory) {
    this.directory = directory;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: LocalSuite name=path/to/service.jar ...");
      System.exit(2);
    }
    PrintStream out = System.out;
    LocalSuite suite = new LocalSuite(Files.createTempDirectory("weir-local-"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("\nStopping Weir...");
                  suite.close();
                  out.println("Stopped.");
                  stopped.countDown();
                },
                "weir-local-shutdown"));
    try {
      suite.start(args, out);
    } catch (RuntimeException e) {
      System.err.println("Weir could not start: " + e.getMessage());
      System.exit(1);
    }
    out.println(suite.describe());
    out.println("Press Ctrl-C to stop everything.");
    stopped.await();
  }

  private void start(String[] serviceJars, PrintStream out) {
    out.print("Starting a MariaDB primary with two replicas... ");
    long begin = System.nanoTime();
    topology = MariaDbTopology.start(TopologySpec.of(2));
    started.add(topology);
    out.println(secondsSince(begin));
    out.print("Starting a Kafka broker... ");
    begin = System.nanoTime();
    kafka = KafkaBroker.start();
    started.add(kafka);
    out.println(secondsSince(begin));
    // one after another: on a small machine starting them side by side is no faster
    for (String service : serviceJars) {
      int separator = service.indexOf('=');
      if (separator <= 0) {
        throw new IllegalArgumentException("expected name=path/to/service.jar, got " + service);
      }
      String name = service.substring(0, separator);
      out.print("Starting " + name + "... ");
      begin = System.nanoTime();
      ServiceProcess process =
          ServiceProcess.start(
              name, Path.of(service.substring(separator + 1)), directory, argumentsOf(name));
      services.add(process);
      started.add(process);
      out.println(secondsSince(begin));
    }
  }

  /**
   * The proxy gets a configuration of the embedded topology: a {@code readconnroute} listener to
   * the primary, one spreading sessions over the replicas, and a {@code readwritesplit} listener
   * sending each statement where it belongs. It seeds the {@code weir.config} topic with it, and
   * follows the topic from then on; the admin API serves and changes that topic.
   */
  private List<String> argumentsOf(String service) {
    String configTopic = "--weir.config.bootstrap-servers=" + kafka.bootstrapServers();
    if (service.equals(ADMIN_API)) {
      return List.of(configTopic, "--weir.admin.initial-password=" + ADMIN_API_PASSWORD);
    }
    if (!service.equals(PROXY_SERVICE)) {
      return List.of();
    }
    proxyListeners =
        List.of(
            ProxyListener.readConnRoute("read-write", "master", FreePort.next()),
            ProxyListener.readConnRoute("read-only", "slave", FreePort.next()),
            ProxyListener.readWriteSplit("read-write-split", FreePort.next(), ""));
    Path file =
        ProxyConfigurationFile.write(
            topology, proxyListeners, directory.resolve(PROXY_SERVICE).resolve("weir.yaml"));
    return List.of("--weir.proxy.config-file=" + file, configTopic);
  }

  /**
   * The client that ships beside the server (the bundled 11.4 has one), so the printed command
   * works on a machine without Debian's mariadb-client; else whatever {@code mariadb} is on PATH.
   */
  private String mariadbClient() {
    Path beside = topology.binaries().server().resolveSibling("mariadb");
    return Files.isExecutable(beside) ? beside.toString() : "mariadb";
  }

  private static String secondsSince(long begin) {
    return String.format("ready in %.1f s", (System.nanoTime() - begin) / 1e9);
  }

  private String describe() {
    StringBuilder text =
        new StringBuilder("\nWeir is running.\n\nMariaDB ")
            .append(topology.binaries().version())
            .append('\n');
    for (MariaDbServer server : topology.servers()) {
      text.append(String.format("  %-10s %s%n", server.name(), server.address()));
    }
    text.append(
        String.format(
            "  accounts   %s/%s (application), %s/%s (service), %s/%s (admin)%n",
            Credentials.APPLICATION.user(),
            Credentials.APPLICATION.password(),
            Credentials.SERVICE.user(),
            Credentials.SERVICE.password(),
            Credentials.ADMIN.user(),
            Credentials.ADMIN.password()));
    MariaDbServer primary = topology.primary();
    text.append(
        String.format(
            "  try        %s -h %s -P %d -u %s -p%s app%n",
            mariadbClient(),
            primary.host(),
            primary.port(),
            Credentials.APPLICATION.user(),
            Credentials.APPLICATION.password()));
    for (ProxyListener listener : proxyListeners) {
      text.append(
          String.format(
              "%nWeir proxy, %s (%s)%n  try        %s --skip-ssl"
                  + " -h 127.0.0.1 -P %d -u %s -p%s app%n",
              listener.description(),
              listener.name(),
              mariadbClient(),
              listener.port(),
              Credentials.APPLICATION.user(),
              Credentials.APPLICATION.password()));
    }
    text.append("\nKafka\n  bootstrap  ")
        .append(kafka.bootstrapServers())
        .append(
            "\n  config     topic weir.config (the proxy seeded it; the admin API changes it)\n");
    for (ServiceProcess service : services) {
      if (service.name().equals(ADMIN_API)) {
        text.append(
            String.format(
                "%nAdmin API (account admin/%s)%n"
                    + "  try        curl -u admin:%s %s/v1/services/read-write-split-service%n"
                    + "  change     curl -u admin:%s -X PATCH"
                    + " %s/v1/services/read-write-split-service"
                    + " -H 'Content-Type: application/json'"
                    + " -d '{\"data\":{\"attributes\":{\"parameters\":"
                    + "{\"master_accept_reads\":true}}}}'%n",
                ADMIN_API_PASSWORD,
                ADMIN_API_PASSWORD,
                service.baseUri(),
                ADMIN_API_PASSWORD,
                service.baseUri()));
      }
    }
    text.append("\nServices\n");
    for (ServiceProcess service : services) {
      text.append(
          String.format(
              "  %-16s %s/actuator/health   (log: %s)%n",
              service.name(), service.baseUri(), service.logFile()));
    }
    return text.toString();
  }

  /** Stops everything in the reverse order it started. */
  @Override
  public synchronized void close() {
    for (int index = started.size() - 1; index >= 0; index--) {
      try {
        started.get(index).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e.getMessage());
      }
    }
    started.clear();
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // logs in a temporary directory; nothing to lose
    }
  }
}
