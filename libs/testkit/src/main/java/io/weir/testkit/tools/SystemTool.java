package io.weir.testkit.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds a program installed from Debian's packages, or says how to install it. */
final class SystemTool {

  private SystemTool() {}

  static Path locate(String program, String debianPackage) {
    for (String directory : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")) {
      Path candidate = Path.of(directory, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        program + " is not installed; install it with: apt-get install " + debianPackage);
  }
}
