package io.weir.testkit.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads the version a {@code mariadbd} binary reports with {@code --version}. */
final class ServerVersion {

  // only the numbers: what follows them differs by build, "11.4.5-MariaDB for linux-systemd" in
  // the bundle and "10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu" in Debian's package
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
      String version = process.exitValue() == 0 ? parse(output) : null;
      if (version == null) {
        throw new MariaDbStartException(
            server + " --version failed (exit " + process.exitValue() + "):\n" + output.strip());
      }
      return version;
    } catch (IOException e) {
      throw new MariaDbStartException("cannot run " + server + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MariaDbStartException("interrupted while asking " + server + " for its version");
    }
  }

  /** The {@code major.minor.patch} in {@code mariadbd --version}'s output, or null if none. */
  static @Nullable String parse(String output) {
    Matcher matcher = VERSION.matcher(output);
    return matcher.find() ? matcher.group(1) : null;
  }
}
