package io.weir.testkit.service;

import io.weir.testkit.process.ChildProcess;
import io.weir.testkit.process.FreePort;
import io.weir.testkit.process.Signal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Weir service started from its executable jar in a JVM of its own, on a free port, ended with
 * the JVM that started it. Used by the local quickstart and by system tests.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final int port;
  private final ChildProcess process;

  private ServiceProcess(String name, int port, ChildProcess process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts {@code jar} as {@code name} and returns once its readiness group reports UP.
   *
   * @param arguments extra Spring Boot arguments such as {@code --weir.some.property=value}
   * @throws IllegalStateException with the service's last log lines if it exits or is not ready
   *     within two minutes
   */
  public static ServiceProcess start(
      String name, Path jar, Path workDirectory, List<String> arguments) {
    return start(name, jar, workDirectory, List.of(), arguments);
  }

  /**
   * As {@link #start(String, Path, Path, List)}, with options for the service's JVM.
   *
   * @param jvmOptions options before {@code -jar}, such as {@code -XX:+UseSerialGC}
   */
  public static ServiceProcess start(
      String name, Path jar, Path workDirectory, List<String> jvmOptions, List<String> arguments) {
    return start(name, jar, workDirectory, jvmOptions, arguments, FreePort.next());
  }

  /**
   * As {@link #start(String, Path, Path, List, List)} on a port chosen by the caller, for a service
   * that must be told its own URL (the admin API's Lease identity).
   *
   * @param port a free port for its web server
   */
  public static ServiceProcess start(
      String name,
      Path jar,
      Path workDirectory,
      List<String> jvmOptions,
      List<String> arguments,
      int port) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          name + ": no jar at " + jar + "; build it first with ./mvnw -DskipTests package");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.add("--server.port=" + port);
    command.addAll(arguments);
    Path directory = workDirectory.resolve(name);
    ChildProcess process =
        ChildProcess.start(name, command, directory, directory.resolve(name + ".log"), Map.of());
    ServiceProcess service = new ServiceProcess(name, port, process);
    try (ActuatorClient actuator = service.actuator()) {
      actuator.awaitReady(READY_TIMEOUT, process::isAlive);
    } catch (RuntimeException e) {
      String log = process.logTail(30);
      // where a service that hangs at start is stuck: its main thread, while it still runs
      String stuck = process.isAlive() ? "\n" + mainThreadOf(process.pid()) : "";
      process.close();
      throw new IllegalStateException(
          name + " did not become ready: " + e.getMessage() + "\n" + log + stuck, e);
    }
    return service;
  }

  /** The stack of the JVM {@code pid}'s main thread, from {@code jcmd Thread.print}. */
  private static String mainThreadOf(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      dump.waitFor(20, TimeUnit.SECONDS);
      int start = threads.indexOf("\"main\"");
      if (start < 0) {
        return "no main thread in the thread dump:\n" + threads.lines().limit(20).toList();
      }
      int end = threads.indexOf("\n\n", start);
      return "its main thread:\n" + threads.substring(start, end < 0 ? threads.length() : end);
    } catch (IOException e) {
      return "no thread dump: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump: interrupted";
    }
  }

  public String name() {
    return name;
  }

  /** The HTTP port of its web server and actuator. */
  public int port() {
    return port;
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A client for its actuator endpoints; close it after use. */
  public ActuatorClient actuator() {
    return ActuatorClient.at(baseUri());
  }

  public Path logFile() {
    return process.logFile();
  }

  /** The process id of the service's JVM, for measuring its CPU time. */
  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the service cleanly (SIGTERM, graceful shutdown), killing it if it takes too long. */
  public void stop() {
    process.stop(STOP_GRACE);
  }

  /** Kills the service at once (SIGKILL): no shutdown hook, no graceful anything. */
  public void kill() {
    process.kill();
  }

  /**
   * Freezes the service's JVM (SIGSTOP), as a long garbage-collection pause or a frozen node would:
   * its sockets stay open and its threads resume where they were on {@link #resume()}.
   */
  public void pause() {
    process.signal(Signal.STOP);
  }

  /** Thaws a JVM frozen by {@link #pause()}. */
  public void resume() {
    process.signal(Signal.CONT);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
    process.close();
  }
}
