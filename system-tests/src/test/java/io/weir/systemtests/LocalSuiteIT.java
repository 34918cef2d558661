package io.weir.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testkit.mariadb.Credentials;
import io.weir.testkit.process.LogTail;
import io.weir.testkit.quickstart.LocalSuite;
import io.weir.testkit.service.ActuatorClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart as a user runs it: a JVM running {@link LocalSuite} with every service jar,
 * stopped with Ctrl-C (SIGINT).
 */
class LocalSuiteIT {

  private static final Pattern SERVICE_LINE =
      Pattern.compile(
          "^\\s+(\\S+)\\s+(http://127\\.0\\.0\\.1:\\d+)/actuator/health", Pattern.MULTILINE);
  private static final Pattern PROXY_LINE =
      Pattern.compile(
          "^Weir proxy, readconnroute router_options=(\\w+).*\\n\\s+try\\s+(.* -P (\\d+) .*)$",
          Pattern.MULTILINE);
  private static final Pattern SPLIT_LINE =
      Pattern.compile(
          "^Weir proxy, readwritesplit \\(read-write-split\\)\\n\\s+try\\s+(.* -P (\\d+) .*)$",
          Pattern.MULTILINE);
  private static final Pattern ADMIN_ACCOUNT =
      Pattern.compile("^Admin API \\(account admin/(\\S+)\\)$", Pattern.MULTILINE);
  private static final Pattern PRIMARY_LINE =
      Pattern.compile("^\\s+primary\\s+127\\.0\\.0\\.1:(\\d+)", Pattern.MULTILINE);

  @Test
  void startsEverythingHealthyAndStopsEverythingOnCtrlC(@TempDir Path directory) throws Exception {
    Path output = directory.resolve("quickstart.out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + directory);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LocalSuite.class.getName());
    command.addAll(List.of(System.getProperty("weir.service.jars").split(",")));
    Process suite =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      String banner = awaitBanner(suite, output);

      Matcher services = SERVICE_LINE.matcher(banner);
      List<String> healthy = new ArrayList<>();
      while (services.find()) {
        try (ActuatorClient actuator = ActuatorClient.at(URI.create(services.group(2)))) {
          assertThat(actuator.liveness().isUp()).as(services.group(1) + " liveness").isTrue();
          assertThat(actuator.readiness().isUp()).as(services.group(1) + " readiness").isTrue();
        }
        healthy.add(services.group(1));
      }
      assertThat(healthy)
          .containsExactly(
              "proxy-service", "cdc-service", "probe-agent", "probe-collector", "admin-api");

      Matcher primary = PRIMARY_LINE.matcher(banner);
      assertThat(primary.find()).as("primary address in:\n%s", banner).isTrue();
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:mariadb://127.0.0.1:" + primary.group(1) + "/app",
                  Credentials.APPLICATION.user(),
                  Credentials.APPLICATION.password());
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT @@read_only")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isZero();
      }

      // the printed proxy commands work: the master listener reaches the writable primary,
      // the slave listener a read-only replica
      Matcher proxies = PROXY_LINE.matcher(banner);
      List<String> proxyListeners = new ArrayList<>();
      while (proxies.find()) {
        // the command exactly as printed, as a user would paste it
        List<String> printed = new ArrayList<>(List.of(proxies.group(2).trim().split("\\s+")));
        printed.addAll(List.of("-N", "-e", "SELECT @@read_only"));
        Process client = new ProcessBuilder(printed).redirectErrorStream(true).start();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(client.getInputStream().readAllBytes()).trim())
            .as("%s", printed)
            .isEqualTo(proxies.group(1).equals("master") ? "0" : "1");
        try (Connection connection =
                DriverManager.getConnection(
                    "jdbc:mariadb://127.0.0.1:" + proxies.group(3) + "/app",
                    Credentials.APPLICATION.user(),
                    Credentials.APPLICATION.password());
            Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT @@read_only")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1))
              .as("@@read_only through router_options=" + proxies.group(1))
              .isEqualTo(proxies.group(1).equals("master") ? 0 : 1);
        }
        proxyListeners.add(proxies.group(1));
      }
      assertThat(proxyListeners)
          .as("proxy listeners in:\n%s", banner)
          .containsExactly("master", "slave");

      // the readwritesplit listener: an autocommit read on a replica, a transaction's on the
      // primary
      Matcher split = SPLIT_LINE.matcher(banner);
      assertThat(split.find()).as("readwritesplit listener in:\n%s", banner).isTrue();
      List<String> printed = new ArrayList<>(List.of(split.group(1).trim().split("\\s+")));
      printed.addAll(List.of("-N", "-e", "SELECT @@read_only"));
      Process client = new ProcessBuilder(printed).redirectErrorStream(true).start();
      assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(client.getInputStream().readAllBytes()).trim())
          .as("%s", printed)
          .isEqualTo("1");
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:mariadb://127.0.0.1:" + split.group(2) + "/app",
                  Credentials.APPLICATION.user(),
                  Credentials.APPLICATION.password());
          Statement statement = connection.createStatement()) {
        statement.execute("START TRANSACTION");
        try (ResultSet rows = statement.executeQuery("SELECT @@read_only")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).as("@@read_only in a transaction").isZero();
        }
        statement.execute("COMMIT");
      }

      // a change through the admin API reaches the proxy: with no replica connection, the next
      // session's reads run on the primary
      URI admin = serviceUri(banner, "admin-api");
      Matcher account = ADMIN_ACCOUNT.matcher(banner);
      assertThat(account.find()).as("admin API account in:\n%s", banner).isTrue();
      HttpResponse<String> changed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(admin.resolve("/v1/services/read-write-split-service"))
                      .method(
                          "PATCH",
                          HttpRequest.BodyPublishers.ofString(
                              "{\"data\": {\"attributes\": {\"parameters\":"
                                  + " {\"max_slave_connections\": 0}}}}"))
                      .header("Content-Type", "application/json")
                      .header(
                          "Authorization",
                          "Basic "
                              + Base64.getEncoder()
                                  .encodeToString(
                                      ("admin:" + account.group(1))
                                          .getBytes(StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
      assertThat(awaitReadOnlyOff(Integer.parseInt(split.group(2))))
          .as("a new readwritesplit session reads on the primary after the change")
          .isTrue();

      List<ProcessHandle> children = suite.descendants().filter(ProcessHandle::isAlive).toList();
      assertThat(children).as("servers, broker and services").hasSizeGreaterThanOrEqualTo(9);

      new ProcessBuilder("kill", "-INT", Long.toString(suite.pid())).start().waitFor();

      assertThat(suite.waitFor(90, TimeUnit.SECONDS)).as("the suite stops after Ctrl-C").isTrue();
      assertThat(Files.readString(output)).contains("Stopping Weir...", "Stopped.");
      // the reapers' watchers see the closed pipe a moment after the JVM is gone
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(
              children.stream()
                  .filter(ProcessHandle::isAlive)
                  .map(child -> child.pid() + " " + child.info()))
          .as("processes of the suite still alive after it stopped")
          .isEmpty();
    } finally {
      suite.destroyForcibly();
    }
  }

  private static String awaitBanner(Process suite, Path output) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(output) ? Files.readString(output) : "";
      if (text.contains("Press Ctrl-C")) {
        return text;
      }
      if (!suite.isAlive()) {
        throw new AssertionError("the quickstart exited:\n" + LogTail.of(output, 60));
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the quickstart did not start in 4 minutes:\n" + LogTail.of(output, 60));
  }

  private static URI serviceUri(String banner, String service) {
    Matcher services = SERVICE_LINE.matcher(banner);
    while (services.find()) {
      if (services.group(1).equals(service)) {
        return URI.create(services.group(2));
      }
    }
    throw new AssertionError("no " + service + " in:\n" + banner);
  }

  /** Whether a new session's autocommit read runs on the writable primary within 30 s. */
  private static boolean awaitReadOnlyOff(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:mariadb://127.0.0.1:" + port + "/app",
                  Credentials.APPLICATION.user(),
                  Credentials.APPLICATION.password());
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT @@read_only")) {
        if (rows.next() && rows.getInt(1) == 0) {
          return true;
        }
      }
      Thread.sleep(200);
    }
    return false;
  }
}
