package io.weir.testkit.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An external process (a {@code mariadbd}, a Kafka broker, a Weir service) that cannot outlive the
 * JVM that started it.
 *
 * <p>The command runs under a small shell wrapper that kills it as soon as the wrapper's standard
 * input closes. This JVM holds that pipe open; when the JVM exits, normally or by {@code SIGKILL},
 * the kernel closes it. Shutdown hooks alone cannot give this guarantee, because a killed JVM runs
 * none. Output goes to a log file whose last lines explain any failure.
 */
public final class ChildProcess implements AutoCloseable {

  private static final Duration PID_WAIT = Duration.ofSeconds(10);

  private final String name;
  private final Process wrapper;
  private final long pid;
  private final Path logFile;

  private ChildProcess(String name, Process wrapper, long pid, Path logFile) {
    this.name = name;
    this.wrapper = wrapper;
    this.pid = pid;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command}, appending its standard output and error to {@code logFile}.
   *
   * @param name a short name used in error messages
   * @param environment variables added to this JVM's environment
   */
  public static ChildProcess start(
      String name,
      List<String> command,
      Path workingDirectory,
      Path logFile,
      Map<String, String> environment) {
    try {
      Files.createDirectories(workingDirectory);
      Path pidFile = Files.createTempFile(workingDirectory, name + "-", ".pid");
      Files.delete(pidFile);
      List<String> wrapped = new ArrayList<>();
      wrapped.add("/bin/sh");
      wrapped.add(reaperScript().toString());
      wrapped.add(pidFile.toString());
      wrapped.addAll(command);
      ProcessBuilder builder =
          new ProcessBuilder(wrapped)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(environment);
      Process wrapper = builder.start();
      long pid = awaitPid(name, wrapper, pidFile, logFile);
      return new ChildProcess(name, wrapper, pid, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  private static long awaitPid(String name, Process wrapper, Path pidFile, Path logFile)
      throws IOException {
    long deadline = System.nanoTime() + PID_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile)) {
        String text = Files.readString(pidFile).trim();
        Files.deleteIfExists(pidFile);
        return Long.parseLong(text);
      }
      if (!wrapper.isAlive()) {
        break;
      }
      sleep(Duration.ofMillis(5));
    }
    wrapper.destroyForcibly();
    throw new IllegalStateException(
        name + " did not start; its output was:\n" + LogTail.of(logFile, 40));
  }

  /** The process id of the command itself (not of its wrapper), for signals. */
  public long pid() {
    return pid;
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return wrapper.isAlive();
  }

  /** The command's exit status once it has ended, empty while it runs. */
  public Optional<Integer> exitStatus() {
    return wrapper.isAlive() ? Optional.empty() : Optional.of(wrapper.exitValue());
  }

  /** The last {@code lines} lines of the command's output. */
  public String logTail(int lines) {
    return LogTail.of(logFile, lines);
  }

  /** Sends {@code signal} to the command, for example to pause it with SIGSTOP. */
  public void signal(Signal signal) {
    if (!isAlive()) {
      return;
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal.name(), Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        String output = new String(kill.getInputStream().readAllBytes());
        if (isAlive()) {
          throw new IllegalStateException(
              "kill -" + signal.name() + " " + pid + " (" + name + ") failed: " + output);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  /**
   * Waits up to {@code timeout} for the command to end.
   *
   * @return whether it ended
   */
  public boolean awaitExit(Duration timeout) {
    try {
      return wrapper.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !wrapper.isAlive();
    }
  }

  /** Asks the command to stop (SIGTERM) and waits for it; kills it if it takes longer. */
  public void stop(Duration grace) {
    signal(Signal.CONT); // a paused process cannot handle SIGTERM
    signal(Signal.TERM);
    if (!awaitExit(grace)) {
      kill();
    }
  }

  /** Kills the command at once (SIGKILL) and waits until it is gone. */
  public void kill() {
    signal(Signal.KILL);
    if (!awaitExit(Duration.ofSeconds(30))) {
      throw new IllegalStateException(name + " (pid " + pid + ") survived SIGKILL");
    }
  }

  /** Kills the command if it still runs and releases the wrapper. */
  @Override
  public void close() {
    if (isAlive()) {
      kill();
    }
    closeQuietly(wrapper.getOutputStream());
    closeQuietly(wrapper.getInputStream());
  }

  private static void closeQuietly(@Nullable AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // nothing left to release
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static volatile @Nullable Path reaperScript;

  private static synchronized Path reaperScript() throws IOException {
    Path script = reaperScript;
    if (script == null || !Files.exists(script)) {
      script = Files.createTempFile("weir-reaper-", ".sh");
      try (InputStream in = ChildProcess.class.getResourceAsStream("reaper.sh")) {
        if (in == null) {
          throw new IOException("reaper.sh is missing from the test kit's resources");
        }
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      script.toFile().deleteOnExit();
      reaperScript = script;
    }
    return script;
  }
}
