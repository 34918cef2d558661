package io.weir.testkit.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The last lines of a log file, read without loading a large file whole. */
public final class LogTail {

  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /**
   * Returns up to {@code lines} last lines of {@code file}, or a note saying why there are none.
   */
  public static String of(Path file, int lines) {
    return since(file, 0, lines);
  }

  /**
   * Returns up to {@code lines} last lines written to {@code file} after byte {@code offset}, so a
   * log shared by several runs of a server shows only the latest run.
   */
  public static String since(Path file, long offset, int lines) {
    if (!Files.exists(file)) {
      return "(no log at " + file + ")";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long start = Math.max(Math.min(offset, length), length - MAX_BYTES);
      byte[] bytes = new byte[(int) (length - start)];
      in.seek(start);
      in.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
      int end = all.length;
      if (end > 0 && all[end - 1].isEmpty()) {
        end--;
      }
      int first = Math.max(0, end - lines);
      if (first == end) {
        return "(" + file + " has nothing new)";
      }
      return String.join("\n", Arrays.copyOfRange(all, first, end));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
