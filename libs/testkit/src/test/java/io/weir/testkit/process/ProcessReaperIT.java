package io.weir.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessReaperIT {

  @Test
  void serversDieWithTheJvmThatStartedThemEvenWhenItIsKilled(@TempDir Path directory)
      throws Exception {
    Path pidFile = directory.resolve("pids");
    Path output = directory.resolve("jvm.log");
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // its servers' files land in the temporary directory JUnit deletes
                "-Djava.io.tmpdir=" + directory,
                "-cp",
                System.getProperty("java.class.path"),
                TestingOrphanedTopology.class.getName(),
                pidFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      List<Long> pids = awaitPids(pidFile, jvm, output);
      assertThat(pids).hasSize(2).allSatisfy(pid -> assertThat(isAlive(pid)).isTrue());

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (pids.stream().anyMatch(ProcessReaperIT::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(pids)
          .as("mariadbd processes of the killed JVM")
          .allSatisfy(pid -> assertThat(isAlive(pid)).as("pid %d alive", pid).isFalse());
    } finally {
      jvm.destroyForcibly();
    }
  }

  private static List<Long> awaitPids(Path pidFile, Process jvm, Path output) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(pidFile)) {
      if (!jvm.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the child JVM started no topology:\n" + LogTail.of(output, 40));
      }
      Thread.sleep(100);
    }
    return Files.readAllLines(pidFile).stream().map(Long::parseLong).toList();
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
