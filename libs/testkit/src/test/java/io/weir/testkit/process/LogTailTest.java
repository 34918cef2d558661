package io.weir.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir Path directory;

  @Test
  void returnsTheLastLines() throws IOException {
    Path log = Files.writeString(directory.resolve("a.log"), "one\ntwo\nthree\nfour\n");

    assertThat(LogTail.of(log, 2)).isEqualTo("three\nfour");
    assertThat(LogTail.of(log, 10)).isEqualTo("one\ntwo\nthree\nfour");
  }

  @Test
  void keepsALastLineWithoutNewline() throws IOException {
    Path log = Files.writeString(directory.resolve("a.log"), "one\ntwo");

    assertThat(LogTail.of(log, 1)).isEqualTo("two");
  }

  @Test
  void showsOnlyWhatWasWrittenAfterAnOffset() throws IOException {
    Path log = Files.writeString(directory.resolve("a.log"), "first run failed\n");
    long offset = Files.size(log);
    Files.writeString(log, "second run\nstarted\n", StandardOpenOption.APPEND);

    assertThat(LogTail.since(log, offset, 10)).isEqualTo("second run\nstarted");
  }

  @Test
  void saysSoWhenThereIsNothingToShow() throws IOException {
    Path log = Files.writeString(directory.resolve("a.log"), "old\n");

    assertThat(LogTail.since(log, Files.size(log), 10)).contains("has nothing new");
    assertThat(LogTail.of(directory.resolve("missing.log"), 10)).startsWith("(no log at");
  }

  @Test
  void readsOnlyTheEndOfAHugeLog() throws IOException {
    Path log = directory.resolve("big.log");
    String line = "x".repeat(99) + "\n";
    Files.writeString(log, line.repeat(10_000) + "the end\n");

    assertThat(LogTail.of(log, 1)).isEqualTo("the end");
    assertThat(LogTail.of(log, 100_000).length()).isLessThanOrEqualTo(64 * 1024);
  }
}
