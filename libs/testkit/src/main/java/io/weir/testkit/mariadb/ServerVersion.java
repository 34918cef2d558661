package io.weir.testkit.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the version a {@code mariadbd} binary reports with {@code --version}. */
final class ServerVersion {

  private static final Pattern VERSION = Pattern.compile("Ver (\\d+\\.\\d+\\.\\d+)");

  private ServerVersion() {}

  static String of(Path server) {
    try {
      Process process =
          new ProcessBuilder(server.toString(), "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new MariaDbStartException(server + " --version did not answer in 30 s");
      }
      Matcher matcher = VERSION.matcher(output);
      if (process.exitValue() != 0 || !matcher.find()) {
        throw new MariaDbStartException(
            server + " --version failed (exit " + process.exitValue() + "):\n" + output.strip());
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw new MariaDbStartException("cannot run " + server + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MariaDbStartException("interrupted while asking " + server + " for its version");
    }
  }
}
